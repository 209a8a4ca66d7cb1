import { Hono } from 'hono';
import { listRoutes } from '../learning-routes/index.js';
import { renderPage } from './layout.js';
import { approvalNotices } from './learner-pages.js';
import type { PageContext, PageEnv } from './page-env.js';
import { RouteTable } from './route-pages.js';

/** For a visitor: where to go (sign in, verify a credential, the API docs), never a 401. */
function VisitorHome({ c }: { c: PageContext }) {
  const t = c.get('t');
  return (
    <>
      <p class="lead">{t.home.intro}</p>
      <h2>{t.home.visitorHeading}</h2>
      <ul class="cards">
        <li class="card">
          <h3>{t.account.signIn}</h3>
          <p>{t.home.signInLead}</p>
          <a class="button" href="/sign-in">
            {t.account.signIn}
          </a>
        </li>
        <li class="card">
          <h3>{t.nav.verify}</h3>
          <p>{t.home.verifyLead}</p>
          <a class="button secondary" href="/verify">
            {t.nav.verify}
          </a>
        </li>
        <li class="card">
          <h3>{t.nav.docs}</h3>
          <p>{t.home.docsLead}</p>
          <a class="button secondary" href="/docs">
            {t.nav.docs}
          </a>
        </li>
      </ul>
    </>
  );
}

/**
 * `/`: a visitor is led to sign in, the verification page and the docs; someone signed in sees the
 * routes they take part in.
 * @example pages.route('/', homePage())
 */
export const homePage = () =>
  new Hono<PageEnv>().get('/', async (c) => {
    const t = c.get('t');
    const session = c.get('session');
    if (!session) return renderPage(c, { title: t.home.title, section: 'home' }, <VisitorHome c={c} />);
    const name = session.name ?? session.principal.sub;
    const routes =
      session.principal.role === 'admin'
        ? undefined
        : await listRoutes(c.get('deps'), session.principal, { limit: 20 });
    return renderPage(
      c,
      { title: t.home.signedInHeading(name), section: 'home' },
      <>
        {/* Where a learner lands after signing in: a route waiting for them says so here too. */}
        {routes && session.principal.role === 'learner' ? await approvalNotices(c, routes.items) : null}
        <p class="lead">{t.home.intro}</p>
        <h2>{t.home.yourRoutes}</h2>
        {routes ? <RouteTable c={c} page={routes} /> : <p>{t.home.adminNote}</p>}
        {routes?.nextCursor ? (
          <p>
            <a href="/pages/routes">{t.routes.more}</a>
          </p>
        ) : null}
      </>,
    );
  });
