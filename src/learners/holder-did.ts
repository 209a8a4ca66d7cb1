import { base64url, type JWK } from 'jose';
import { multikeyToJwk } from '../credentials/index.js';
import { fail } from '../kernel/errors.js';

/**
 * The public key a holder DID names, as a JWK: a did:key of an Ed25519 key (`did:key:z6Mk…`), or a
 * did:jwk of one (the base64url of its public JWK). Nothing is fetched. Only Ed25519: a holder signs
 * presentations with eddsa-rdfc-2022. Refused at `field` for any other DID or key.
 * @example await holderPublicJwk('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'proof') // { kty: 'OKP', crv: 'Ed25519', x }
 */
export async function holderPublicJwk(did: string, field: string): Promise<JWK> {
  if (did.startsWith('did:key:z6Mk')) {
    try {
      return await multikeyToJwk(did.slice('did:key:'.length));
    } catch {
      throw fail.invalid(field, `${did} does not name an Ed25519 public key`);
    }
  }
  if (did.startsWith('did:jwk:')) {
    let jwk: JWK | undefined;
    try {
      jwk = JSON.parse(new TextDecoder().decode(base64url.decode(did.slice('did:jwk:'.length)))) as JWK;
    } catch {
      throw fail.invalid(field, `${did} is not the base64url of a JWK`);
    }
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || jwk.d !== undefined)
      throw fail.invalid(field, `${did} does not name an Ed25519 public key (kty OKP, crv Ed25519, x)`);
    return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  }
  throw fail.invalid(field, `a holder DID is a did:key (z6Mk…) or did:jwk of an Ed25519 key, not ${did}`);
}
