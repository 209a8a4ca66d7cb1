/**
 * VC-JWT: the second securing mechanism, for a relying party that asks for it (W3C "Securing
 * Verifiable Credentials using JOSE and COSE"). The credential itself is the JWT claims set; the
 * protected header is `{ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: <verification method id> }`,
 * signed with the instelling's active Ed25519 issuer key (the same key as its Data Integrity proofs).
 * `iss` repeats the issuer and `iat` says when it was signed. In JSON (the VC-API answer, the
 * credential table) the JWT travels as a VCDM 2.0 `EnvelopedVerifiableCredential`.
 */
import { base64url, CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { fail as refuse } from '../kernel/errors.js';
import { VC_V2_CONTEXT } from './contexts.js';
import { asObject } from './json-values.js';
import { assertSignable, issuerIdOf, refusal, type Signer } from './sign.js';
import { undefinedTerms, undefinedTermsRefusal } from './undefined-terms.js';
import { type JsonObject, multikeyToJwk } from './vc-library.js';
import {
  type AssertionKey,
  fail,
  keyRefusal,
  notChecked,
  pass,
  type VerificationCheck,
  type VerificationResult,
  type Verifier,
  verifyCredential,
} from './verify.js';

export const VC_JWT_TYPE = 'vc+jwt';
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
const DATA_URL_PREFIX = `data:${VC_JWT_MEDIA_TYPE},`;
const ENVELOPED = 'EnvelopedVerifiableCredential';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** The JWT claims we may add to or find in the claims set, which are not credential properties. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf'] as const;

/** A VC-JWT inside JSON: the VCDM 2.0 `EnvelopedVerifiableCredential` holding it as a data: URL. */
export interface EnvelopedCredential extends JsonObject {
  '@context': string;
  id: string;
  type: typeof ENVELOPED;
}

/** @example envelope('eyJ…').id // 'data:application/vc+jwt,eyJ…' */
export const envelope = (jwt: string): EnvelopedCredential => ({
  '@context': VC_V2_CONTEXT,
  id: `${DATA_URL_PREFIX}${jwt}`,
  type: ENVELOPED,
});

const typesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/**
 * Whether a `verifiableCredential` is secured as a VC-JWT: a compact JWS, or an enveloped one.
 * @example isVcJwt('eyJ…') // true; isVcJwt({ type: 'VerifiableCredential' }) // false
 */
export function isVcJwt(value: unknown): value is string | EnvelopedCredential {
  if (typeof value === 'string') return true;
  const object = asObject(value);
  return object !== undefined && typesOf(object.type).includes(ENVELOPED);
}

/** The compact JWS of a VC-JWT given as a string or as an `EnvelopedVerifiableCredential`. */
function compactOf(value: string | JsonObject): string | { error: string } {
  if (typeof value === 'string') return value.trim();
  const id = value.id;
  if (typeof id !== 'string' || !id.startsWith(DATA_URL_PREFIX))
    return { error: `an ${ENVELOPED} must carry a ${DATA_URL_PREFIX}… URL as its id` };
  return id.slice(DATA_URL_PREFIX.length);
}

// Importing an Ed25519 public key costs more than the check itself; verification methods never change.
const publicKeys = new Map<string, ReturnType<typeof importJWK>>();
async function publicKeyOf(publicKeyMultibase: string) {
  let key = publicKeys.get(publicKeyMultibase);
  if (!key) {
    key = multikeyToJwk(publicKeyMultibase).then((jwk) => importJWK(jwk as JWK, 'EdDSA'));
    if (publicKeys.size >= 1000) publicKeys.clear();
    publicKeys.set(publicKeyMultibase, key);
  }
  return key;
}

/**
 * Signs a credential as the signer's instelling as a VC-JWT, with its key (`kid` = the key's
 * verification method id in its did:web document). The same refusals as the Data Integrity path:
 * the issuer must be the signer's DID, no `proof`, no JSON-LD term without a definition (invalid).
 * @example const jwt = await signVcJwt(signer, buildModuleCredential(input)); // 'eyJhbGciOiJFZERTQSIs…'
 */
export async function signVcJwt(signer: Signer, unsigned: JsonObject, field = 'credential'): Promise<string> {
  assertSignable(signer, unsigned, field);
  const { key } = signer;
  const claimed = JWT_CLAIMS.filter((claim) => claim in unsigned);
  if (claimed.length > 0)
    throw refuse.invalid(
      `${field}.${claimed[0]}`,
      'JWT claims are set by the issuer, not sent with the credential',
    );
  try {
    const undefinedFound = await undefinedTerms(unsigned, signer.documentLoader);
    if (undefinedFound.length > 0) throw undefinedTermsRefusal(undefinedFound, field);
  } catch (error) {
    throw refusal(error, unsigned, field);
  }
  const privateKey = await importJWK(
    (await multikeyToJwk(key.key.publicKeyMultibase, key.key.secretKeyMultibase)) as JWK,
    'EdDSA',
  );
  const claims = { ...unsigned, iss: key.controller, iat: Math.floor(signer.now.getTime() / 1000) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', typ: VC_JWT_TYPE, cty: 'vc', kid: key.keyId })
    .sign(privateKey);
}

/** Every check failed, because the JWT could not even be read. */
function unreadable(message: string): VerificationResult {
  return {
    verified: false,
    issuer: undefined,
    checks: [
      notChecked(fail('signature', message), 'blocked'),
      ...(['issuer', 'validity-period', 'schema', 'status'] as const).map((check) =>
        notChecked(fail(check, 'not checked: the VC-JWT could not be read'), 'blocked'),
      ),
    ],
  };
}

/**
 * The key `kid` names and whether it may have signed: `iss` (if any) is the issuer, `kid` one of the
 * issuer's assertion keys as its DID resolves here, and a retired key of ours only counts for a JWT
 * signed (`iat`) before it was retired.
 */
async function resolveKey(
  verifier: Verifier,
  issuer: string | undefined,
  claims: JsonObject,
  kid: unknown,
): Promise<{ check: VerificationCheck; key?: AssertionKey }> {
  if (!issuer) return { check: fail('issuer', 'the credential names no issuer') };
  if (claims.iss !== undefined && claims.iss !== issuer)
    return { check: fail('issuer', `iss ${String(claims.iss)} is not the credential's issuer ${issuer}`) };
  if (typeof kid !== 'string' || kid.split('#')[0] !== issuer)
    return {
      check: fail('issuer', `the JWT is signed with kid ${String(kid)}, not with a key of ${issuer}`),
    };
  const resolved = await verifier.resolveIssuer(issuer);
  if ('unavailable' in resolved)
    return { check: fail('issuer', `${issuer} cannot be resolved: ${resolved.unavailable}`) };
  const key = resolved.keys.find((k) => k.keyId === kid);
  const signedAt = typeof claims.iat === 'number' ? claims.iat * 1000 : Number.NaN;
  const refused = keyRefusal(resolved, issuer, kid, signedAt);
  if (refused) return { check: fail('issuer', refused), ...(key ? { key } : {}) };
  return { check: pass('issuer', resolved.source), ...(key ? { key } : {}) };
}

/** `nbf`/`exp`, should a JWT carry them, bound the validity period as well. */
function claimValidity(claims: JsonObject, now: Date): string | undefined {
  const seconds = now.getTime() / 1000;
  if (claims.nbf !== undefined && !(typeof claims.nbf === 'number' && seconds >= claims.nbf))
    return `not valid before nbf ${String(claims.nbf)}`;
  if (claims.exp !== undefined && !(typeof claims.exp === 'number' && seconds <= claims.exp))
    return `expired at exp ${String(claims.exp)}`;
  return undefined;
}

/** A VC-JWT taken apart, unverified: its protected header, claims set, and the credential it holds. */
function decodeVcJwt(secured: string | JsonObject):
  | {
      jwt: string;
      header: ReturnType<typeof decodeProtectedHeader>;
      claims: JsonObject;
      credential: JsonObject;
    }
  | { error: string } {
  const jwt = compactOf(secured);
  if (typeof jwt !== 'string') return jwt;
  if (!COMPACT_JWS.test(jwt)) return { error: 'not a compact JWS (three base64url parts)' };
  try {
    const header = decodeProtectedHeader(jwt);
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[1] as string)));
    const claims = asObject(payload);
    if (!claims) return { error: 'the JWT claims set is not a JSON object' };
    const credential = Object.fromEntries(
      Object.entries(claims).filter(([name]) => !(JWT_CLAIMS as readonly string[]).includes(name)),
    );
    return { jwt, header, claims, credential };
  } catch (error) {
    return { error: `the JWT cannot be decoded (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * The credential a VC-JWT's claims set is, read WITHOUT verifying it (to read its `credentialStatus`
 * again, say, after it was verified); undefined when it cannot be read.
 * @example vcJwtCredential(enveloped)?.credentialStatus
 */
export function vcJwtCredential(secured: string | JsonObject): JsonObject | undefined {
  const decoded = decodeVcJwt(secured);
  return 'error' in decoded ? undefined : decoded.credential;
}

/**
 * The credential a stored or presented document is, read WITHOUT verifying it: the document itself, or
 * the claims set of a VC-JWT (an `EnvelopedVerifiableCredential`); an unreadable VC-JWT stays as it is.
 * @example credentialContent(enveloped).credentialSubject
 */
export function credentialContent(document: JsonObject): JsonObject {
  return isVcJwt(document) ? (vcJwtCredential(document) ?? document) : document;
}

/** A credential as it was secured, read WITHOUT verifying it: what was signed, how, and by which key. */
export interface SecuredParts {
  /** The credential without its securing: no `proof`, no JWT claims. */
  unsigned: JsonObject;
  format: 'ldp' | 'vc+jwt';
  /** The verification method that secured it: the Data Integrity proof's, or the JWT's `kid`. */
  method: string | undefined;
}

/**
 * How a stored credential was secured (see SecuredParts), to sign the same credential again; undefined
 * for a VC-JWT that cannot be decoded, or a Data Integrity credential without exactly one proof.
 * @example securedParts(stored)?.method // 'did:web:…:institutions:han#z6Mk…'
 */
export function securedParts(document: JsonObject): SecuredParts | undefined {
  if (isVcJwt(document)) {
    const decoded = decodeVcJwt(document);
    if ('error' in decoded) return undefined;
    const { kid } = decoded.header;
    return {
      unsigned: decoded.credential,
      format: 'vc+jwt',
      method: typeof kid === 'string' ? kid : undefined,
    };
  }
  const { proof, ...unsigned } = document;
  const single = asObject(proof);
  if (!single) return undefined;
  const method = single.verificationMethod;
  return { unsigned, format: 'ldp', method: typeof method === 'string' ? method : undefined };
}

/**
 * Verifies a VC-JWT (a compact JWS, or an `EnvelopedVerifiableCredential` holding one) with the same
 * checks as a Data Integrity credential: `signature` (the protected header says `typ: vc+jwt` and
 * `alg: EdDSA`, and the signature verifies with the key `kid` names), `issuer` (see resolveKey),
 * `validity-period` (validFrom/validUntil, and nbf/exp if present, on the service's clock), `schema`
 * and `status` — the last three exactly as `verifyCredential` checks the credential the claims set is.
 * The issuer's DID resolves as the verifier resolves it.
 * @example const { verified, checks } = await verifyVcJwt(verifier, jwt);
 */
export async function verifyVcJwt(
  verifier: Verifier,
  secured: string | JsonObject,
): Promise<VerificationResult> {
  const decoded = decodeVcJwt(secured);
  if ('error' in decoded) return unreadable(decoded.error);
  const { jwt, header, claims, credential } = decoded;
  const { check: issuerCheck, key } = await resolveKey(verifier, issuerIdOf(credential), claims, header.kid);
  let signature: VerificationCheck;
  if (header.typ !== VC_JWT_TYPE && header.typ !== VC_JWT_MEDIA_TYPE)
    signature = fail('signature', `the JWT typ is ${String(header.typ)}, not ${VC_JWT_TYPE}`);
  else if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519')
    signature = fail('signature', `alg ${String(header.alg)} is not accepted (EdDSA only)`);
  else if (!key)
    signature = fail('signature', `no verification method ${String(header.kid)} to check it with`);
  else
    try {
      await compactVerify(jwt, await publicKeyOf(key.publicKeyMultibase), {
        algorithms: ['EdDSA', 'Ed25519'],
      });
      signature = pass('signature');
    } catch (error) {
      signature = fail('signature', error instanceof Error ? error.message : String(error));
    }

  // Validity period, schema and status of the credential the claims set is: one implementation.
  const { checks, status } = await verifyCredential(verifier, credential);
  const rest = checks.filter((c) => c.check !== 'signature' && c.check !== 'issuer');
  const expired = claimValidity(claims, verifier.now());
  // nbf and exp are a period too: with either, the period was checked even if the claims set names none.
  const claimsPeriod = claims.nbf !== undefined || claims.exp !== undefined;
  const period = (c: VerificationCheck): VerificationCheck =>
    !c.ok ? c : expired ? fail(c.check, expired) : claimsPeriod ? pass(c.check) : c;
  const all = [signature, issuerCheck, ...rest.map((c) => (c.check === 'validity-period' ? period(c) : c))];
  return { verified: all.every((c) => c.ok), checks: all, issuer: issuerIdOf(credential), status };
}
