/**
 * The credentials library: building OBv3 and CLR documents, status list documents, signing (Data
 * Integrity and VC-JWT), verifying, contexts and the document loader. It reads no database and imports
 * no feature: keys, DID resolution, status lists and schemas are passed in (see src/issuance and
 * src/verification).
 */
export { decodeStatusList, encodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';
export {
  checkCredentialStatus,
  type ListVerifier,
  type ReadList,
  readStatusList,
  type StatusListSource,
  type StatusOutcome,
  type StatusState,
} from './check-status.js';
export { buildClrCredential } from './clr-credential.js';
export {
  BITSTRING_STATUS_CONTEXT,
  BUNDLED_CONTEXTS,
  CLR_V2_CONTEXT,
  CLR_VOCAB,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  LOOPBRUG_CONTEXT,
  loopbrugContext,
  MICROCREDENTIAL_CONTEXT,
  MICROCREDENTIAL_CONTEXT_NAMES,
  MICROCREDENTIAL_V1_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  OB_V3_CONTEXT,
  OB_V3_EARLIER_CONTEXTS,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from './contexts.js';
export { credentialPropertyErrors, type PropertyError } from './credential-properties.js';
export {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  credentialSchemaErrors,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  schemaErrorsAt,
} from './credential-schemas.js';
export {
  buildDidDocument,
  type DidDocument,
  type IssuerKeyInfo,
  type VerificationMethod,
} from './did-document.js';
export {
  createDocumentLoader,
  type DidResolution,
  type DidResolver,
  DocumentNotAvailable,
} from './document-loader.js';
export { type JsonSchema, type SchemaError, validateJsonSchema } from './json-schema.js';
export { asList, asObject } from './json-values.js';
export { decryptSecret, encryptSecret } from './key-encryption.js';
export { hashedEmailIdentity } from './learner-identity.js';
export {
  buildModuleCredential,
  type CredentialIssuer,
  type IdentityObject,
  type ModuleCredentialInput,
} from './module-credential.js';
export {
  inlineProofWork,
  type ProofWork,
  runSignJob,
  runVerifyJob,
  type SignJob,
  type SignOutcome,
  threadDocumentLoader,
  type VerifyJob,
  type VerifyOutcome,
} from './proof-work.js';
export {
  type PublishedResources,
  publishedBy,
  relatedResourceErrors,
  VENDORED_DIGESTS,
} from './related-resources.js';
export { issuerIdOf, type SignedCredential, type Signer, type SigningKey, signCredential } from './sign.js';
export {
  buildStatusListCredential,
  type ListPurpose,
  STATUS_MESSAGES,
  STATUS_VALUES,
  type StatusPurpose,
  statusEntry,
  statusSizeOf,
} from './status-list-credential.js';
export {
  credentialContent,
  envelope,
  isVcJwt,
  type SecuredParts,
  securedParts,
  signVcJwt,
  vcJwtCredential,
  verifyVcJwt,
} from './vc-jwt.js';
export {
  canonize,
  chainedDocument,
  type DocumentLoader,
  generateEd25519Key,
  type JsonObject,
  jwkToMultikey,
  type MultikeyPair,
  multikeyToJwk,
  type ProofOutcome,
  type RemoteDocument,
  resolveDidKey,
  signDataIntegrity,
  signPresentationAsHolder,
  verificationMethodOf,
  verifyPresentationProof,
  verifyProofs,
} from './vc-library.js';
export {
  type AssertionKey,
  type CheckName,
  type ResolvedIssuer,
  type VerificationCheck,
  type VerificationResult,
  type Verifier,
  verifyCredential,
} from './verify.js';
