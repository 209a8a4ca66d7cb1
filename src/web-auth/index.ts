/**
 * Signing in to the pages: OpenID Connect with a configured provider (openid-client), its claims mapped
 * to the principal the API's bearer tokens carry, server-side sessions behind an HttpOnly cookie, and
 * CSRF protection of every form. The API itself keeps its bearer tokens and never reads these cookies.
 */
export { principalFromClaims, type SignedInPerson } from './claim-mapping.js';
export { cookies, secureCookies } from './cookies.js';
export { CSRF_FIELD, csrfProtection, csrfToken } from './csrf.js';
export { oidcClient } from './oidc-client.js';
export { rememberSignIn, takeSignIn } from './pending-sign-ins.js';
export { localPath, openSession, requireSession, signInPath } from './session-middleware.js';
export { endSession, findSession, startSession, type WebSession } from './sessions.js';
export { DEFAULT_CLAIMS, type OidcSettings, type WebSettings } from './settings.js';
export { randomToken } from './tokens.js';
export type { WebEnv } from './web-env.js';
