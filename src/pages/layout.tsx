import type { Child } from 'hono/jsx';
import type { Principal } from '../auth/principal.js';
import { CSRF_FIELD, csrfToken } from '../web-auth/index.js';
import type { Messages } from './i18n/index.js';
import type { PageContext } from './page-env.js';
import { CSS_PATH } from './static-assets.js';

/** The part of the site a page belongs to, marked as current in the menu. */
export type Section = 'home' | 'routes' | 'work' | 'verify' | undefined;

/** Each role's own page, linked from the menu: what that person comes to do. */
const WORK_PAGES: Partial<Record<Principal['role'], keyof Messages['work']['nav']>> = {
  learner: 'learner',
  praktijkopleider: 'praktijkopleider',
  werkgever: 'werkgever',
  opleider: 'opleider',
};
const WORK_PATHS: Record<keyof Messages['work']['nav'], string> = {
  learner: '/pages/me',
  praktijkopleider: '/pages/sign-off',
  werkgever: '/pages/team',
  opleider: '/pages/learners',
};

/** Where the page is, to come back to after switching language or signing in. */
const here = (c: PageContext) => {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
};

function Header({ c, section }: { c: PageContext; section: Section }) {
  const t = c.get('t');
  const session = c.get('session');
  const workOf = session ? WORK_PAGES[session.principal.role] : undefined;
  const work = workOf ? { path: WORK_PATHS[workOf], label: t.work.nav[workOf] } : undefined;
  const link = (href: string, label: string, name: Section) => (
    <li>
      <a href={href} aria-current={section === name ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href="/">
          {t.siteName}
        </a>
        <nav class="site-nav" aria-label={t.nav.label}>
          <ul>
            {link('/', t.nav.home, 'home')}
            {session && session.principal.role !== 'admin'
              ? link('/pages/routes', t.nav.routes, 'routes')
              : null}
            {work ? link(work.path, work.label, 'work') : null}
            {link('/verify', t.nav.verify, 'verify')}
            <li>
              <a href="/docs">{t.nav.docs}</a>
            </li>
          </ul>
        </nav>
        <div class="account">
          <a
            href={`/language?${new URLSearchParams({ to: t.language.switchToLang, next: here(c) })}`}
            hreflang={t.language.switchToLang}
            lang={t.language.switchToLang}
          >
            {t.language.switchTo}
          </a>
          {session ? (
            <>
              <span>
                {t.account.signedInAs(session.name ?? session.principal.sub, t.roles[session.principal.role])}
              </span>
              <form method="post" action="/sign-out">
                <input type="hidden" name={CSRF_FIELD} value={csrfToken(c)} />
                <button type="submit">{t.account.signOut}</button>
              </form>
            </>
          ) : (
            <a href={`/sign-in?${new URLSearchParams({ next: here(c) })}`}>{t.account.signIn}</a>
          )}
        </div>
      </div>
    </header>
  );
}

/**
 * The frame of every page: language, skip link, header with the menu, the language switch and sign-in or
 * sign-out, one `main` with the page's `h1`, and the footer.
 * @example c.html(<Layout c={c} title={t.home.title} section="home">…</Layout>)
 */
export function Layout({
  c,
  title,
  section,
  children,
}: {
  c: PageContext;
  title: string;
  section?: Section;
  children?: Child;
}) {
  const t = c.get('t');
  return (
    <html lang={c.get('lang')}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.siteName}`}</title>
        <link rel="stylesheet" href={CSS_PATH} />
      </head>
      <body>
        <a class="skip-link" href="#inhoud">
          {t.skipLink}
        </a>
        <Header c={c} section={section} />
        <main id="inhoud" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="site-footer">
          <p>{t.footer}</p>
        </footer>
      </body>
    </html>
  );
}

/**
 * Answers with a page in the layout, never cached (it may show who is signed in).
 * @example return renderPage(c, { title: t.home.title, section: 'home' }, <p>…</p>);
 */
export async function renderPage(
  c: PageContext,
  frame: { title: string; section?: Section; status?: 200 | 400 | 403 | 404 | 500 | 502 | 503 },
  body: Child,
): Promise<Response> {
  // Rendered before answering: the form of a visitor sets their CSRF cookie while it renders.
  const html = await (
    <Layout c={c} title={frame.title} section={frame.section}>
      {body}
    </Layout>
  ).toString();
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html>${html}`, frame.status ?? 200);
}
