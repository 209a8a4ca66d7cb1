import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../http/app-env.js';
import { csrfProtection, openSession } from '../web-auth/index.js';
import { composePages } from './compose-pages.js';
import { credentialPages } from './credential-pages.js';
import { errorPage, formsNeedSession, renderPageError } from './error-pages.js';
import { historyPages } from './history-pages.js';
import { homePage } from './home-page.js';
import { learnerPages } from './learner-pages.js';
import { chooseLanguage, type PageContext, type PageEnv } from './page-env.js';
import { pageHeaders } from './page-headers.js';
import { privacyPages } from './privacy-pages.js';
import { routePages } from './route-pages.js';
import { signInPages } from './sign-in-pages.js';
import { signOffPages } from './sign-off-pages.js';
import { staticAssets } from './static-assets.js';
import { teamPages } from './team-pages.js';
import { verifyPages, verifyTooLarge } from './verify-pages.js';

/** The paths the pages answer; everything else is the API's. */
const PAGE_PATHS = [
  /^\/$/,
  /^\/(sign-in|sign-out|signed-out|language|auth\/callback)$/,
  /^\/pages(\/.*)?$/,
  /^\/verify(\/[^/]+)?$/,
  /^\/assets\/[^/]+$/,
];

/** The largest form a page takes: an uploaded credential of 1 MB and the fields around it. */
const MAX_FORM_BYTES = 1_100_000;
/**
 * A sign-off's evidence file is only hashed (its SHA-256 and name are kept, the file stays with the
 * praktijkopleider), so it may be as large as a scan or a photo series of a practical test.
 */
const MAX_EVIDENCE_FORM_BYTES = 25_000_000;
const EVIDENCE_FORM = /^\/pages\/routes\/[^/]+\/sign-off\/outcomes\/[^/]+$/;

/**
 * The answer to a form over its limit, 413 in the page's language: the verify page again with its form
 * and why, any other page the error page saying how large a form may be.
 */
async function tooLarge(c: PageContext, limitBytes: number): Promise<Response> {
  const page =
    c.req.path === '/verify'
      ? await verifyTooLarge(c)
      : await errorPage(c, 413, c.get('t').errors.tooLarge(Math.floor(limitBytes / 1_000_000)));
  return new Response(page.body, { status: 413, headers: page.headers });
}

/** The size limit of a page's forms: MAX_FORM_BYTES, and more for a sign-off with an evidence file. */
function formLimits(): MiddlewareHandler<PageEnv> {
  const limit = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => tooLarge(c as PageContext, maxSize) });
  const forms = limit(MAX_FORM_BYTES);
  const evidence = limit(MAX_EVIDENCE_FORM_BYTES);
  return (c, next) => (EVIDENCE_FORM.test(c.req.path) ? evidence : forms)(c, next);
}

/**
 * Whether a path is a page's: those never pass the API's bearer-token authentication, body guards or
 * idempotency, and the API's operations never see the pages' session cookie.
 * @example isPagePath('/verify') // true
 * @example isPagePath('/routes') // false
 */
export const isPagePath = (path: string): boolean => PAGE_PATHS.some((pattern) => pattern.test(path));

/**
 * The pages: server-rendered HTML (Hono JSX) that works without JavaScript, in Dutch and English, each
 * one behind the same access rules as the API. In order: security headers, the language, the session
 * from its cookie, CSRF protection of every write (after the size limit), then the pages; errors are pages too.
 * @example const pages = pageRoutes(deps); app.use('*', (c, next) => isPagePath(c.req.path) ? pages.fetch(c.req.raw, c.env) : next());
 */
export function pageRoutes(deps: AppDeps): Hono<PageEnv> {
  const pages = new Hono<PageEnv>();
  pages.onError(renderPageError);
  pages.notFound((c) => errorPage(c, 404));
  pages.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  pages.use('*', pageHeaders());
  pages.use('*', chooseLanguage());
  // Before the size limit: a form shown again over the limit carries the session's CSRF token.
  pages.use('*', openSession<PageEnv>());
  pages.use('*', formLimits());
  pages.use('*', formsNeedSession());
  pages.use('*', csrfProtection<PageEnv>());
  pages.route('/', staticAssets());
  pages.route('/', homePage());
  pages.route('/', signInPages());
  // Before the route pages: /pages/routes/new is not a route's id.
  pages.route('/', composePages());
  pages.route('/', routePages());
  pages.route('/', signOffPages());
  pages.route('/', learnerPages());
  pages.route('/', credentialPages());
  pages.route('/', privacyPages());
  pages.route('/', teamPages());
  pages.route('/', historyPages());
  pages.route('/', verifyPages());
  return pages;
}
