import {
  type CallbackContext,
  clientAuthenticationNone,
  HashAlgorithm,
  type Jwk,
  type JwtSigner,
  type SignJwtCallback,
} from '@openid4vc/oauth2';
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import { holderPublicJwk } from '../learners/index.js';

/** The JWS algorithms a holder's key may sign with here: Ed25519, as for every holder proof. */
export const HOLDER_ALGORITHMS = ['EdDSA', 'Ed25519'];

/**
 * The did:jwk of an Ed25519 public JWK a proof carried in its header: the holder DID a credential is
 * then bound to (its `x` only, so the same key always gives the same DID).
 * @example didJwkOf({ kty: 'OKP', crv: 'Ed25519', x: '…' }) // 'did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6Ii4uLiJ9'
 */
export const didJwkOf = (jwk: { x?: unknown }): string =>
  `did:jwk:${base64url.encode(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: jwk.x }))}`;

/** The public key a holder's JWT names: its `jwk`, or the did:key / did:jwk its `kid` is a key of. */
async function holderKey(signer: JwtSigner): Promise<JWK> {
  if (signer.method === 'jwk') {
    const { kty, crv, x, d } = signer.publicJwk;
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || d !== undefined)
      throw new Error('only an Ed25519 public key (kty OKP, crv Ed25519) is accepted');
    return { kty, crv, x };
  }
  if (signer.method === 'did') return holderPublicJwk(signer.didUrl.split('#')[0] ?? '', 'kid');
  throw new Error(`a key named by ${signer.method} is not accepted: name a did:key, a did:jwk or a jwk`);
}

/**
 * Verifies a holder's JWT (a key proof, a presentation) for the protocol libraries: Ed25519 only, with the
 * key its header names. Never throws: an unverifiable JWT is `verified: false`, which the library turns
 * into the protocol's error.
 */
const verifyHolderJwt: CallbackContext['verifyJwt'] = async (signer, { compact }) => {
  try {
    if (!HOLDER_ALGORITHMS.includes(signer.alg)) return { verified: false };
    const jwk = await holderKey(signer);
    await compactVerify(compact, await importJWK(jwk, 'EdDSA'), { algorithms: HOLDER_ALGORITHMS });
    return { verified: true, signerJwk: jwk as Jwk };
  } catch {
    return { verified: false };
  }
};

const unsupported = () => {
  throw new Error('encrypted requests and responses are not supported');
};

/**
 * The callbacks the @openid4vc libraries call for cryptography: holder JWTs verified with Ed25519 keys
 * from did:key, did:jwk or a header jwk; hashes and randomness from WebCrypto (Node and Workers alike);
 * no client authentication (wallets are public clients); no encryption. `signJwt` signs as an
 * instelling, when a request object is signed (src/issuance holds the key).
 * @example new Openid4vciIssuer({ callbacks: protocolCallbacks() })
 */
export function protocolCallbacks(signJwt?: SignJwtCallback): CallbackContext {
  return {
    hash: async (data, alg) => {
      const name =
        alg === HashAlgorithm.Sha384 ? 'SHA-384' : alg === HashAlgorithm.Sha512 ? 'SHA-512' : 'SHA-256';
      return new Uint8Array(await crypto.subtle.digest(name, new Uint8Array(data)));
    },
    generateRandom: (bytes) => crypto.getRandomValues(new Uint8Array(bytes)),
    verifyJwt: verifyHolderJwt,
    signJwt:
      signJwt ??
      (() => {
        throw new Error('this endpoint signs nothing');
      }),
    encryptJwe: unsupported,
    decryptJwe: unsupported,
    clientAuthentication: clientAuthenticationNone({ clientId: 'wallet' }),
  };
}
