import type { Context, MiddlewareHandler } from 'hono';
import { cookies } from './cookies.js';
import { findSession } from './sessions.js';
import type { WebEnv } from './web-env.js';

/**
 * Opens the browser's session from its cookie, if it has one: `session` and `principal` are set for
 * what follows; a session that has ended sets `sessionExpired`.
 * @example pages.use('*', openSession())
 */
export function openSession<E extends WebEnv>(): MiddlewareHandler<E> {
  return async (context, next) => {
    const c = context as unknown as Context<WebEnv>;
    const deps = c.get('deps');
    const token = cookies.read(c, deps.urls, 'session');
    const found = token === undefined ? undefined : await findSession(deps, token);
    c.set('sessionExpired', found === 'expired');
    if (found === undefined || found === 'expired') c.set('session', undefined);
    else {
      c.set('session', found);
      c.set('principal', found.principal);
    }
    await next();
  };
}

/**
 * Where a page that needs a session sends a browser without one: to sign in, coming back here after.
 * @example signInPath('/pages/routes', false) // '/sign-in?next=%2Fpages%2Froutes'
 */
export const signInPath = (returnTo: string, expired: boolean): string =>
  `/sign-in?${new URLSearchParams({ next: returnTo, ...(expired ? { expired: '1' } : {}) })}`;

/**
 * Lets only a signed-in browser through; any other is sent to sign in (303), and an ended session says
 * so on the way.
 * @example pages.get('/pages/routes', requireSession(), handler)
 */
export function requireSession<E extends WebEnv>(): MiddlewareHandler<E> {
  return async (context, next) => {
    const c = context as unknown as Context<WebEnv>;
    if (c.get('session') === undefined) {
      const url = new URL(c.req.url);
      return c.redirect(signInPath(`${url.pathname}${url.search}`, c.get('sessionExpired')), 303);
    }
    await next();
  };
}

/**
 * A path of ours to return to after signing in: a local absolute path, never another site (`//host`,
 * `/\host`) or a scheme; `/` otherwise.
 * @example localPath('https://evil.example') // '/'
 */
export function localPath(candidate: string | undefined): string {
  if (candidate === undefined || !candidate.startsWith('/') || /^\/[/\\]/.test(candidate)) return '/';
  return candidate;
}
