import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { unauthenticated } from './principal.js';

/**
 * Requires a valid bearer token on every path except the public ones, so a new route is
 * protected unless it is deliberately listed as public.
 * @example app.use('*', authenticate((path) => path === '/health'))
 */
export function authenticate(isPublic: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublic(c.req.path)) return next();
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (token === undefined) throw unauthenticated('Send a bearer token in the Authorization header.');
    c.set('principal', await c.get('deps').verifyToken(token));
    return next();
  };
}
