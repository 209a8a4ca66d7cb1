import type { StatusOutcome } from './check-status.js';
import type { IssuerKeyInfo, PinnedDid } from './did-document.js';
import { pinnedKeyMissing } from './did-document.js';
import { type JsonSchema, validateJsonSchema } from './json-schema.js';
import { asList, asObject } from './json-values.js';
import { issuerIdOf } from './sign.js';
import { type DocumentLoader, type JsonObject, verifyDataIntegrity } from './vc-library.js';

export type CheckName = 'signature' | 'issuer' | 'validity-period' | 'schema' | 'status';

export interface VerificationCheck {
  check: CheckName;
  ok: boolean;
  message?: string;
}

export interface VerificationResult {
  verified: boolean;
  checks: VerificationCheck[];
}

/**
 * The keys an issuer DID has where this verifier looks: an instelling of the deployment (every key it
 * ever had, retired ones with when; none when it has no keys or does not exist), or the document
 * instellingen pinned for a DID outside it.
 */
export type IssuerKeys =
  | { kind: 'service'; keys: readonly IssuerKeyInfo[] }
  | { kind: 'pinned'; pinned: PinnedDid };

/**
 * What verifying takes, passed in as @digitalbazaar/vc takes `documentLoader` and `checkStatus`: nothing
 * here reads a database or the network.
 */
export interface Verifier {
  documentLoader: DocumentLoader;
  /** The keys of an issuer that is not a did:key; undefined when nobody here knows it. */
  issuerKeys(did: string): Promise<IssuerKeys | undefined>;
  /** The status check of a credential (see checkCredentialStatus). */
  checkStatus(credential: JsonObject): Promise<StatusOutcome>;
  /** A JSON Schema the verifier holds for a `credentialSchema` id; schemas are never fetched. */
  schemaAt(url: string): JsonSchema | undefined;
  now: () => Date;
}

const pass = (check: CheckName, message?: string): VerificationCheck => ({
  check,
  ok: true,
  ...(message === undefined ? {} : { message }),
});
const fail = (check: CheckName, message: string): VerificationCheck => ({ check, ok: false, message });

function proofsOf(credential: JsonObject): JsonObject[] {
  return asList(credential.proof)
    .map(asObject)
    .filter((p): p is JsonObject => p !== undefined);
}

const methodIdOf = (proof: JsonObject): unknown => {
  const method = proof.verificationMethod;
  return typeof method === 'string' ? method : asObject(method)?.id;
};

/**
 * An issuer outside this service named by a DID whose document instellingen pinned with their
 * recognition: every proof must be by one of its assertion keys that they all list alike.
 */
function checkPinnedIssuer(pinned: PinnedDid, issuer: string, proofs: JsonObject[]): VerificationCheck {
  for (const proof of proofs) {
    const methodId = String(methodIdOf(proof));
    if (!pinned.document.assertionMethod.includes(methodId))
      return fail('issuer', `${methodId} is not an assertion key of ${issuer}: ${pinnedKeyMissing(pinned)}`);
  }
  return pass('issuer', `issuer recognised by ${pinned.pinnedBy.join(', ')} (pinned DID document)`);
}

/**
 * The issuer is one of our institutions (its did:web), a DID whose document an instelling pinned with
 * its recognition, or a did:key; and every proof is by its key.
 */
async function checkIssuer(verifier: Verifier, credential: JsonObject): Promise<VerificationCheck> {
  const issuer = issuerIdOf(credential);
  if (!issuer) return fail('issuer', 'the credential names no issuer');
  const proofs = proofsOf(credential);
  for (const proof of proofs) {
    const methodId = methodIdOf(proof);
    if (typeof methodId !== 'string' || methodId.split('#')[0] !== issuer)
      return fail('issuer', `the proof is made with ${String(methodId)}, not with a key of ${issuer}`);
  }
  if (issuer.startsWith('did:key:')) return pass('issuer', 'did:key issuer');
  const found = await verifier.issuerKeys(issuer);
  if (!found)
    return fail(
      'issuer',
      `${issuer} is not a known issuer: not an instelling of this service, and no instelling recognised ` +
        'it with a pinned DID document',
    );
  if (found.kind === 'pinned') return checkPinnedIssuer(found.pinned, issuer, proofs);
  const { keys } = found;
  if (keys.length === 0) return fail('issuer', `${issuer} is not a known issuer`);
  for (const proof of proofs) {
    const key = keys.find((k) => k.keyId === proof.verificationMethod);
    if (!key) return fail('issuer', `${String(proof.verificationMethod)} is not a key of ${issuer}`);
    const created = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN;
    if (key.retiredAt !== null && !(created <= Date.parse(key.retiredAt)))
      return fail('issuer', `the proof was made after key ${key.keyId} was retired (${key.retiredAt})`);
  }
  return pass('issuer');
}

function dateOf(credential: JsonObject, field: 'validFrom' | 'validUntil'): Date | null | undefined {
  const value = credential[field];
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time);
}

/** `validFrom <= now <= validUntil`, on the service's clock. */
function checkValidity(credential: JsonObject, now: Date): VerificationCheck {
  const from = dateOf(credential, 'validFrom');
  const until = dateOf(credential, 'validUntil');
  if (from === null) return fail('validity-period', 'validFrom is not a date-time');
  if (until === null) return fail('validity-period', 'validUntil is not a date-time');
  if (from && now < from) return fail('validity-period', `not valid before ${from.toISOString()}`);
  if (until && now > until) return fail('validity-period', `expired at ${until.toISOString()}`);
  return pass('validity-period');
}

/** Every `credentialSchema` must be one the verifier holds, and the credential must satisfy it. */
function checkSchema(verifier: Verifier, credential: JsonObject): VerificationCheck {
  const schemas = asList(credential.credentialSchema);
  if (schemas.length === 0) return pass('schema', 'no credentialSchema');
  for (const entry of schemas) {
    const id = asObject(entry)?.id;
    if (typeof id !== 'string') return fail('schema', 'a credentialSchema has no id');
    const schema = verifier.schemaAt(id);
    if (!schema) return fail('schema', `schema ${id} is not available (schemas are never fetched)`);
    const errors = validateJsonSchema(schema, credential);
    if (errors.length > 0)
      return fail('schema', errors.map((e) => `${e.path || '(credential)'}: ${e.message}`).join('; '));
  }
  return pass('schema');
}

/** Each credentialStatus entry as the verifier's status check reads it; it fails closed, naming why. */
async function checkStatus(verifier: Verifier, credential: JsonObject): Promise<VerificationCheck> {
  const outcome = await verifier.checkStatus(credential);
  return outcome.ok ? pass('status', outcome.message) : fail('status', outcome.message);
}

async function checkSignature(
  verifier: Verifier,
  credential: JsonObject,
  now: Date,
): Promise<VerificationCheck> {
  if (proofsOf(credential).length === 0) return fail('signature', 'the credential has no proof');
  // The library refuses outside the validity period before looking at the proof; that period is
  // its own check, so the signature is checked at a moment inside it.
  const from = dateOf(credential, 'validFrom');
  const until = dateOf(credential, 'validUntil');
  const at = from && now < from ? from : until && now > until ? until : now;
  try {
    const result = await verifyDataIntegrity({ credential, documentLoader: verifier.documentLoader, at });
    return result.verified
      ? pass('signature')
      : fail('signature', result.error ?? 'the proof does not verify');
  } catch (error) {
    return fail('signature', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Verifies a credential: its Data Integrity proof, its issuer (an instelling of the deployment, a DID
 * whose document an instelling pinned with its recognition, or a did:key), its validity period against
 * `verifier.now()`, its JSON Schema, and its status (fails closed). Verified only when every check
 * passes. Nothing is fetched over the network: the verifier holds what is needed.
 * @example const { verified, checks } = await verifyCredential(verifierOf(deps), signed);
 */
export async function verifyCredential(
  verifier: Verifier,
  credential: JsonObject,
): Promise<VerificationResult> {
  const now = verifier.now();
  const checks = [
    await checkSignature(verifier, credential, now),
    await checkIssuer(verifier, credential),
    checkValidity(credential, now),
    checkSchema(verifier, credential),
    await checkStatus(verifier, credential),
  ];
  return { verified: checks.every((c) => c.ok), checks };
}
