import type { MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { Principal } from '../auth/principal.js';
import type { Guard } from '../http/guard.js';
import { requireSession } from '../web-auth/index.js';
import { errorPage } from './error-pages.js';
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

/**
 * A role's own page, the one the menu links as that role's work (see layout.tsx): anyone else signed in
 * gets a 403 page that says whose page it is, rather than a page written for someone else.
 * @example pages.get('/pages/sign-off', rolePage('praktijkopleider'), handler)
 */
export function rolePage(role: Principal['role']): MiddlewareHandler<PageEnv> {
  return every(requireSession<PageEnv>(), async (c, next) => {
    if (c.get('principal').role === role) return next();
    const t = c.get('t');
    return errorPage(c, 403, t.work.otherRole(t.roles[role]));
  });
}
