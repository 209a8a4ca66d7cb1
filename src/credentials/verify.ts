import type { StatusOutcome, StatusState } from './check-status.js';
import { VC_V1_CONTEXT } from './contexts.js';
import { asList, asObject } from './json-values.js';
import { inlineProofWork, type ProofWork, preloadedDocuments } from './proof-work.js';
import { type PublishedResources, relatedResourceErrors } from './related-resources.js';
import { issuerIdOf } from './sign.js';
import { type DocumentLoader, type JsonObject, verificationMethodOf } from './vc-library.js';

/** The checks of a verification; `related-resource` only for a credential with `relatedResource`. */
export type CheckName = 'signature' | 'issuer' | 'validity-period' | 'schema' | 'status' | 'related-resource';

export interface VerificationCheck {
  check: CheckName;
  ok: boolean;
  message?: string;
  /**
   * Set when the check looked at nothing: `absent` — the credential carries none of what it checks (no
   * validity period, schema or status, and the check passes; no proof or no issuer, and it fails);
   * `blocked` — what it rests on could not be read (the issuer's key without any proof, anything of a
   * VC-JWT that cannot be decoded), and it fails.
   */
  notChecked?: 'absent' | 'blocked';
}

export interface VerificationResult {
  verified: boolean;
  checks: VerificationCheck[];
  /** The issuer's DID as the credential names it (its proof proves it only when verified). */
  issuer: string | undefined;
  /**
   * What the status check read: 'revoked' or 'suspended' says which, where the `status` check's
   * message is only words; 'active' also when the credential names no status. Absent when the status
   * was never read (a VC-JWT that cannot be decoded).
   */
  status?: StatusState;
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
  /** What this deployment publishes itself: the related resources whose digests it can check. */
  published: PublishedResources;
  now: () => Date;
  /**
   * Where checking proofs runs: a pool of threads on Node (the DIDs the proofs name are resolved here
   * first and handed over as documents); inline (this thread) when absent.
   */
  work?: ProofWork | undefined;
}

/** A check that held (its message, if any, says what it found). Also the VC-JWT checks' (vc-jwt.ts). */
export const pass = (check: CheckName, message?: string): VerificationCheck => ({
  check,
  ok: true,
  ...(message === undefined ? {} : { message }),
});
/** A check that failed, saying why. */
export const fail = (check: CheckName, message: string): VerificationCheck => ({ check, ok: false, message });
/** A check that looked at nothing (see VerificationCheck.notChecked). */
export const notChecked = (result: VerificationCheck, why: 'absent' | 'blocked'): VerificationCheck => ({
  ...result,
  notChecked: why,
});

function proofsOf(credential: JsonObject): JsonObject[] {
  return asList(credential.proof)
    .map(asObject)
    .filter((p): p is JsonObject => p !== undefined);
}

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
 * The credential names its issuer, at least one proof is made with one of the issuer's assertion keys,
 * as its DID resolves here, and a retired key of ours only signed before it was retired. Proofs by
 * other parties (a proof set or chain with a witness or an endorser: VC Data Integrity 1.0) are allowed
 * beside it; the signature check verifies each of them against its own controller. Whether the issuer
 * is trusted is not this check's question (see src/verification trustOf).
 */
async function checkIssuer(verifier: Verifier, credential: JsonObject): Promise<VerificationCheck> {
  const issuer = issuerIdOf(credential);
  if (!issuer) return notChecked(fail('issuer', 'the credential names no issuer'), 'absent');
  const proofs = proofsOf(credential);
  if (proofs.length === 0)
    return notChecked(fail('issuer', `no proof to check a key of ${issuer} with`), 'blocked');
  const byIssuer = proofs.filter((p) => verificationMethodOf(p)?.split('#')[0] === issuer);
  const others = proofs.map(verificationMethodOf).filter((m) => m?.split('#')[0] !== issuer);
  if (byIssuer.length === 0)
    return fail(
      'issuer',
      `no proof is made with a key of ${issuer} (the proof${proofs.length === 1 ? ' is' : 's are'} made with ${others.map(String).join(', ') || 'no key'})`,
    );
  const resolved = await verifier.resolveIssuer(issuer);
  if ('unavailable' in resolved)
    return fail('issuer', `${issuer} cannot be resolved: ${resolved.unavailable}`);
  for (const proof of byIssuer) {
    const created = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN;
    const refused = keyRefusal(resolved, issuer, String(verificationMethodOf(proof)), created);
    if (refused) return fail('issuer', refused);
  }
  return pass(
    'issuer',
    others.length === 0 ? resolved.source : `${resolved.source}; also proved by ${others.join(', ')}`,
  );
}

type Period = { from: Date | null | undefined; until: Date | null | undefined; names: [string, string] };

/**
 * The validity period a credential states: `validFrom`/`validUntil` (VC Data Model 2.0 §4.9), or for a
 * VC 1.1 credential `issuanceDate`/`expirationDate` (VC Data Model 1.1 §4.6, §4.8). Null for a value that is
 * not a date-time.
 */
function periodOf(credential: JsonObject): Period {
  const names: [string, string] =
    asList(credential['@context'])[0] === VC_V1_CONTEXT
      ? ['issuanceDate', 'expirationDate']
      : ['validFrom', 'validUntil'];
  const dateOf = (field: string): Date | null | undefined => {
    const value = credential[field];
    if (value === undefined) return undefined;
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(time) ? null : new Date(time);
  };
  return { from: dateOf(names[0]), until: dateOf(names[1]), names };
}

/** The period's start <= now <= its end, on the service's clock. */
function checkValidity(credential: JsonObject, now: Date): VerificationCheck {
  const { from, until, names } = periodOf(credential);
  if (from === null) return fail('validity-period', `${names[0]} is not a date-time`);
  if (until === null) return fail('validity-period', `${names[1]} is not a date-time`);
  if (from && now < from) return fail('validity-period', `not valid before ${from.toISOString()}`);
  if (until && now > until) return fail('validity-period', `expired at ${until.toISOString()}`);
  if (from === undefined && until === undefined)
    return notChecked(pass('validity-period', `no ${names.join(' or ')}`), 'absent');
  return pass('validity-period');
}

/** Every `credentialSchema` must be one the verifier bundles (schemas are never fetched), and met. */
function checkSchema(verifier: Verifier, credential: JsonObject): VerificationCheck {
  const schemas = asList(credential.credentialSchema);
  if (schemas.length === 0) return notChecked(pass('schema', 'no credentialSchema'), 'absent');
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

/**
 * Each credentialStatus entry as the verifier's status check reads it; it fails closed, naming why. The
 * state it read goes with it, for a reader that must tell revoked from suspended.
 */
async function checkStatus(
  verifier: Verifier,
  credential: JsonObject,
): Promise<{ check: VerificationCheck; state: StatusState }> {
  const outcome = await verifier.checkStatus(credential);
  const { state, message } = outcome;
  if (outcome.absent) return { check: notChecked(pass('status', message), 'absent'), state };
  return { check: state === 'active' ? pass('status', message) : fail('status', message), state };
}

/**
 * Every proof verifies (see verifyProofs): a changed credential fails here, as a signature that does not
 * verify, whichever supported suite signed it; a proof type we do not verify says so.
 */
async function checkSignature(
  verifier: Verifier,
  credential: JsonObject,
  now: Date,
): Promise<VerificationCheck> {
  if (proofsOf(credential).length === 0)
    return notChecked(fail('signature', 'the credential has no proof'), 'absent');
  // The library refuses outside the validity period before looking at the proof; that period is
  // its own check, so the signature is checked at a moment inside it.
  const { from, until } = periodOf(credential);
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
    const work = verifier.work ?? inlineProofWork;
    const documents = verifier.work ? await preloadedDocuments(credential, verifier.documentLoader) : {};
    const result = await work.verify({ credential, at, documents }, documentLoader);
    if (result.verified)
      return pass(
        'signature',
        result.proofs.length > 1 ? `${result.proofs.length} proofs verify` : undefined,
      );
    if (refused[0]) return fail('signature', refused[0]);
    const failed = result.proofs.filter((p) => !p.verified);
    if (failed.length === 0) return fail('signature', result.error ?? 'the proof does not verify');
    return fail(
      'signature',
      result.proofs.length === 1
        ? (failed[0]?.error ?? 'the proof does not verify')
        : failed.map((p) => `proof[${p.index}]: ${p.error ?? 'does not verify'}`).join('; '),
    );
  } catch (error) {
    return fail('signature', refused[0] ?? (error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Each `relatedResource` is well formed, and its digest matches a resource this service holds byte for
 * byte (see relatedResourceErrors); other resources are never fetched, so their digests are not checked.
 */
async function checkRelatedResources(verifier: Verifier, credential: JsonObject): Promise<VerificationCheck> {
  const { errors, unchecked } = await relatedResourceErrors(credential, verifier.published);
  if (errors.length > 0)
    return fail('related-resource', errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return pass(
    'related-resource',
    unchecked.length === 0 ? 'every digest matches' : `not fetched, so not checked: ${unchecked.join(', ')}`,
  );
}

/**
 * Verifies a credential's integrity: every proof (Data Integrity `eddsa-rdfc-2022` or
 * `Ed25519Signature2020`; sets and chains), that one is made with an assertion key of the issuer it
 * names (however the verifier resolves that DID), its validity period against `verifier.now()` (VC 2.0
 * or VC 1.1 terms), its JSON Schema (bundled only), its status (fails closed), and its related
 * resources' digests when it names any. Verified only when every check passes. Trust in the issuer is a separate question (src/verification).
 * @example const { verified, checks } = await verifyCredential(verifier, signed);
 */
export async function verifyCredential(
  verifier: Verifier,
  credential: JsonObject,
): Promise<VerificationResult> {
  const now = verifier.now();
  const signature = await checkSignature(verifier, credential, now);
  const issuerCheck = await checkIssuer(verifier, credential);
  const status = await checkStatus(verifier, credential);
  const checks = [
    signature,
    issuerCheck,
    checkValidity(credential, now),
    checkSchema(verifier, credential),
    status.check,
    ...('relatedResource' in credential ? [await checkRelatedResources(verifier, credential)] : []),
  ];
  return {
    verified: checks.every((c) => c.ok),
    checks,
    issuer: issuerIdOf(credential),
    status: status.state,
  };
}
