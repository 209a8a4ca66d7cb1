import type { Context, MiddlewareHandler } from 'hono';
import { METHOD_NAME_ALL } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';
import type { AppEnv } from './app-env.js';

/**
 * Whether a request is a person's browser opening a URL: a GET that accepts HTML (not with `q=0`) and
 * carries no Authorization header. An API client sends a token, or asks for JSON or for anything.
 * @example isBrowserNavigation(new Request('http://localhost/nope', { headers: { accept: 'text/html' } })) // true
 * @example isBrowserNavigation(new Request('http://localhost/nope', { headers: { accept: 'application/json' } })) // false
 */
export function isBrowserNavigation(request: Request): boolean {
  if (request.method !== 'GET' || request.headers.has('authorization')) return false;
  return (request.headers.get('accept') ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';');
    return (
      type?.trim().toLowerCase() === 'text/html' && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/i.test(p))
    );
  });
}

/** A route of the app as Hono lists it (`app.routes`). */
interface ListedRoute {
  method: string;
  path: string;
}

/**
 * Answers a browser opening a path that no route of the app has, by any method (isBrowserNavigation),
 * with `render` (the pages' 404 page), before the bearer check would answer it 401 as if it existed.
 * Everything else goes on as before: an API client, and a browser on a path the API has (its 401).
 * Middleware (`use`, listed with method ALL) answers nothing by itself, so it makes no path known.
 * `routes` is read at the first request, when every route is registered; the paths are no secret,
 * /openapi.json lists them.
 * @example app.use('*', browserNotFound(() => app.routes, (c) => pages.fetch(c.req.raw, c.env)))
 */
export function browserNotFound(
  routes: () => readonly ListedRoute[],
  render: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  let known: TrieRouter<true> | undefined;
  const isKnown = (path: string): boolean => {
    if (!known) {
      known = new TrieRouter<true>();
      for (const route of routes())
        if (route.method !== METHOD_NAME_ALL) known.add(METHOD_NAME_ALL, route.path, true);
    }
    return known.match(METHOD_NAME_ALL, path)[0].length > 0;
  };
  return async (c, next) => {
    if (isBrowserNavigation(c.req.raw) && !isKnown(c.req.path)) return render(c);
    return next();
  };
}
