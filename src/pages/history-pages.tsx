import { Hono } from 'hono';
import type { RouteSummary } from '../../schemas/route-list.js';
import type { Route, RouteChangeFacts } from '../../schemas/routes.js';
import { getRole } from '../catalog/index.js';
import { routeCredentials } from '../issuance/index.js';
import type { AuditEntry } from '../kernel/audit.js';
import { learnerNames } from '../learners/index.js';
import { listRoutes, readRoute, routeAuditTrail } from '../learning-routes/index.js';
import { onRoute } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import { localMoment } from './local-time.js';
import type { PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { ScrollTable } from './page-parts.js';

const historyPath = (id: string) => `/pages/routes/${encodeURIComponent(id)}/history`;

/** Routes on one page of `/pages/learners`: the rest follow behind a link, each page a query. */
const ROUTES_A_PAGE = 50;

/**
 * Who did something, as the audit keeps it (`role:subject`, see actorLabel), in words: the role named
 * in the page's language and the subject beside it; anything else as it is kept.
 * @example actorText(t, 'learner:willem') // 'lerende (willem)'
 */
function actorText(t: Messages, actor: string): string {
  const at = actor.indexOf(':');
  const role = (t.roles as Record<string, string>)[actor.slice(0, at)];
  return at > 0 && role ? t.history.actor(role, actor.slice(at + 1)) : actor;
}

/**
 * What an audit event did, in words: a credential's event names the code of its credential's module
 * (found by the credential, as its status changes do not name the module), any other event its action;
 * an action without words shows its key.
 * @example actionText(t, { action: 'credential.suspended', resourceId: 'urn:uuid:…', … }, codeOf) // 'Credential voor DH-WAK geschorst'
 */
function actionText(t: Messages, event: AuditEntry, codeOf: ReadonlyMap<string, string>): string {
  const words = event.resourceType === 'credential' ? t.history.credentialActions[event.action] : undefined;
  return words
    ? words(codeOf.get(event.resourceId) ?? event.resourceId)
    : (t.history.actions[event.action] ?? event.action);
}

/**
 * Why a credential's status changed, as its audit event records it (see changeCredentialStatus): the
 * reason staff gave, or, for a reinstatement that followed a correction, the page's own words (the
 * recorded reason is the system's English sentence).
 */
function statusReason(t: Messages, event: AuditEntry) {
  if (event.resourceType !== 'credential') return null;
  const { reason, correction } = (event.detail ?? {}) as { reason?: unknown; correction?: unknown };
  const text =
    event.action === 'credential.reinstated' && typeof correction === 'string'
      ? t.history.passedAgain
      : reason;
  return typeof text === 'string' ? (
    <span class="hint">
      {t.history.reason}: {text}
    </span>
  ) : null;
}

/**
 * What a version changed, in the reader's language, from the facts the version keeps; a version made
 * before facts were kept shows its English summary.
 * @example changeText(t, { summary: 'paused …', facts: { kind: 'paused', from: '2027-07-01', until: '2027-08-15' } }) // 'Pauze van 2027-07-01 tot 2027-08-15'
 */
function changeText(t: Messages, change: Pick<Route['change'], 'summary' | 'facts'>): string {
  const words = t.history.changes;
  const facts: RouteChangeFacts | undefined = change.facts;
  switch (facts?.kind) {
    case undefined:
      return change.summary;
    case 'composed':
      return words.composed;
    case 'module-completed':
      return words.moduleCompleted(facts.code, facts.on);
    case 'completion-withdrawn':
      return words.completionWithdrawn(facts.code);
    case 'paused':
      return words.paused(facts.from, facts.until);
    case 'resumed':
      return words.resumed(facts.on);
    case 'pause-cancelled':
      return words.pauseCancelled(facts.from, facts.until, facts.planned);
    case 'replanned': {
      const parts = [
        facts.role === undefined ? undefined : words.newRole(facts.role),
        facts.qualification === undefined ? undefined : words.qualification(facts.qualification),
        facts.hoursPerWeek === undefined ? undefined : words.hours(facts.hoursPerWeek),
      ].filter((part) => part !== undefined);
      return `${words.replanned}: ${parts.join(', ') || words.sameTarget}`;
    }
    case 'adjusted': {
      const { operations: op } = words;
      const text = facts.operations
        .map((o) => {
          const code = o.code ?? '';
          switch (o.op) {
            case 'set-hours':
              return words.hours(o.hoursPerWeek ?? 0);
            case 'move':
              return op.move(code, o.position ?? 0);
            case 'record-completion':
              return op.recordCompletion(code, o.completedOn ?? '');
            case 'refuse-exemption':
              return op.refuseExemption(o.code ?? o.competency ?? '');
            default:
              return op[o.op](code);
          }
        })
        .join('; ');
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
  }
}

/**
 * The opleider's pages (composing stays in the API):
 * - `/pages/learners`: per learner, the routes through my instelling (`GET /routes?institution=`), a
 *   page at a time, with the names of the learners who granted us access (`GET /learners`), the others
 *   by id.
 * - `/pages/routes/{id}/history` (`routeRules.read`, as `GET /routes/{id}/versions/{version}` and
 *   `GET /routes/{id}/audit`): every version with its change, and the audit trail, a page at a time.
 * @example pages.route('/', historyPages())
 */
export const historyPages = () =>
  new Hono<PageEnv>()
    .get('/pages/learners', rolePage('opleider'), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const principal = c.get('principal');
      const cursor = c.req.query('cursor');
      const routes = await listRoutes(deps, principal, {
        ...(principal.institution ? { institution: principal.institution } : {}),
        limit: ROUTES_A_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      const nameOf = await learnerNames(
        deps,
        principal,
        routes.items.map((route) => route.learnerId),
      );
      const byLearner = new Map<string, RouteSummary[]>();
      for (const route of routes.items)
        byLearner.set(route.learnerId, [...(byLearner.get(route.learnerId) ?? []), route]);
      return renderPage(
        c,
        { title: t.history.title, section: 'work' },
        <>
          <p class="lead">{t.history.intro}</p>
          <p>
            <a class="button" href="/pages/routes/new">
              {t.history.compose}
            </a>
          </p>
          {byLearner.size === 0 ? <p>{t.home.noRoutes}</p> : null}
          {[...byLearner].map(([learnerId, items]) => (
            <section class="card" aria-labelledby={`learner-${learnerId}`}>
              <h2 id={`learner-${learnerId}`}>{t.history.learner(nameOf.get(learnerId) || learnerId)}</h2>
              <ul>
                {items.map((route) => (
                  <li>
                    <a href={historyPath(route.id)} aria-label={t.history.open(route.roleTitle)}>
                      {route.roleTitle}
                    </a>{' '}
                    · {t.routes.statuses[route.status]} · {t.route.version(route.version)} ·{' '}
                    {t.routes.independentFrom} {route.independentFrom}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {routes.nextCursor ? (
            <p>
              <a href={`/pages/learners?${new URLSearchParams({ cursor: routes.nextCursor })}`}>
                {t.routes.more}
              </a>
            </p>
          ) : null}
        </>,
      );
    })
    .get('/pages/routes/:id/history', onRoute(), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const id = c.req.param('id');
      const current = await readRoute(deps, id);
      const versions = await Promise.all(
        Array.from({ length: current.version }, (_, i) => readRoute(deps, id, i + 1)),
      );
      const cursor = c.req.query('cursor');
      const [trail, credentials, { title }] = await Promise.all([
        routeAuditTrail(deps, id, { limit: 50, ...(cursor ? { cursor } : {}) }),
        routeCredentials(deps, id),
        getRole(deps, current.roleId),
      ]);
      // Each credential's module by its code, from the plans of every version: one left out of the
      // plan later is still in the version that completed it.
      const codes = new Map(versions.flatMap((v) => v.plan.items.map((i) => [i.moduleId, i.code])));
      const codeOf = new Map(
        credentials.items.flatMap((cred) => {
          const code = codes.get(cred.moduleId ?? '');
          return code === undefined ? [] : [[cred.id, code]];
        }),
      );
      return renderPage(
        c,
        { title: t.history.routeTitle(title), section: 'work' },
        <>
          <h2>{t.history.versionsHeading}</h2>
          {/* Stacked on a phone, each cell under its column's name: a bare version number needs its label too. */}
          <ScrollTable
            label={t.history.versionsCaption}
            headers={[t.history.version, t.history.change, t.history.by, t.history.at]}
            stacked
          >
            {[...versions].reverse().map((v) => (
              <tr>
                <th scope="row" data-label={t.history.version}>
                  {v.version}
                </th>
                <td data-label={t.history.change}>
                  {changeText(t, v.change)}
                  {v.change.reason ? (
                    <span class="hint">
                      {t.history.reason}: {v.change.reason}
                    </span>
                  ) : null}
                  <span class="hint">
                    {t.team.approvals}:{' '}
                    {v.approvals.map((a) => t.team.parties[a.party] ?? a.party).join(', ') || t.team.none}
                  </span>
                </td>
                <td data-label={t.history.by}>{actorText(t, v.change.by)}</td>
                <td data-label={t.history.at}>{localMoment(t, c.get('lang'), v.change.at)}</td>
              </tr>
            ))}
          </ScrollTable>
          <h2>{t.history.auditHeading}</h2>
          {trail.items.length === 0 ? (
            <p>{t.history.none}</p>
          ) : (
            <ScrollTable
              label={t.history.auditCaption}
              headers={[t.history.at, t.history.action, t.history.by, t.history.detail]}
              stacked
            >
              {trail.items.map((event) => (
                <tr>
                  <td data-label={t.history.at}>{localMoment(t, c.get('lang'), event.at)}</td>
                  <th scope="row" data-label={t.history.action}>
                    {actionText(t, event, codeOf)}
                    {statusReason(t, event)}
                  </th>
                  <td data-label={t.history.by}>{actorText(t, event.actor)}</td>
                  {/* No label of its own: its summary says Details, and without a detail it is left out. */}
                  <td>
                    {event.detail === undefined ? null : (
                      // The record as it is kept, for who needs it; folded, as most readers do not.
                      <details>
                        <summary>{t.history.detail}</summary>
                        <code class="detail">{JSON.stringify(event.detail)}</code>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </ScrollTable>
          )}
          {trail.nextCursor ? (
            <p>
              <a href={`${historyPath(id)}?${new URLSearchParams({ cursor: trail.nextCursor })}`}>
                {t.history.more}
              </a>
            </p>
          ) : null}
          <p>
            <a href={`/pages/routes/${encodeURIComponent(id)}`}>{t.route.backToRoute}</a>
          </p>
        </>,
      );
    });
