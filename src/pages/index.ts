/**
 * The pages for the people on a route: server-rendered, Dutch first with English, behind the same
 * access rules as the API (pageGuard), signed in through OpenID Connect (src/web-auth).
 */
export { isPagePath, pageRoutes } from './page-routes.js';
