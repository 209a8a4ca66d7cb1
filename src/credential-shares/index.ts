/** A learner's public links to their credentials; the verification page reads what a link shares. */
export { credentialShareRoutes } from './routes.js';
export { sharedCredential } from './shares.js';
