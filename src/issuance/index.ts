/**
 * Issuance: the one owner of issued credentials, their status entries and lists, and issuer keys. What
 * other features use of it; they import it from here, never from its inner files.
 */

export {
  issueOwedModuleCredentials,
  type JobProgress,
  jobProgress,
  recentJobs,
  runOwedCredentialsJob,
} from './cohort-jobs.js';
export { type StatusEvent, statusHistoryOf } from './credential-status.js';
export { type InstitutionJwtSigner, institutionJwtSigner } from './institution-jwt.js';
export { type IssueSpec, issueCredential } from './issue-credential.js';
export {
  checkKeyEncryptionKey,
  didKeyHolder,
  didKeyOf,
  issuerKeys,
  rotateKeyEncryptionKey,
} from './issuer-keys.js';
export { issuerProfileOf } from './issuer-profile.js';
export { jobBudget } from './job-batches.js';
export { type Settled, settleModuleCredentials } from './module-credentials.js';
export { runPendingJobs } from './pending-jobs.js';
export { publications } from './publications.js';
export { issuanceRoutes } from './routes.js';
export { signerFor, signingDocumentLoader } from './signer.js';
export { signedStatusList } from './status-lists.js';
export {
  getCredential,
  issuedToLearner,
  learnerCredentials,
  loadCredentialFacts,
  routeCredentials,
  type StoredCredential,
} from './stored-credentials.js';
