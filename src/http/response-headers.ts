import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.js';

// What a browser verifier or wallet on another origin may read or call: DID documents, status lists,
// contexts, schemas, the verify endpoints, shared credentials and the wallet metadata. Nothing that
// takes a bearer token or a session is here, so no credentialed cross-origin call is ever allowed.
const CROSS_ORIGIN = [
  /^\/institutions\/[^/]+\/did\.json$/,
  /^\/status-lists\/[^/]+$/,
  /^\/(contexts|schemas)\/[^/]+$/,
  /^\/(credentials|presentations)\/verify$/,
  /^\/shared-credentials\/[^/]+$/,
  /^\/\.well-known\/(openid-credential-issuer|oauth-authorization-server)(\/.*)?$/,
  /^\/institutions\/[^/]+\/\.well-known\/(openid-credential-issuer|oauth-authorization-server)$/,
];

/**
 * Whether other origins may call this path (CORS); only public documents and the verifiers.
 * @example isCrossOrigin('/institutions/han/did.json') // true
 * @example isCrossOrigin('/learners') // false
 */
export const isCrossOrigin = (path: string): boolean => CROSS_ORIGIN.some((pattern) => pattern.test(path));

// How long public documents may be kept: contexts and schemas never change under their URL; a DID
// document changes with a rotation or a compromised key, which should show within a minute.
const PUBLIC_CACHE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/(contexts|schemas)\/[^/]+$/, 'public, max-age=86400'],
  [/^\/institutions\/[^/]+\/did\.json$/, 'public, max-age=60'],
];

// A status list without a `ttl` may be cached for the Bitstring Status List default, 300000 ms.
const DEFAULT_STATUS_LIST_TTL_MS = 300_000;

/**
 * Security headers on every response (hono/secure-headers: HSTS, nosniff, no framing, no referrer
 * across origins, and for the API a CSP that allows nothing, since JSON runs no script). A response
 * that already set a header keeps it: the pages and /docs set their own stricter or looser CSP.
 * @example app.use('*', securityHeaders())
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    overwrite: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: false,
  });
}

/**
 * CORS for the public documents and verifiers (any origin, no credentials), answering their preflight;
 * an `OPTIONS` to any other path is answered 204 with `Allow` and no CORS headers, so a browser on
 * another origin still may not call it.
 * @example app.use('*', crossOrigin())
 */
export function crossOrigin(): MiddlewareHandler<AppEnv> {
  const allowAll = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Accept'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (isCrossOrigin(c.req.path)) return allowAll(c, next);
    if (c.req.method === 'OPTIONS')
      return c.body(null, 204, { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' });
    return next();
  };
}

/**
 * Cache headers where a response has none: public documents may be kept (status lists as long as their
 * `ttl` says), everything else, personal data above all, `no-store`.
 * @example app.use('*', cacheHeaders())
 */
export function cacheHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.headers.has('cache-control')) return;
    const ok = c.req.method === 'GET' && c.res.status === 200;
    const kept = ok ? PUBLIC_CACHE.find(([path]) => path.test(c.req.path))?.[1] : undefined;
    if (kept) c.res.headers.set('Cache-Control', kept);
    else if (ok && /^\/status-lists\/[^/]+$/.test(c.req.path))
      c.res.headers.set('Cache-Control', `public, max-age=${await statusListSeconds(c.res)}`);
    else c.res.headers.set('Cache-Control', 'no-store');
  };
}

/** A served status list's `ttl` in whole seconds (its `credentialSubject.ttl` is in milliseconds). */
async function statusListSeconds(res: Response): Promise<number> {
  let ttl: unknown;
  try {
    ttl = ((await res.clone().json()) as { credentialSubject?: { ttl?: unknown } }).credentialSubject?.ttl;
  } catch {
    ttl = undefined;
  }
  const ms = typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_STATUS_LIST_TTL_MS;
  return Math.floor(ms / 1000);
}
