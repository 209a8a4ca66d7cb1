/**
 * Asking a learner's wallet for their credentials with OpenID4VP 1.0: an instelling's signed request for
 * a route's learner, and the response endpoint that verifies what the wallet presents and keeps it as
 * verified evidence (through src/learners). What other features use of it; they import it from here.
 */
export { walletPresentationProtocolRoutes } from './protocol-routes.js';
export { walletRequestRoutes } from './routes.js';
