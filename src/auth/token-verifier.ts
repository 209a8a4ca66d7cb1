import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { Claims, type Principal, unauthenticated } from './principal.js';

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface TokenSettings {
  issuer: string;
  audience: string;
}

/**
 * Verifies bearer JWTs against a JWKS given inline (the dev key set, a Workers secret) or by URL.
 * @example const verify = createTokenVerifier(devJwks, { issuer: 'loopbrug', audience: 'loopbrug' });
 */
export function createTokenVerifier(keys: JSONWebKeySet | URL, settings: TokenSettings): TokenVerifier {
  const keySet = keys instanceof URL ? createRemoteJWKSet(keys) : createLocalJWKSet(keys);
  // A signature check costs more than the rest of a typical request; a token that verified once
  // stays valid until it expires, so the answer is kept (bounded) and expiry is still checked.
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.principal;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['EdDSA', 'ES256', 'RS256'],
      }));
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${(error as Error).message}`);
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success)
      throw unauthenticated(`The token's claims are not valid: ${claims.error.issues[0]?.message}`);
    const exp = (payload as { exp?: number }).exp;
    if (exp !== undefined) {
      if (verified.size >= 10_000) verified.clear();
      verified.set(token, { principal: claims.data, expiresAt: exp * 1000 });
    }
    return claims.data;
  };
}
