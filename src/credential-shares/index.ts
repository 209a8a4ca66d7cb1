/** A learner's public links to their credentials; the verification page reads what a link shares. */
export { credentialShareRoutes } from './routes.js';
export { credentialShares, shareCredential, sharedCredential, withdrawShare } from './shares.js';
