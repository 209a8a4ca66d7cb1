import { type CryptoKey, type JWK, SignJWT } from 'jose';
import type { Principal } from './principal.js';
import type { TokenSettings } from './token-verifier.js';

/**
 * Signs a bearer token for a principal (dev tokens, tests, the token CLI).
 * @example await signToken(key, kid, { sub: 'ans', role: 'opleider', institution: 'han' }, settings)
 */
export async function signToken(
  privateKey: CryptoKey | JWK | Uint8Array,
  kid: string,
  principal: Principal,
  settings: TokenSettings,
  expiresIn = '12h',
): Promise<string> {
  const { sub, ...claims } = principal;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject(sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}
