/// <reference path="./digitalbazaar.d.ts" />
/**
 * The one place the untyped Digital Bazaar libraries are called: Ed25519 Multikeys, Data Integrity
 * `eddsa-rdfc-2022` proofs, RDF canonicalization and did:key resolution, behind typed functions.
 * JSON-LD safe mode is the libraries' default and stays on.
 */

import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { base64url } from 'jose';

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

/** The signing key as the libraries need it: `id` and `controller` must be set before signing. */
async function signingKeyPair(keyId: string, controller: string, pair: MultikeyPair) {
  return Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT,
    type: 'Multikey',
    id: keyId,
    controller,
    ...pair,
  });
}

/**
 * Adds a DataIntegrityProof (`eddsa-rdfc-2022`, proofPurpose assertionMethod) made with the given key.
 * Throws the libraries' error when the credential is malformed or JSON-LD safe mode refuses it.
 * `inspectCanonical` sees each canonical N-Quads form the proof is computed over (the credential's
 * and the proof options') before it is signed, and may throw to refuse: checks on the canonical form
 * then cost no second JSON-LD pass.
 * @example await signDataIntegrity({ credential, keyId, controller, key, documentLoader, now: new Date() })
 */
export async function signDataIntegrity(input: {
  credential: JsonObject;
  keyId: string;
  controller: string;
  key: MultikeyPair;
  documentLoader: DocumentLoader;
  now: Date;
  inspectCanonical?: (nquads: string) => void;
}): Promise<JsonObject> {
  const keyPair = await signingKeyPair(input.keyId, input.controller, input.key);
  const inspect = input.inspectCanonical;
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: inspect ? inspectingCryptosuite(inspect) : cryptosuite,
    date: input.now,
  });
  return vc.issue({
    credential: structuredClone(input.credential),
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

/**
 * Checks a credential's Data Integrity proof: the signature over the canonical form, and that the
 * signing key is an assertionMethod of the issuer. `at` must lie in the credential's validity
 * period (the library refuses otherwise); the caller checks that period against its own clock.
 * @example const { verified, error } = await verifyDataIntegrity({ credential, documentLoader, at: new Date() });
 */
export async function verifyDataIntegrity(input: {
  credential: JsonObject;
  documentLoader: DocumentLoader;
  at: Date;
}): Promise<{ verified: boolean; error?: string }> {
  const suite = new DataIntegrityProof({ cryptosuite });
  const result = await vc.verifyCredential({
    credential: input.credential,
    suite,
    documentLoader: input.documentLoader,
    now: input.at,
    // Status is checked on its own (and fails closed); here only the proof counts.
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { verified: true };
  return { verified: false, error: firstErrorMessage(result) };
}

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
 * @example await signPresentationAsHolder({ presentation, keyId, controller: did, key, challenge, domain, documentLoader, now })
 */
export async function signPresentationAsHolder(input: {
  presentation: JsonObject;
  keyId: string;
  controller: string;
  key: MultikeyPair;
  challenge: string;
  domain: string;
  documentLoader: DocumentLoader;
  now: Date;
}): Promise<JsonObject> {
  const keyPair = await signingKeyPair(input.keyId, input.controller, input.key);
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date: input.now });
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
  const suite = new DataIntegrityProof({ cryptosuite });
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
