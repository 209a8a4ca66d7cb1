import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';
import { ProblemError } from './problem.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

// The verifiers anyone may call without a token get their own, smaller limit: a body is parsed and
// every credential in it verified before anything else can refuse it.
const PUBLIC_WRITES = /^\/(credentials|presentations)\/verify$/;

/**
 * Hono's bodyLimit, except that a body whose declared length is within the limit passes without being
 * touched. bodyLimit trusts a declared length too, but reads `c.req.raw.body` before it looks at it,
 * which makes the Node adapter build a full WHATWG Request around the socket; untouched, the handler's
 * own `json()` reads the socket directly (and Node's parser holds a body to its Content-Length).
 * Anything else (no length, chunked, over the limit) goes through bodyLimit as before.
 */
const withinDeclaredLength = (
  maxBytes: number,
  onError?: Parameters<typeof bodyLimit>[0]['onError'],
): MiddlewareHandler<AppEnv> => {
  const limit = bodyLimit({ maxSize: maxBytes, ...(onError ? { onError } : {}) });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      const length = Number(declared);
      if (Number.isInteger(length) && length >= 0 && length <= maxBytes) return next();
    }
    return limit(c, next);
  };
};

const limitOf = (maxBytes: number) =>
  withinDeclaredLength(maxBytes, () => {
    throw new ProblemError(413, 'Request body too large', `Send at most ${maxBytes} bytes.`);
  });

/**
 * Refuses bodies over `maxBytes` (over `publicMaxBytes` on the anonymous verify endpoints) with 413,
 * and writes whose body is not JSON with 415, before any handler reads them.
 * @example app.use('*', bodyGuards(1_000_000, 262_144))
 */
export function bodyGuards(maxBytes: number, publicMaxBytes = maxBytes): MiddlewareHandler<AppEnv> {
  const limit = limitOf(maxBytes);
  const publicLimit = limitOf(Math.min(maxBytes, publicMaxBytes));
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const type = c.req.header('content-type');
    const hasBody = type !== undefined || (c.req.header('content-length') ?? '0') !== '0';
    if (hasBody && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type ?? ''))
      throw new ProblemError(415, 'Unsupported media type', 'Send the body as application/json.');
    return (PUBLIC_WRITES.test(c.req.path) ? publicLimit : limit)(c, next);
  };
}

/**
 * The body limit of the OpenID4VC endpoints, which take the protocols' own bodies (forms too) and so
 * are mounted before bodyGuards: 413 over `deps.maxBodyBytes`, on writes only. A GET passes untouched,
 * as reading its body makes the Node adapter build a full Request.
 * @example router.use('/institutions/:id/oid4vci/*', protocolBodyLimit())
 */
export const protocolBodyLimit = (): MiddlewareHandler<AppEnv> => async (c, next) =>
  WRITES.has(c.req.method) ? withinDeclaredLength(c.get('deps').maxBodyBytes)(c, next) : next();
