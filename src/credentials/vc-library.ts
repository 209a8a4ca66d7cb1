/// <reference path="./digitalbazaar.d.ts" />
/**
 * The one place the untyped Digital Bazaar libraries are called: Ed25519 Multikeys, Data Integrity
 * `eddsa-rdfc-2022` proofs (what we sign), `Ed25519Signature2020` proofs (what much of the ecosystem
 * signs; verified only), RDF canonicalization and did:key resolution, behind typed functions.
 * JSON-LD safe mode is the libraries' default and stays on.
 */

import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { base64url } from 'jose';
import jsigs from 'jsonld-signatures';
import { shareActiveContexts } from './jsonld-active-context.js';

shareActiveContexts();

export type JsonObject = Record<string, unknown>;

/** What a JSON-LD document loader answers: the document and the URL it came from. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: JsonObject;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** An Ed25519 key pair as multibase strings (`z6Mk…` public, `zrv…` secret). */
export interface MultikeyPair {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/**
 * A fresh Ed25519 key pair.
 * @example const { publicKeyMultibase } = await generateEd25519Key(); // 'z6Mk…'
 */
export async function generateEd25519Key(): Promise<MultikeyPair> {
  const key = await Ed25519Multikey.generate();
  if (!key.secretKeyMultibase) throw new Error('the Ed25519 key was generated without a secret');
  return { publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase };
}

/** What signs a proof: the verification method it names, and Ed25519 over the bytes it is given. */
interface ProofSigner {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

// The platform's key of each secret, by key id. The Multikey library parses the secret into a key again
// for every signature, which profiled at a tenth of signing; a key made once signs the same bytes. The
// secret stays in memory no longer than the process that already holds the key-encryption key; a key id
// whose secret changes is made again. Bounded, as an instelling has one active key and a deployment a
// few hundred instellingen at most.
//
// Signing and verifying go through `node:crypto` (Workers have it with `nodejs_compat`), synchronously:
// WebCrypto's sign and verify run as a job on another thread and resolve a promise for 64 bytes, which
// cost more than the signature. In turns in one process: 0.74-0.77 ms of CPU a signature, against
// 0.87-0.96 ms with WebCrypto.
const platformKeys = new Map<string, { secretKeyMultibase: string; key: Promise<KeyObject> }>();
const PLATFORM_KEYS_HELD = 256;

/** Keeps `value` under `key`, forgetting the oldest entry once PLATFORM_KEYS_HELD are kept. */
function keep<V>(held: Map<string, V>, key: string, value: V): V {
  if (held.size >= PLATFORM_KEYS_HELD) held.delete(held.keys().next().value ?? '');
  held.set(key, value);
  return value;
}

/** A signer for `keyId` with the key pair's secret, its platform key made once. */
async function signerOf(keyId: string, pair: MultikeyPair): Promise<ProofSigner> {
  let held = platformKeys.get(keyId);
  if (held?.secretKeyMultibase !== pair.secretKeyMultibase) {
    const jwk = multikeyToJwk(pair.publicKeyMultibase, pair.secretKeyMultibase);
    const key = jwk.then((d) => createPrivateKey({ key: d, format: 'jwk' }));
    const made = { secretKeyMultibase: pair.secretKeyMultibase, key };
    // A secret that makes no key is not kept: the next signature tries again and fails the same way.
    key.catch(() => platformKeys.get(keyId) === made && platformKeys.delete(keyId));
    held = keep(platformKeys, keyId, made);
  }
  const key = await held.key;
  return {
    id: keyId,
    algorithm: 'Ed25519',
    sign: async ({ data }) => new Uint8Array(sign(null, data, key)),
  };
}

/**
 * Adds a DataIntegrityProof (`eddsa-rdfc-2022`, proofPurpose assertionMethod) made with the given key.
 * Throws the libraries' error when the credential is malformed or JSON-LD safe mode refuses it.
 * `inspectCanonical` sees each canonical N-Quads form the proof is computed over (the credential's
 * and the proof options') before it is signed, and may throw to refuse: checks on the canonical form
 * then cost no second JSON-LD pass.
 * @example await signDataIntegrity({ credential, keyId, key, documentLoader, now: new Date() })
 */
export async function signDataIntegrity(input: {
  credential: JsonObject;
  keyId: string;
  key: MultikeyPair;
  documentLoader: DocumentLoader;
  now: Date;
  inspectCanonical?: (nquads: string) => void;
}): Promise<JsonObject> {
  const inspect = input.inspectCanonical;
  const suite = new DataIntegrityProof({
    signer: await signerOf(input.keyId, input.key),
    cryptosuite: inspect ? inspectingCryptosuite(inspect) : cryptosuite,
    date: input.now,
  });
  return vc.issue({
    // The libraries write only top-level properties of what they sign (`proof`, an `@context` they
    // append to, a missing `issuanceDate`), so a shallow copy keeps the caller's credential as it was;
    // a deep one cost 25-30 µs, 3-4 % of a signature.
    credential: { ...input.credential },
    suite,
    documentLoader: input.documentLoader,
    now: input.now,
  });
}

/** The eddsa-rdfc-2022 cryptosuite, handing every canonical form it computes to `inspect` first. */
function inspectingCryptosuite(inspect: (nquads: string) => void): typeof cryptosuite {
  return {
    ...cryptosuite,
    canonize: async (input, options) => {
      const nquads = await cryptosuite.canonize(input, options);
      inspect(nquads);
      return nquads;
    },
  };
}

/** What one proof of a credential came to. */
export interface ProofOutcome {
  /** Its place in the credential's `proof`. */
  index: number;
  /** The verification method the proof names. */
  verificationMethod: string | undefined;
  verified: boolean;
  error?: string;
}

const verifyKeys = new Map<string, Promise<KeyObject>>();

/**
 * The eddsa-rdfc-2022 cryptosuite with a verifier whose platform key is made once per public key: the
 * Multikey library's own verifier made one from the key's bytes for every signature it checked. The
 * library still reads the verification method first, and refuses one it cannot use as before.
 */
const verifyingCryptosuite = {
  ...cryptosuite,
  async createVerifier({ verificationMethod }: { verificationMethod: object }) {
    const pair = await Ed25519Multikey.from(verificationMethod);
    let key = verifyKeys.get(pair.publicKeyMultibase);
    if (!key) {
      const made = Ed25519Multikey.toJwk({ keyPair: pair }).then((jwk) =>
        createPublicKey({ key: jwk, format: 'jwk' }),
      );
      // A key that makes no platform key is not kept: the next proof by it fails the same way.
      made.catch(
        () => verifyKeys.get(pair.publicKeyMultibase) === made && verifyKeys.delete(pair.publicKeyMultibase),
      );
      key = keep(verifyKeys, pair.publicKeyMultibase, made);
    }
    const platformKey = await key;
    return {
      id: pair.id,
      algorithm: 'Ed25519',
      verify: async ({ data, signature }: { data: Uint8Array; signature: Uint8Array }) =>
        verify(null, data, platformKey, signature),
    };
  },
};

/** The proof suites verified here: Data Integrity `eddsa-rdfc-2022` (what we issue) and `Ed25519Signature2020`. */
function suiteFor(proof: JsonObject): DataIntegrityProof | Ed25519Signature2020 | string {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === cryptosuite.name)
    return new DataIntegrityProof({ cryptosuite: verifyingCryptosuite });
  if (proof.type === 'Ed25519Signature2020') return new Ed25519Signature2020();
  const kind =
    proof.type === 'DataIntegrityProof' ? `DataIntegrityProof ${String(proof.cryptosuite)}` : proof.type;
  return `proof type ${JSON.stringify(kind)} is not supported (DataIntegrityProof eddsa-rdfc-2022 and Ed25519Signature2020 are)`;
}

/**
 * The verification method a proof names, by id.
 * @example verificationMethodOf({ verificationMethod: 'did:key:z6Mk…#z6Mk…' }) // 'did:key:z6Mk…#z6Mk…'
 */
export const verificationMethodOf = (proof: JsonObject): string | undefined => {
  const method = proof.verificationMethod;
  const id = typeof method === 'string' ? method : (method as JsonObject | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * The document one proof of a set or chain signs (VC Data Integrity 1.0, proof sets and chains): the
 * credential without its proofs, and for a proof with `previousProof` the proofs it names, as they are.
 * A string says which previous proof is missing.
 * @example chainedDocument(credential, proofs, proofs[1]) // { ...credential, proof: [proofs[0]] }
 */
export function chainedDocument(
  credential: JsonObject,
  proofs: readonly JsonObject[],
  proof: JsonObject,
): JsonObject | string {
  const { proof: _all, ...unsecured } = credential;
  const wanted = (Array.isArray(proof.previousProof) ? proof.previousProof : [proof.previousProof]).filter(
    (id) => id !== undefined,
  );
  if (wanted.length === 0) return unsecured;
  const previous = wanted.map((id) => proofs.find((p) => p !== proof && p.id === id));
  const missing = wanted.find((_, i) => previous[i] === undefined);
  if (missing !== undefined)
    return `previousProof ${JSON.stringify(missing)} is not one of the credential's proofs`;
  return { ...unsecured, proof: previous.length === 1 ? previous[0] : previous };
}

/** One proof: its signature over the document it signs, and that its controller holds its key for its purpose. */
async function verifyOneProof(input: {
  credential: JsonObject;
  proofs: readonly JsonObject[];
  proof: JsonObject;
  issuer: string | undefined;
  documentLoader: DocumentLoader;
}): Promise<string | undefined> {
  const { credential, proofs, proof } = input;
  const suite = suiteFor(proof);
  if (typeof suite === 'string') return suite;
  const document = chainedDocument(credential, proofs, proof);
  if (typeof document === 'string') return document;
  const method = verificationMethodOf(proof);
  const term = proof.proofPurpose;
  if (typeof term !== 'string' || term === '') return 'the proof names no proofPurpose';
  const byIssuer = method !== undefined && method.split('#')[0] === input.issuer;
  if (byIssuer && term !== 'assertionMethod')
    return `the issuer's proof must have proofPurpose assertionMethod, not ${JSON.stringify(term)}`;
  // The issuer's own proof must be an assertion by the issuer (the library's issuance purpose); a proof
  // by anyone else (a witness, an endorser) must be by a key its controller lists for the proof's purpose.
  const purpose = byIssuer
    ? new CredentialIssuancePurpose()
    : new jsigs.purposes.ControllerProofPurpose({ term });
  // As jsonld-signatures does for the RDF suites: a proof is read in its document's context.
  const withContext = { '@context': credential['@context'], ...proof };
  const documentLoader = jsigs.extendContextLoader(input.documentLoader);
  const result = await suite.verifyProof({
    proof: withContext,
    document,
    purpose,
    proofSet: [...proofs],
    documentLoader,
  });
  if (!result.verified) return errorMessage(result.error) ?? 'the signature does not verify';
  const checked = await purpose.validate(withContext, {
    document,
    suite,
    verificationMethod: result.verificationMethod,
    documentLoader,
  });
  return checked.valid ? undefined : (errorMessage(checked.error) ?? `the proof is not valid for ${term}`);
}

/**
 * Checks every proof of a credential (VC Data Integrity 1.0 proof sets and chains): each must verify,
 * over the credential and, for a proof with `previousProof`, the proofs it chains to. A proof by the
 * issuer must assert for the issuer (proofPurpose assertionMethod, controller = issuer); a proof by
 * another party (a witness, an endorser) must be made with a key its controller lists for that proof's
 * purpose. Suites: DataIntegrityProof `eddsa-rdfc-2022` and `Ed25519Signature2020`. The library's checks
 * of the credential's shape run first; `at` must lie in the credential's validity period (the library
 * refuses otherwise), so the caller checks that period against its own clock.
 * @example const { verified, proofs } = await verifyProofs({ credential, documentLoader, at: new Date() });
 */
export async function verifyProofs(input: {
  credential: JsonObject;
  documentLoader: DocumentLoader;
  at: Date;
}): Promise<{ verified: boolean; error?: string; proofs: ProofOutcome[] }> {
  const { credential } = input;
  try {
    vc._checkCredential({ credential, now: input.at });
  } catch (error) {
    return { verified: false, error: errorMessage(error) ?? 'the credential is malformed', proofs: [] };
  }
  const proofs = (Array.isArray(credential.proof) ? credential.proof : [credential.proof]).filter(
    (p): p is JsonObject => p !== null && typeof p === 'object' && !Array.isArray(p),
  );
  if (proofs.length === 0) return { verified: false, error: 'the credential has no proof', proofs: [] };
  const issuer = issuerOf(credential);
  const outcomes = await Promise.all(
    proofs.map(async (proof, index): Promise<ProofOutcome> => {
      let error: string | undefined;
      try {
        error = await verifyOneProof({
          credential,
          proofs,
          proof,
          issuer,
          documentLoader: input.documentLoader,
        });
      } catch (thrown) {
        error = errorMessage(thrown) ?? 'the proof does not verify';
      }
      return {
        index,
        verificationMethod: verificationMethodOf(proof),
        verified: error === undefined,
        ...(error === undefined ? {} : { error }),
      };
    }),
  );
  return { verified: outcomes.every((o) => o.verified), proofs: outcomes };
}

const issuerOf = (credential: JsonObject): string | undefined => {
  const issuer = credential.issuer;
  const id = typeof issuer === 'string' ? issuer : (issuer as JsonObject | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};

function firstErrorMessage(result: { error?: unknown; results?: Array<{ error?: unknown }> }): string {
  const candidates: unknown[] = [result.error, ...(result.results ?? []).map((r) => r.error)];
  for (const candidate of candidates) {
    const message = errorMessage(candidate);
    if (message) return message;
  }
  return 'the proof does not verify';
}

function errorMessage(error: unknown): string | undefined {
  if (!error) return undefined;
  if (Array.isArray(error)) return error.map(errorMessage).find((m) => m !== undefined);
  if (error instanceof Error) {
    const nested = (error as Error & { errors?: unknown }).errors;
    return errorMessage(nested) ?? error.message;
  }
  return String(error);
}

/**
 * The RDFC-1.0 canonical N-Quads of a JSON-LD document, in safe mode (as the cryptosuite signs it).
 * @example const nquads = await canonize(credential, documentLoader);
 */
export async function canonize(document: JsonObject, documentLoader: DocumentLoader): Promise<string> {
  return cryptosuite.canonize(document, { documentLoader });
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

/**
 * Resolves an Ed25519 did:key (or one of its key ids) locally: no network.
 * @example (await resolveDidKey('did:key:z6Mk…')).authentication // ['did:key:z6Mk…#z6Mk…']
 */
export async function resolveDidKey(url: string): Promise<JsonObject> {
  return didKeyDriver.get({ url });
}

/**
 * An Ed25519 Multikey as a JWK (public only unless the secret is given), for VC-JWT.
 * @example const jwk = await multikeyToJwk(key.publicKeyMultibase, key.secretKeyMultibase); // { kty: 'OKP', crv: 'Ed25519', x, d }
 */
export async function multikeyToJwk(
  publicKeyMultibase: string,
  secretKeyMultibase?: string,
): Promise<Record<string, string>> {
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT,
    type: 'Multikey',
    publicKeyMultibase,
    ...(secretKeyMultibase === undefined ? {} : { secretKeyMultibase }),
  });
  const jwk: Record<string, string> = await Ed25519Multikey.toJwk({
    keyPair,
    secretKey: secretKeyMultibase !== undefined,
  });
  if (jwk.d === undefined) return jwk;
  // The Multikey library puts the 64-byte secret key (seed and public key) in `d`; RFC 8037, and so
  // jose, wants the 32-byte seed.
  const d = base64url.decode(jwk.d);
  if (d.length !== 32 && d.length !== 64)
    throw new Error(`an Ed25519 secret key has 32 or 64 bytes, not ${d.length}`);
  return { ...jwk, d: base64url.encode(d.subarray(0, 32)) };
}

/**
 * The Multikey (`z6Mk…`) of an Ed25519 public JWK (`{ kty: 'OKP', crv: 'Ed25519', x }`), as a did:jwk or
 * a DID document's JsonWebKey names it; throws when the JWK is not one.
 * @example await jwkToMultikey({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }) // 'z6Mk…'
 */
export async function jwkToMultikey(jwk: JsonObject): Promise<string> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
    throw new Error('not an Ed25519 public key (kty OKP, crv Ed25519, x)');
  const keyPair = await Ed25519Multikey.fromJwk({ jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } });
  return keyPair.publicKeyMultibase;
}

/** The presentation functions of @digitalbazaar/vc, typed here (the shared .d.ts covers credentials). */
interface PresentationApi {
  signPresentation(options: {
    presentation: object;
    suite: unknown;
    challenge: string;
    domain: string;
    documentLoader: DocumentLoader;
  }): Promise<JsonObject>;
  verify(options: {
    presentation: object;
    suite: unknown;
    challenge: string;
    domain: string;
    documentLoader: DocumentLoader;
    now?: Date;
    checkStatus?: () => Promise<{ verified: boolean }>;
  }): Promise<{
    verified: boolean;
    error?: unknown;
    presentationResult?: { verified: boolean; error?: unknown; results?: Array<{ error?: unknown }> };
  }>;
}
const presentations = vc as unknown as PresentationApi;

/**
 * Signs a VerifiablePresentation as its holder: a DataIntegrityProof (`eddsa-rdfc-2022`) with
 * proofPurpose `authentication`, bound to the verifier's `challenge` and `domain`.
 * @example await signPresentationAsHolder({ presentation, keyId, key, challenge, domain, documentLoader, now })
 */
export async function signPresentationAsHolder(input: {
  presentation: JsonObject;
  keyId: string;
  key: MultikeyPair;
  challenge: string;
  domain: string;
  documentLoader: DocumentLoader;
  now: Date;
}): Promise<JsonObject> {
  const suite = new DataIntegrityProof({
    signer: await signerOf(input.keyId, input.key),
    cryptosuite,
    date: input.now,
  });
  return presentations.signPresentation({
    presentation: structuredClone(input.presentation),
    suite,
    challenge: input.challenge,
    domain: input.domain,
    documentLoader: input.documentLoader,
  });
}

/**
 * Checks only the presentation's own proof: the signature, proofPurpose `authentication` by a key
 * the controller lists under `authentication`, and that `challenge` and `domain` match. The
 * credentials inside are the caller's to verify (the library's own pass over them is ignored).
 * @example await verifyPresentationProof({ presentation, challenge, domain, documentLoader, now: new Date() })
 */
export async function verifyPresentationProof(input: {
  presentation: JsonObject;
  challenge: string;
  domain: string;
  documentLoader: DocumentLoader;
  now: Date;
}): Promise<{ verified: boolean; error?: string }> {
  // A wallet may prove with either suite (the DCC's Learner Credential Wallet signs Ed25519Signature2020).
  const suite = [new DataIntegrityProof({ cryptosuite: verifyingCryptosuite }), new Ed25519Signature2020()];
  try {
    const result = await presentations.verify({
      presentation: input.presentation,
      suite,
      challenge: input.challenge,
      domain: input.domain,
      documentLoader: input.documentLoader,
      now: input.now,
      checkStatus: async () => ({ verified: true }),
    });
    const proof = result.presentationResult;
    if (proof?.verified) return { verified: true };
    return {
      verified: false,
      error: firstErrorMessage({ error: proof?.error ?? result.error, results: proof?.results ?? [] }),
    };
  } catch (error) {
    return { verified: false, error: errorMessage(error) ?? 'the presentation proof does not verify' };
  }
}
