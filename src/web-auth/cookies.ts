import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { PublicUrls } from '../kernel/urls.js';

/** The cookies of the pages: the session, a sign-in under way, the CSRF token of a visitor, the language. */
export type CookieName = 'session' | 'sign-in' | 'csrf' | 'lang';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether cookies must be `Secure`: everywhere but on a loopback address, where development runs
 * over plain http.
 * @example secureCookies(publicUrls('https://loopbrug.nl')) // true
 */
export const secureCookies = (urls: Pick<PublicUrls, 'base'>): boolean =>
  !LOOPBACK.has(new URL(urls.base).hostname);

/**
 * The name a cookie goes by: with the `__Host-` prefix when secure, so the browser keeps it to this
 * host and path `/`, out of reach of other hosts of the domain.
 * @example cookieName(urls, 'session') // '__Host-loopbrug-session' over https
 */
export const cookieName = (urls: Pick<PublicUrls, 'base'>, name: CookieName): string =>
  `${secureCookies(urls) ? '__Host-' : ''}loopbrug-${name}`;

/**
 * How each cookie is set: HttpOnly (scripts never read it), Secure outside loopback, path `/`, and
 * SameSite=Lax for the session and the sign-in (the browser comes back from the provider with a
 * top-level GET) but Strict for the CSRF token.
 */
function optionsOf(urls: Pick<PublicUrls, 'base'>, name: CookieName, maxAgeSeconds?: number): CookieOptions {
  return {
    path: '/',
    httpOnly: true,
    secure: secureCookies(urls),
    sameSite: name === 'csrf' ? 'Strict' : 'Lax',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Reads, writes and clears the pages' cookies on one request, by their short names. */
export const cookies = {
  /** @example cookies.read(c, urls, 'session') */
  read: (c: Context, urls: Pick<PublicUrls, 'base'>, name: CookieName): string | undefined =>
    getCookie(c, cookieName(urls, name)),
  /** @example cookies.write(c, urls, 'session', token, 8 * 3600) */
  write: (
    c: Context,
    urls: Pick<PublicUrls, 'base'>,
    name: CookieName,
    value: string,
    maxAgeSeconds?: number,
  ): void => setCookie(c, cookieName(urls, name), value, optionsOf(urls, name, maxAgeSeconds)),
  /** @example cookies.clear(c, urls, 'sign-in') */
  clear: (c: Context, urls: Pick<PublicUrls, 'base'>, name: CookieName): void => {
    deleteCookie(c, cookieName(urls, name), optionsOf(urls, name));
  },
};
