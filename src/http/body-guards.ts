import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';
import { ProblemError } from './problem.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Refuses bodies over `maxBytes` (413) and writes whose body is not JSON (415) before any handler
 * reads them.
 * @example app.use('*', bodyGuards(1_000_000))
 */
export function bodyGuards(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(413, 'Request body too large', `Send at most ${maxBytes} bytes.`);
    },
  });
  return async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const type = c.req.header('content-type');
    const hasBody = type !== undefined || (c.req.header('content-length') ?? '0') !== '0';
    if (hasBody && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type ?? ''))
      throw new ProblemError(415, 'Unsupported media type', 'Send the body as application/json.');
    return limit(c, next);
  };
}
