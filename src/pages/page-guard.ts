import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { Guard } from '../http/guard.js';
import { requireSession } from '../web-auth/index.js';
import type { PageEnv } from './page-env.js';

/**
 * The access declaration of a page: the SAME guard an API operation declares (`guard(load, rule)` with a
 * loader and a rule of src/access), after the browser is signed in. The session's principal is the
 * caller, so a page and its operation can never disagree: a refusal is a 403 page, a resource that does
 * not exist a 404 page.
 * @example pages.get('/pages/routes/:id', pageGuard(guard(param('id', loadRouteFacts), routeRules.read)), handler)
 */
export function pageGuard(access: Guard): MiddlewareHandler<PageEnv> {
  // The guard reads only `deps`, `principal` and the path, which a page's context has as an operation's does.
  return every(requireSession<PageEnv>(), access.middleware as unknown as MiddlewareHandler<PageEnv>);
}
