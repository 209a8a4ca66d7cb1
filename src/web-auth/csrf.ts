import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { ProblemError } from '../http/problem.js';
import { cookies } from './cookies.js';
import { randomToken, sameSecret } from './tokens.js';
import type { WebEnv } from './web-env.js';

/** The form field (or header, for scripts) every write of a page carries. */
export const CSRF_FIELD = '_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF token for the forms of this page: the session's own when signed in; for a visitor, a random
 * one kept in a SameSite=Strict cookie (double submit), made here when the browser has none.
 * @example <input type="hidden" name="_csrf" value={csrfToken(c)} />
 */
export function csrfToken<E extends WebEnv>(context: Context<E>): string {
  const c = context as unknown as Context<WebEnv>;
  const session = c.get('session');
  if (session) return session.csrfToken;
  const { urls } = c.get('deps');
  const existing = cookies.read(c, urls, 'csrf');
  if (existing !== undefined) return existing;
  const token = randomToken();
  cookies.write(c, urls, 'csrf', token);
  return token;
}

/**
 * Refuses every write of a page that does not come from our own pages: hono/csrf checks that the
 * browser says it comes from our origin (Origin, Sec-Fetch-Site), and the form must carry the token
 * csrfToken gave it. A refusal is a 403 before any handler runs, so nothing changes.
 * @example pages.use('*', csrfProtection())
 */
export function csrfProtection<E extends WebEnv>(): MiddlewareHandler<E> {
  const sameOrigin = csrf({
    origin: (origin, c) => origin === new URL((c as Context<WebEnv>).get('deps').urls.base).origin,
  });
  return async (context, next) => {
    const c = context as unknown as Context<WebEnv>;
    if (SAFE.has(c.req.method)) return next();
    await sameOrigin(c, async () => {});
    const expected = c.get('session')?.csrfToken ?? cookies.read(c, c.get('deps').urls, 'csrf');
    const type = c.req.header('content-type') ?? '';
    const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)
      ? await c.req.parseBody()
      : {};
    const field = form[CSRF_FIELD];
    const sent = typeof field === 'string' ? field : c.req.header('x-csrf-token');
    if (expected === undefined || sent === undefined || !sameSecret(sent, expected))
      throw new ProblemError(
        403,
        'Forbidden',
        'This form is missing its CSRF token or carries one that is not yours; nothing was changed.',
      );
    await next();
  };
}
