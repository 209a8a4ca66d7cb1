/**
 * Issuance: the one owner of issued credentials, their status entries and lists, and issuer keys. What
 * other features use of it; they import it from here, never from its inner files.
 */
export { documentLoaderOf } from './did-resolution.js';
export { issueCredential } from './issue-credential.js';
export { issuerProfileOf } from './issuer-profile.js';
export { issueModuleCredentials, issueOwedModuleCredentials } from './module-credentials.js';
export { issuanceRoutes } from './routes.js';
export { signerFor } from './signer.js';
export { issuedToLearner, loadCredentialFacts } from './stored-credentials.js';
export { verifierOf } from './verifier.js';
