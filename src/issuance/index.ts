/**
 * Issuance: the one owner of issued credentials, their status entries and lists, and issuer keys. What
 * other features use of it; they import it from here, never from its inner files.
 */

export { type InstitutionJwtSigner, institutionJwtSigner } from './institution-jwt.js';
export { type IssueSpec, issueCredential } from './issue-credential.js';
export { didKeyHolder, didKeyOf, issuerKeys } from './issuer-keys.js';
export { issuerProfileOf } from './issuer-profile.js';
export { issueModuleCredentials, issueOwedModuleCredentials } from './module-credentials.js';
export { issuanceRoutes } from './routes.js';
export { signerFor, signingDocumentLoader } from './signer.js';
export { signedStatusList } from './status-lists.js';
export { issuedToLearner, loadCredentialFacts } from './stored-credentials.js';
