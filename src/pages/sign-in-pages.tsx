import { Hono } from 'hono';
import {
  cookies,
  endSession,
  localPath,
  oidcClient,
  principalFromClaims,
  rememberSignIn,
  signInPath,
  startSession,
  takeSignIn,
} from '../web-auth/index.js';
import { CsrfField } from './forms.js';
import { LANGUAGES, langOf } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';

/** Where the provider sends the browser back. */
export const CALLBACK_PATH = '/auth/callback';
const DEFAULT_SESSION_MINUTES = 480;

/** A page that says why signing in stopped, with a way to try again. */
function signInStopped(c: PageContext, status: 400 | 403 | 502 | 503, title: string, text: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title, status },
    <>
      <p class="lead">{text}</p>
      <p>
        <a class="button" href="/sign-in">
          {t.signIn.again}
        </a>
      </p>
    </>,
  );
}

/**
 * Signing in and out of the pages, and the language switch:
 * - `GET /sign-in?next=` sends the browser to the provider (authorization code with PKCE, state and
 *   nonce; the state also in a cookie of this browser); with `expired=1` it first says the session ended.
 * - `GET /auth/callback` redeems the code, maps the claims to a principal and opens a session.
 * - `POST /sign-out` (a form with its CSRF token) ends the session.
 * - `GET /language?to=en&next=` remembers the language.
 * @example pages.route('/', signInPages())
 */
export const signInPages = () =>
  new Hono<PageEnv>()
    .get('/sign-in', async (c) => {
      const t = c.get('t');
      const { web, urls, log } = c.get('deps');
      const next = localPath(c.req.query('next'));
      if (c.req.query('expired') === '1')
        return renderPage(
          c,
          { title: t.signIn.expiredTitle },
          <>
            <p class="lead">{t.signIn.expired}</p>
            <p>
              <a class="button" href={signInPath(next, false)}>
                {t.signIn.again}
              </a>
            </p>
          </>,
        );
      if (!web?.signIn)
        return renderPage(
          c,
          { title: t.signIn.notConfiguredTitle, status: 503 },
          <p class="lead">{t.signIn.notConfigured}</p>,
        );
      let started: Awaited<ReturnType<ReturnType<typeof oidcClient>['start']>>;
      try {
        started = await oidcClient(web.signIn).start(`${urls.base}${CALLBACK_PATH}`);
      } catch (error) {
        log.error('the OpenID provider could not be read', { issuer: web.signIn.issuer, error });
        return signInStopped(c, 502, t.signIn.providerDownTitle, t.signIn.providerDown);
      }
      await rememberSignIn(c.get('deps'), started.checks, next);
      cookies.write(c, urls, 'sign-in', started.checks.state, 600);
      return c.redirect(started.url.href, 302);
    })
    .get(CALLBACK_PATH, async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const { web, urls, log } = deps;
      const state = c.req.query('state');
      const browserState = cookies.read(c, urls, 'sign-in');
      cookies.clear(c, urls, 'sign-in');
      // Only the browser that started this sign-in may finish it (no login CSRF), and only once.
      const pending =
        web?.signIn && state !== undefined && state === browserState
          ? await takeSignIn(deps, state)
          : undefined;
      if (!web?.signIn || !pending) return signInStopped(c, 400, t.signIn.failedTitle, t.signIn.failed);
      let claims: Record<string, unknown>;
      try {
        const callback = new URL(c.req.url);
        claims = await oidcClient(web.signIn).finish(
          new URL(`${urls.base}${CALLBACK_PATH}${callback.search}`),
          pending.checks,
        );
      } catch (error) {
        log.warn('a sign-in could not be completed', { error });
        return signInStopped(c, 400, t.signIn.failedTitle, t.signIn.failed);
      }
      const person = principalFromClaims(claims, web.signIn);
      if ('refused' in person) {
        log.info('a sign-in without a role in Loopbrug', { sub: claims.sub, why: person.refused });
        return signInStopped(c, 403, t.signIn.noRoleTitle, t.signIn.noRole(person.refused));
      }
      const { token } = await startSession(deps, person, web.sessionMinutes ?? DEFAULT_SESSION_MINUTES);
      cookies.write(c, urls, 'session', token, (web.sessionMinutes ?? DEFAULT_SESSION_MINUTES) * 60);
      return c.redirect(pending.returnTo, 303);
    })
    .post('/sign-out', async (c) => {
      const { urls } = c.get('deps');
      const token = cookies.read(c, urls, 'session');
      if (token !== undefined) await endSession(c.get('deps'), token);
      cookies.clear(c, urls, 'session');
      return c.redirect('/signed-out', 303);
    })
    // A typed or bookmarked /sign-out: signing out is a form (a link could sign anyone out from another
    // site), so this page asks with that form; without a session there is nothing to end.
    .get('/sign-out', (c) => {
      const t = c.get('t');
      if (!c.get('session')) return c.redirect('/signed-out', 303);
      return renderPage(
        c,
        { title: t.account.signOut },
        <form method="post" action="/sign-out">
          <CsrfField c={c} />
          <p class="lead">{t.account.signOutAsk}</p>
          <button type="submit">{t.account.signOut}</button>
        </form>,
      );
    })
    .get('/signed-out', (c) => {
      const t = c.get('t');
      return renderPage(
        c,
        { title: t.signIn.signedOutTitle },
        <>
          <p class="lead">{t.signIn.signedOut}</p>
          <p>
            <a href="/">{t.errors.home}</a>
          </p>
        </>,
      );
    })
    .get('/language', (c) => {
      const to = c.req.query('to');
      const lang = langOf(to);
      if (to !== undefined && (LANGUAGES as readonly string[]).includes(to))
        cookies.write(c, c.get('deps').urls, 'lang', lang, 365 * 24 * 3600);
      return c.redirect(localPath(c.req.query('next')), 303);
    });
