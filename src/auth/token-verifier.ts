import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import { Claims, type Principal, unauthenticated } from './principal.js';

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** The longest a token may live, `exp` minus `iat` (or minus now without `iat`): TOKEN_MAX_HOURS, default 24. */
  maxHours?: number;
  /** How far the issuer's clock may be from ours for `exp`, `nbf` and `iat`: TOKEN_CLOCK_SKEW_SECONDS, default 60. */
  clockSkewSeconds?: number;
}

/** The defaults of TokenSettings' limits: a working day and a bit, and one minute of clock skew. */
export const TOKEN_LIMITS = { maxHours: 24, clockSkewSeconds: 60 } as const;

/**
 * Why a token's times are unacceptable, or undefined when they are fine: `exp` is required and at most
 * `maxHours` after `iat` (and after now), `iat` is not in the future. `exp` and `nbf` themselves are
 * checked by jose with the same skew.
 * @example lifetimeProblem({ exp: now + 3600, iat: now }, now, { maxHours: 24, clockSkewSeconds: 60 }) // undefined
 */
export function lifetimeProblem(
  payload: { exp?: unknown; iat?: unknown },
  nowSeconds: number,
  limits: { maxHours: number; clockSkewSeconds: number },
): string | undefined {
  const { exp, iat } = payload;
  if (typeof exp !== 'number') return 'it has no expiry (exp)';
  if (iat !== undefined && typeof iat !== 'number') return 'its iat is not a number';
  if (typeof iat === 'number' && iat > nowSeconds + limits.clockSkewSeconds)
    return 'it was issued in the future (iat)';
  const maxSeconds = limits.maxHours * 3600;
  const from = typeof iat === 'number' ? iat : nowSeconds;
  if (exp - from > maxSeconds || exp - nowSeconds > maxSeconds + limits.clockSkewSeconds)
    return `it lives longer than ${limits.maxHours} hours (exp)`;
  return undefined;
}

/**
 * Verifies bearer JWTs against a JWKS given inline (the dev key set, a Workers secret) or by URL:
 * asymmetric algorithms only, `iss` and `aud` as configured, `exp` required and bounded, `nbf` and
 * `iat` within the clock skew, and the claims Loopbrug reads.
 * @example const verify = createTokenVerifier(devJwks, { issuer: 'loopbrug', audience: 'loopbrug' });
 */
export function createTokenVerifier(keys: JSONWebKeySet | URL, settings: TokenSettings): TokenVerifier {
  const keySet = keys instanceof URL ? createRemoteJWKSet(keys) : createLocalJWKSet(keys);
  const limits = {
    maxHours: settings.maxHours ?? TOKEN_LIMITS.maxHours,
    clockSkewSeconds: settings.clockSkewSeconds ?? TOKEN_LIMITS.clockSkewSeconds,
  };
  // A signature check costs more than the rest of a typical request; a token that verified once
  // stays valid until it expires, so the answer is kept (bounded) and expiry is still checked.
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.principal;
    // The lifetime is judged before the signature: a token that may not live this long is refused
    // whoever signed it, and the answer says why.
    let unverified: { exp?: unknown; iat?: unknown };
    try {
      unverified = decodeJwt(token);
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${(error as Error).message}`);
    }
    const problem = lifetimeProblem(unverified, Math.floor(Date.now() / 1000), limits);
    if (problem) throw unauthenticated(`The token is not valid: ${problem}.`);
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        requiredClaims: ['exp'],
        clockTolerance: limits.clockSkewSeconds,
      }));
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${(error as Error).message}`);
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success)
      throw unauthenticated(`The token's claims are not valid: ${claims.error.issues[0]?.message}`);
    if (verified.size >= 10_000) verified.clear();
    verified.set(token, { principal: claims.data, expiresAt: (payload as { exp: number }).exp * 1000 });
    return claims.data;
  };
}
