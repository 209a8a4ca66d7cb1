/**
 * Verification and trust: whether a credential or presentation is intact (any deployment's: DIDs and
 * status lists of other issuers are resolved over guarded HTTPS), and, separately, whether one
 * instelling trusts its issuer. What other features use of it; they import it from here.
 */
export { type LiveStatus, liveStatus } from './live-status.js';
export { verificationRoutes } from './routes.js';
export { type Trust, trustOf } from './trust.js';
export { type VerifyDeps, verifierFor } from './verifier.js';
export {
  type Check,
  type CredentialVerification,
  signedAtOf,
  verifyCredential,
} from './verify-credential.js';
export { verifyJwtPresentation } from './verify-jwt-presentation.js';
export {
  type PresentationCheck,
  type PresentationVerification,
  verifyPresentation,
} from './verify-presentation.js';
