import type { Context, MiddlewareHandler } from 'hono';
import { problemOf } from '../http/problem.js';
import { messagesFor } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';

type ShownStatus = 400 | 403 | 404 | 500;
const shown = (status: number): ShownStatus =>
  status === 403 || status === 404 || status === 500 ? status : status >= 500 ? 500 : 400;

/**
 * An error page in the page's language: the status of the problem (403 when a guard refuses, 404 for
 * what does not exist or a withdrawn link), with the problem's detail for 4xx and nothing internal for
 * a 500, which is logged.
 * @example return errorPage(c, 404);
 */
export function errorPage(c: PageContext, status: number, detail?: string) {
  const t = c.get('t');
  const code = shown(status);
  return renderPage(
    c,
    { title: t.errors.title[code], status: code },
    <>
      <p class="lead">{t.errors.text[code]}</p>
      {detail && code !== 500 ? <p>{detail}</p> : null}
      <p>
        <a href="/">{t.errors.home}</a>
      </p>
    </>,
  );
}

/**
 * A form sent without a session (it ended, or was signed out in another window): nothing was saved,
 * and the person is asked to sign in again, rather than refused for the form's CSRF token.
 * @example pages.use('*', formsNeedSession())
 */
export function formsNeedSession(): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' || !c.req.path.startsWith('/pages/') || c.get('session')) return next();
    const t = c.get('t');
    return renderPage(
      c,
      { title: t.errors.sessionEndedTitle, status: 403 },
      <>
        <p class="lead">{t.errors.sessionEnded}</p>
        <p>
          <a class="button" href="/sign-in">
            {t.account.signIn}
          </a>
        </p>
      </>,
    );
  };
}

/**
 * The error handler of the pages: what the API answers as a problem document, a page answers as an
 * HTML page with the same status. The problem's detail is the domain's words, in English: shown on an
 * English page, and left out of a Dutch one, which says what happened in its own words.
 * @example pages.onError(renderPageError)
 */
export async function renderPageError(error: unknown, c: Context<PageEnv>): Promise<Response> {
  // A failure before the language was chosen (opening the session) still gets a page, in Dutch.
  if (c.get('t') === undefined) {
    c.set('lang', 'nl');
    c.set('t', messagesFor('nl'));
  }
  const problem = await problemOf(error, c);
  if (!problem) c.get('deps').log.error('page failed', { method: c.req.method, path: c.req.path, error });
  return errorPage(c, problem?.status ?? 500, c.get('lang') === 'en' ? problem?.detail : undefined);
}
