import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { ProblemError, renderProblem } from './problem.js';

// The CPU-heavy endpoints anyone can call: each verifies signatures (or a sign-in), so each is a
// group with its own budget per client.
const LIMITED: ReadonlyArray<readonly [string, RegExp, string]> = [
  ['verify', /^\/(credentials|presentations)\/verify$/, 'POST'],
  ['wallet', /^\/institutions\/[^/]+\/(oid4vci\/(token|credential)|oid4vp\/responses\/[^/]+)$/, 'POST'],
  ['share', /^\/(shared-credentials|verify)\/[^/]+$/, 'GET'],
  ['verify-page', /^\/verify$/, 'POST'],
  ['sign-in', /^\/auth\/callback$/, 'GET'],
];

/**
 * Answers 429 with `Retry-After` when a client has used its budget for one of the CPU-heavy public
 * endpoints; every other request, and any request whose client the runtime cannot name, passes.
 * @example app.use('*', rateLimit())
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.get('deps').rateLimiter;
    if (!limiter) return next();
    const group = LIMITED.find(([, path, method]) => method === c.req.method && path.test(c.req.path))?.[0];
    const client = group && limiter.clientOf(c);
    if (!group || !client) return next();
    const decision = await limiter.take(`${group}:${client}`);
    if (decision.allowed) return next();
    const refusal = await renderProblem(
      new ProblemError(
        429,
        'Too many requests',
        `Too many requests to this endpoint from your address; try again in ${decision.retryAfterSeconds} s.`,
      ),
      c,
    );
    refusal.headers.set('Retry-After', `${decision.retryAfterSeconds}`);
    return refusal;
  };
}
