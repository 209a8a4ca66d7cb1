import type { StatusOutcome } from './check-status.js';
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
  /** The issuer's DID as the credential names it (its proof proves it only when verified). */
  issuer: string | undefined;
}

/** A key an issuer asserts credentials with, and when it stopped (only an instelling here says). */
export interface AssertionKey {
  /** The verification method id, `did:web:…#key-1`. */
  keyId: string;
  publicKeyMultibase: string;
  retiredAt: string | null;
}

/**
 * An issuer DID resolved where the verifier looks: its assertion keys and how they were found (said
 * in the issuer check), or why it could not be resolved.
 */
export type ResolvedIssuer = { keys: readonly AssertionKey[]; source: string } | { unavailable: string };

/**
 * What verifying takes, passed in as @digitalbazaar/vc takes `documentLoader` and `checkStatus`: the
 * library reads no database and fetches nothing itself.
 */
export interface Verifier {
  /** Bundled contexts and resolved DIDs; anything else is refused, naming the URL. */
  documentLoader: DocumentLoader;
  resolveIssuer(did: string): Promise<ResolvedIssuer>;
  /** The status check of a credential (see checkCredentialStatus). */
  checkStatus(credential: JsonObject): Promise<StatusOutcome>;
  /** The credential's errors against the bundled schema at `url`; undefined when none is bundled there. */
  schemaErrors(url: string, credential: JsonObject): string[] | undefined;
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
 * Whether `keyId` may have signed at `signedAt` (ms, NaN when unknown): one of the issuer's assertion
 * keys, and a retired one only for what it signed before it was retired. Undefined when it may.
 * @example keyRefusal(resolved, issuer, proof.verificationMethod, Date.parse(proof.created))
 */
export function keyRefusal(
  resolved: { keys: readonly AssertionKey[]; source: string },
  issuer: string,
  keyId: string,
  signedAt: number,
): string | undefined {
  const key = resolved.keys.find((k) => k.keyId === keyId);
  if (!key) return `${keyId} is not an assertion key of ${issuer} (${resolved.source})`;
  if (key.retiredAt !== null && !(signedAt <= Date.parse(key.retiredAt)))
    return `signed after key ${key.keyId} was retired (${key.retiredAt})`;
  return undefined;
}

/**
 * The credential names its issuer, every proof is made with one of the issuer's assertion keys, as its
 * DID resolves here, and a retired key of ours only signed before it was retired. Whether the issuer
 * is trusted is not this check's question (see src/verification trustOf).
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
  const resolved = await verifier.resolveIssuer(issuer);
  if ('unavailable' in resolved)
    return fail('issuer', `${issuer} cannot be resolved: ${resolved.unavailable}`);
  for (const proof of proofs) {
    const created = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN;
    const refused = keyRefusal(resolved, issuer, String(methodIdOf(proof)), created);
    if (refused) return fail('issuer', refused);
  }
  return pass('issuer', resolved.source);
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

/** Every `credentialSchema` must be one the verifier bundles (schemas are never fetched), and met. */
function checkSchema(verifier: Verifier, credential: JsonObject): VerificationCheck {
  const schemas = asList(credential.credentialSchema);
  if (schemas.length === 0) return pass('schema', 'no credentialSchema');
  for (const entry of schemas) {
    const id = asObject(entry)?.id;
    if (typeof id !== 'string') return fail('schema', 'a credentialSchema has no id');
    const errors = verifier.schemaErrors(id, credential);
    if (!errors)
      return fail('schema', `schema ${id} is not one this service bundles (schemas are never fetched)`);
    if (errors.length > 0) return fail('schema', errors.join('; '));
  }
  return pass('schema');
}

/** Each credentialStatus entry as the verifier's status check reads it; it fails closed, naming why. */
async function checkStatus(verifier: Verifier, credential: JsonObject): Promise<VerificationCheck> {
  const outcome = await verifier.checkStatus(credential);
  return outcome.state === 'active' ? pass('status', outcome.message) : fail('status', outcome.message);
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
  // JSON-LD reports a document the loader refused as a same-origin/CORS problem, which misleads:
  // the loader's own reason (the URL, and why it is not loaded) is what the check says instead.
  const refused: string[] = [];
  const documentLoader: DocumentLoader = async (url) => {
    try {
      return await verifier.documentLoader(url);
    } catch (error) {
      refused.push(error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
  try {
    const result = await verifyDataIntegrity({ credential, documentLoader, at });
    if (result.verified) return pass('signature');
    return fail('signature', refused[0] ?? result.error ?? 'the proof does not verify');
  } catch (error) {
    return fail('signature', refused[0] ?? (error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Verifies a credential's integrity: its Data Integrity proof, that it is made with an assertion key of
 * the issuer it names (however the verifier resolves that DID), its validity period against
 * `verifier.now()`, its JSON Schema (bundled only), and its status (fails closed). Verified only when
 * every check passes. Trust in the issuer is a separate question (src/verification).
 * @example const { verified, checks } = await verifyCredential(verifier, signed);
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
  return { verified: checks.every((c) => c.ok), checks, issuer: issuerIdOf(credential) };
}
