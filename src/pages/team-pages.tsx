import { Hono } from 'hono';
import { ApprovalParty, type Route } from '../../schemas/routes.js';
import { approvingParty, routeRules } from '../access/index.js';
import { getRole, listAssessors } from '../catalog/index.js';
import { approveRoute, listRoutes, loadRouteFacts, readRoute } from '../learning-routes/index.js';
import { assignAssessor, listRouteAssessors } from '../signoffs/index.js';
import { CsrfField, DoneNotice, FormError, field, onRoute, refusalOf } from './forms.js';
import { renderPage } from './layout.js';
import { timelinePath } from './learner-pages.js';
import type { PageContext, PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { RouteList, routeListQuery, WhoseRoute } from './route-pages.js';

const teamPath = (id: string) => `/pages/routes/${encodeURIComponent(id)}/team`;

/** Who approved the current version, and who of the three still has to. */
function Approvals({ c, route }: { c: PageContext; route: Route }) {
  const t = c.get('t');
  return (
    <ul class="checks">
      {ApprovalParty.options.map((party) => {
        const approval = route.approvals.find((a) => a.party === party);
        return (
          <li>
            <span class={`verdict ${approval ? 'ok' : 'bad'}`}>
              {approval
                ? t.team.approvedBy(t.team.parties[party] ?? party, approval.at.slice(0, 10))
                : t.team.stillToApprove(t.team.parties[party] ?? party)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The team page of a route: its praktijkopleiders, assigning one, and the approvals of its current version. */
async function teamPage(c: PageContext, error?: string) {
  const t = c.get('t');
  const deps = c.get('deps');
  const principal = c.get('principal');
  const id = c.req.param('id') ?? '';
  const [route, facts, assigned] = await Promise.all([
    readRoute(deps, id),
    loadRouteFacts(deps, id),
    listRouteAssessors(deps, id),
  ]);
  const { title } = await getRole(deps, route.roleId);
  // What this person may do here: the same pure rules the operations declare, on a route not ended.
  const ended = route.status === 'ended';
  const mayAssign = !ended && routeRules.assignAssessor.allows(principal, facts);
  const party = approvingParty(principal, facts);
  const mayApprove = !ended && party !== undefined && !route.approvals.some((a) => a.party === party);
  const candidates = mayAssign
    ? (await listAssessors(deps, { employer: route.employerId, limit: 100 })).items.filter(
        (a) => !assigned.some((r) => r.assessorId === a.id),
      )
    : [];
  const done = c.req.query('done');
  const notices: Record<string, string> = {
    assigned: t.team.assigned,
    already: t.team.alreadyAssigned,
    approved: t.team.approved,
    composed: t.compose.composed,
  };
  return renderPage(
    c,
    { title: t.team.routeTitle(title), section: 'work', ...(error ? { status: 400 as const } : {}) },
    <>
      <DoneNotice text={done ? notices[done] : undefined} />
      <FormError message={error} />
      <dl>
        <WhoseRoute c={c} facts={facts} />
      </dl>
      <h2>{t.team.assignedHeading}</h2>
      {assigned.length === 0 ? (
        <p>{t.team.noAssessors}</p>
      ) : (
        <ul>
          {assigned.map((a) => (
            <li>
              {a.name}
              {a.qualifications.length > 0 ? <span class="hint">{a.qualifications.join(', ')}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {mayAssign && candidates.length > 0 ? (
        <form method="post" action={`/pages/routes/${encodeURIComponent(id)}/assessors`}>
          <CsrfField c={c} />
          <h3>{t.team.assignHeading}</h3>
          <label for="assessor">{t.team.assessorLabel}</label>
          <select id="assessor" name="assessorId">
            {candidates.map((a) => (
              <option value={a.id}>{a.name}</option>
            ))}
          </select>
          <div class="actions">
            <button type="submit">{t.team.assign}</button>
          </div>
        </form>
      ) : null}
      {ended ? <p class="notice">{t.team.ended}</p> : null}
      <h2>{t.team.approvalsHeading(route.version)}</h2>
      <Approvals c={c} route={route} />
      {!ended && route.status !== 'draft' && route.approvals.length === ApprovalParty.options.length ? (
        <p>{t.team.agreed}</p>
      ) : null}
      {mayApprove ? (
        <form method="post" action={`/pages/routes/${encodeURIComponent(id)}/approvals`}>
          <CsrfField c={c} />
          <button type="submit">{t.team.approve(route.version)}</button>
        </form>
      ) : null}
      <p>
        <a href={`/pages/routes/${encodeURIComponent(id)}`}>{t.route.backToRoute}</a>
      </p>
    </>,
  );
}

/**
 * The werkgever's pages (and the approval every party of a route sees):
 * - `/pages/team`: the routes toward our roles (`GET /routes?employer=`).
 * - `/pages/routes/{id}/team` (`routeRules.read`): the assigned praktijkopleiders and a form to assign
 *   one (shown to whom `routeRules.assignAssessor` allows, and posted to a page behind that rule), and
 *   the approvals of the current version: who approved, who still has to, and an approve button for
 *   whichever of the three who agree has not yet (`routeRules.approve`): the learner, the opleider, or
 *   the workplace through its assigned praktijkopleider or its werkgever.
 * @example pages.route('/', teamPages())
 */
export const teamPages = () =>
  new Hono<PageEnv>()
    .get('/pages/team', rolePage('werkgever'), async (c) => {
      const t = c.get('t');
      const { employer } = c.get('principal');
      const query = routeListQuery(c);
      const page = await listRoutes(c.get('deps'), c.get('principal'), {
        ...(employer ? { employer } : {}),
        ...query,
      });
      return renderPage(
        c,
        { title: t.team.title, section: 'work' },
        <>
          <p class="lead">{t.team.intro}</p>
          <RouteList c={c} page={page} path="/pages/team" q={query.q} linkTo={teamPath} />
        </>,
      );
    })
    .get('/pages/routes/:id/team', onRoute(), (c) => teamPage(c))
    .post('/pages/routes/:id/assessors', onRoute(routeRules.assignAssessor), async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      let created: boolean;
      try {
        ({ created } = await assignAssessor(c.get('deps'), c.get('principal'), id, {
          assessorId: field(form, 'assessorId') ?? '',
        }));
      } catch (error) {
        return teamPage(c, refusalOf(error));
      }
      return c.redirect(`${teamPath(id)}?done=${created ? 'assigned' : 'already'}`, 303);
    })
    .post('/pages/routes/:id/approvals', onRoute(routeRules.approve), async (c) => {
      const id = c.req.param('id');
      try {
        await approveRoute(c.get('deps'), c.get('principal'), id);
      } catch (error) {
        return teamPage(c, refusalOf(error));
      }
      // A learner approves from their timeline (ApprovalRequest) and goes back there; the others from here.
      const back = c.get('principal').role === 'learner' ? timelinePath(id) : teamPath(id);
      return c.redirect(`${back}?done=approved`, 303);
    });
