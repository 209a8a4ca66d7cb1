import { Hono } from 'hono';
import type { RouteSummary } from '../../schemas/route-list.js';
import type { Route } from '../../schemas/routes.js';
import {
  learnerNameSeenBy,
  listableRoutes,
  partiesOf,
  type RouteFacts,
  routeRules,
} from '../access/index.js';
import { getRole } from '../catalog/index.js';
import { guard, param } from '../http/guard.js';
import type { Page } from '../kernel/pages.js';
import { listRoutes, loadRouteFacts, readRoute } from '../learning-routes/index.js';
import { requireSession } from '../web-auth/index.js';
import { Labelled } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { pageGuard } from './page-guard.js';
import { Fact, ScrollTable } from './page-parts.js';

/**
 * A route's learner as a page names them: by name, or once they erased themselves a neutral word,
 * never their id.
 * @example learnerLabel(t, route.learnerName) // 'Willem Jansen', or 'verwijderde lerende'
 */
const learnerLabel = (t: Messages, name: string | undefined) => name ?? t.routes.erasedLearner;

/**
 * How many essential competencies of a plan no module covers. Working independently is having learned
 * every essential competency, so while any is uncovered there is no day to promise it from.
 * @example essentialGaps(route.plan) > 0 ? t.compose.notIndependent(essentialGaps(route.plan)) : route.plan.independentFrom
 */
export const essentialGaps = (plan: Route['plan']): number =>
  plan.uncovered.filter((gap) => gap.priority === 'essential').length;

/**
 * Whose route it is, as a fact in a route page's description list. The page's guard lets only the
 * route's parties in, and each sees the name, so no name means the learner erased themselves.
 * @example <dl><WhoseRoute c={c} facts={await loadRouteFacts(deps, id)} />…</dl>
 */
export function WhoseRoute({ c, facts }: { c: PageContext; facts: RouteFacts }) {
  const t = c.get('t');
  const name = learnerNameSeenBy(partiesOf(c.get('principal'), facts), facts.learnerName);
  return <Fact label={t.routes.learner} value={learnerLabel(t, name)} />;
}

/**
 * The routes a signed-in person takes part in, as a table with a link to each (its page, or `linkTo`'s).
 * Each row starts with whose route it is, since two learners may follow the same role; not on a
 * learner's own list, where every route is theirs.
 */
export function RouteTable({
  c,
  page,
  linkTo = (id) => `/pages/routes/${encodeURIComponent(id)}`,
}: {
  c: PageContext;
  page: Page<RouteSummary>;
  linkTo?: (routeId: string) => string;
}) {
  const t = c.get('t');
  if (page.items.length === 0) return <p>{t.home.noRoutes}</p>;
  const whose = listableRoutes(c.get('principal')).by !== 'learner';
  return (
    <ScrollTable
      label={t.routes.caption}
      headers={[
        ...(whose ? [t.routes.learner] : []),
        t.routes.role,
        t.routes.status,
        t.routes.start,
        t.routes.independentFrom,
      ]}
      stacked
    >
      {page.items.map((route) => {
        const learner = learnerLabel(t, route.learnerName);
        const role = (
          <>
            <a
              href={linkTo(route.id)}
              aria-label={whose ? t.routes.openOf(route.roleTitle, learner) : t.routes.open(route.roleTitle)}
            >
              {route.roleTitle}
            </a>
            {/* Where: a learner may have routes to the same role at two instellingen or werkgevers. */}
            <span class="hint">{t.routes.where(route.institutionName, route.employerName)}</span>
            {route.qualificationTitle ? <span class="hint">{route.qualificationTitle}</span> : null}
          </>
        );
        return (
          <tr>
            {/* The row's header says whose route it is where that is asked, else which role it leads to. */}
            {whose ? (
              <>
                <th scope="row" data-label={t.routes.learner}>
                  {learner}
                </th>
                <td data-label={t.routes.role}>{role}</td>
              </>
            ) : (
              <th scope="row">{role}</th>
            )}
            <td data-label={t.routes.status}>{t.routes.statuses[route.status]}</td>
            <td data-label={t.routes.start}>{route.startDate}</td>
            <td data-label={t.routes.independentFrom}>{route.independentFrom}</td>
          </tr>
        );
      })}
    </ScrollTable>
  );
}

/**
 * What a page of routes asks `GET /routes` for, from its own URL: 50 a page, from `cursor`, and with `q`
 * the routes whose learner's name or role has that text.
 * @example await listRoutes(deps, principal, { ...routeListQuery(c), assessor: 'me' })
 */
export function routeListQuery(c: PageContext): { limit: number; cursor?: string; q?: string } {
  const cursor = c.req.query('cursor');
  const q = c.req.query('q')?.trim().slice(0, 100);
  return { limit: 50, ...(cursor ? { cursor } : {}), ...(q ? { q } : {}) };
}

/**
 * A page of the routes one takes part in: a search on the learner's name and the role (not on a
 * learner's own list), the table (see RouteTable), and a link to the next page that keeps the search.
 * `path` is the page's own path; `q` what was searched for.
 * @example <RouteList c={c} page={page} path="/pages/team" q={c.req.query('q')} linkTo={teamPath} />
 */
export function RouteList({
  c,
  page,
  path,
  q,
  linkTo,
}: {
  c: PageContext;
  page: Page<RouteSummary>;
  path: string;
  q: string | undefined;
  linkTo?: (routeId: string) => string;
}) {
  const t = c.get('t');
  const searchable = listableRoutes(c.get('principal')).by !== 'learner';
  return (
    <>
      {searchable ? (
        // A GET form: searching works without script, writes nothing and needs no CSRF token.
        <search aria-label={t.routes.searchLabel}>
          <form method="get" action={path}>
            <Labelled id="route-q" label={t.routes.search} />
            <input type="search" id="route-q" name="q" value={q ?? ''} />
            <div class="actions">
              <button type="submit" class="secondary">
                {t.routes.searchButton}
              </button>
            </div>
          </form>
        </search>
      ) : null}
      {q && page.items.length === 0 ? (
        <p class="hint">{t.routes.noneFound(q)}</p>
      ) : (
        <RouteTable c={c} page={page} {...(linkTo ? { linkTo } : {})} />
      )}
      {page.nextCursor ? (
        <p>
          <a href={`${path}?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}>
            {t.routes.more}
          </a>
        </p>
      ) : null}
    </>
  );
}

/**
 * A route's plan as a table: each module in order, essential ones marked, with its status and dates.
 * @example <PlanTable t={t} items={route.plan.items} />
 */
export function PlanTable({ t, items }: { t: Messages; items: Route['plan']['items'] }) {
  return (
    <section class="table-wrap" aria-label={t.route.planHeading} tabindex={0}>
      <table>
        <caption class="visually-hidden">{t.route.planHeading}</caption>
        <thead>
          <tr>
            <th scope="col">{t.route.module}</th>
            <th scope="col">{t.route.itemStatus}</th>
            <th scope="col">{t.route.period}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <th scope="row">
                {item.code} {item.title}
                {item.essential ? <span class="hint">{t.route.essential}</span> : null}
              </th>
              <td>{t.route.itemStatuses[item.status]}</td>
              <td>{item.plannedStart ? `${item.plannedStart} – ${item.plannedEnd ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The routes pages: the list of the routes one takes part in (GET /routes's query, as the API lists them
 * for the same principal) and one route, guarded by `routeRules.read` as `GET /routes/{id}` is.
 * @example pages.route('/', routePages())
 */
export const routePages = () =>
  new Hono<PageEnv>()
    .get('/pages/routes', requireSession<PageEnv>(), async (c) => {
      const t = c.get('t');
      const query = routeListQuery(c);
      const page = await listRoutes(c.get('deps'), c.get('principal'), query);
      return renderPage(
        c,
        { title: t.routes.title, section: 'routes' },
        <RouteList c={c} page={page} path="/pages/routes" q={query.q} />,
      );
    })
    .get('/pages/routes/:id', pageGuard(guard(param('id', loadRouteFacts), routeRules.read)), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const id = c.req.param('id') ?? '';
      const [route, facts] = await Promise.all([readRoute(deps, id), loadRouteFacts(deps, id)]);
      const { title: roleTitle } = await getRole(deps, route.roleId);
      const sub = (rest: string) => `/pages/routes/${encodeURIComponent(id)}/${rest}`;
      return renderPage(
        c,
        { title: t.route.title(roleTitle), section: 'routes' },
        <>
          <dl>
            <WhoseRoute c={c} facts={facts} />
            <dt>{t.routes.status}</dt>
            <dd>
              {t.routes.statuses[route.status]} · {t.route.version(route.version)}
            </dd>
            <dt>{t.routes.start}</dt>
            <dd>{route.startDate}</dd>
            <dt>{t.routes.independentFrom}</dt>
            <dd>
              {essentialGaps(route.plan) > 0
                ? t.compose.notIndependent(essentialGaps(route.plan))
                : route.plan.independentFrom}
            </dd>
          </dl>
          <h2>{t.route.planHeading}</h2>
          <PlanTable t={t} items={route.plan.items} />
          <nav aria-labelledby="subpages">
            <h2 id="subpages">{t.subpages.heading}</h2>
            <ul>
              <li>
                <a href={sub('timeline')}>
                  {c.get('principal').role === 'learner' ? t.timeline.link : t.timeline.linkOthers}
                </a>
              </li>
              {routeRules.signOff.allows(c.get('principal'), facts) ? (
                <li>
                  <a href={sub('sign-off')}>{t.assessor.signOffLink(roleTitle)}</a>
                </li>
              ) : null}
              <li>
                <a href={sub('team')}>{t.team.manage(roleTitle)}</a>
              </li>
              <li>
                <a href={sub('history')}>{t.history.open(roleTitle)}</a>
              </li>
            </ul>
          </nav>
          <p>
            <a href="/pages/routes">{t.route.backToList}</a>
          </p>
        </>,
      );
    });
