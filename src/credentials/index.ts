/**
 * The credentials library: building OBv3 and CLR documents, status list documents, signing (Data
 * Integrity and VC-JWT), verifying, contexts and the document loader. It reads no database and imports
 * no feature: keys, DID resolution, status lists and schemas are passed in (see src/issuance).
 */
export { decodeStatusList, encodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';
export {
  checkCredentialStatus,
  type StatusListSource,
  type VerifiedLists,
} from './check-status.js';
export { buildClrCredential } from './clr-credential.js';
export {
  CLR_VOCAB,
  DID_V1_CONTEXT,
  LOOPBRUG_CONTEXT,
  loopbrugContext,
  MULTIKEY_V1_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from './contexts.js';
export {
  agreedDidDocument,
  buildDidDocument,
  type DidDocument,
  type IssuerKeyInfo,
  type PinnedDid,
  pinnedKeyMissing,
} from './did-document.js';
export {
  createDocumentLoader,
  type DidResolver,
} from './document-loader.js';
export type { JsonSchema } from './json-schema.js';
export { asList, asObject } from './json-values.js';
export { decryptSecret, encryptSecret } from './key-encryption.js';
export { hashedEmailIdentity } from './learner-identity.js';
export {
  buildModuleCredential,
  type CredentialIssuer,
  type IdentityObject,
  type ModuleCredentialInput,
} from './module-credential.js';
export { issuerIdOf, type SignedCredential, type Signer, type SigningKey, signCredential } from './sign.js';
export {
  buildStatusListCredential,
  type StatusPurpose,
  statusEntry,
} from './status-list-credential.js';
export { envelope, isVcJwt, signVcJwt, verifyVcJwt } from './vc-jwt.js';
export {
  canonize,
  type DocumentLoader,
  generateEd25519Key,
  type JsonObject,
  type MultikeyPair,
  multikeyToJwk,
  resolveDidKey,
  signDataIntegrity,
  signPresentationAsHolder,
  verifyDataIntegrity,
  verifyPresentationProof,
} from './vc-library.js';
export {
  type IssuerKeys,
  type VerificationResult,
  type Verifier,
  verifyCredential,
} from './verify.js';
