import { Hono } from 'hono';
import { LearnerCreate } from '../../schemas/learners.js';
import type { RouteSummary } from '../../schemas/route-list.js';
import type { Route } from '../../schemas/routes.js';
import { getRole } from '../catalog/index.js';
import { learnerCredentials, statusHistoryOf } from '../issuance/index.js';
import { DomainError } from '../kernel/errors.js';
import { listLearners, registerLearner } from '../learners/index.js';
import {
  awaitingApproval,
  listRoutes,
  loadRouteFacts,
  readRoute,
  withdrawnCompletions,
} from '../learning-routes/index.js';
import { walletCopies } from '../wallet-issuance/index.js';
import { aboutOf, statusNote } from './credential-view.js';
import { CsrfField, DoneNotice, FormError, field, Labelled, onRoute, refusalOf } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import { localMoment, localTime } from './local-time.js';
import type { PageContext, PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { essentialGaps, RouteTable, WhoseRoute } from './route-pages.js';

/** Why a verified credential does not exempt now (issue 9): revoked, suspended, or its status unreadable. */
const NOT_EXEMPT_NOW = new Set(['credential-revoked', 'credential-suspended', 'status-unavailable']);

/**
 * The path of a credential's own page.
 * @example credentialPath('urn:uuid:…') // '/pages/credentials/urn%3Auuid%3A…'
 */
export const credentialPath = (id: string) => `/pages/credentials/${encodeURIComponent(id)}`;

/**
 * The path of a route's timeline, where its learner sees the plan and approves it.
 * @example timelinePath('0b6b…') // '/pages/routes/0b6b…/timeline'
 */
export const timelinePath = (id: string) => `/pages/routes/${encodeURIComponent(id)}/timeline`;

/** A route that may still be approved: one that ended or is completed waits for no one's approval. */
const mayStillApprove = (route: { status: Route['status'] }) =>
  route.status !== 'ended' && route.status !== 'completed';

/**
 * A notice for each of a learner's routes whose current version waits for their approval, with the way
 * to its timeline (where they see the plan and approve it): first on their pages, since nothing moves on
 * a route until its learner has approved it too. One read for all the routes.
 * @example <>{await approvalNotices(c, routes.items)}</>
 */
export async function approvalNotices(c: PageContext, routes: readonly RouteSummary[]) {
  const t = c.get('t');
  const waiting = await awaitingApproval(c.get('deps'), routes.filter(mayStillApprove), 'learner');
  return routes
    .filter((route) => waiting.has(route.id))
    .map((route) => (
      <div class="notice">
        <p>
          <strong>{t.me.toApprove(route.roleTitle)}</strong>
        </p>
        <p>
          <a href={timelinePath(route.id)}>{t.me.toApproveLink(route.roleTitle)}</a>
        </p>
      </div>
    ));
}

/**
 * Asks the learner to approve their route's current version, when they have not: the plan is theirs to
 * agree to, and until all three parties have, a draft does not start. The button posts to the approval
 * the team page offers too (`routeRules.approve`), which shows who else still has to approve.
 */
function ApprovalRequest({ c, route }: { c: PageContext; route: Route }) {
  const t = c.get('t');
  if (!mayStillApprove(route) || route.approvals.some((a) => a.party === 'learner')) return null;
  return (
    <div class="notice">
      <p>
        <strong>{t.timeline.toApprove}</strong>
      </p>
      <p>{route.status === 'draft' ? t.timeline.toApproveDraft : t.timeline.toApproveChanged}</p>
      <form method="post" action={`/pages/routes/${encodeURIComponent(route.id)}/approvals`}>
        <CsrfField c={c} />
        <button type="submit">{t.team.approve(route.version)}</button>
      </form>
    </div>
  );
}

/**
 * One item of the plan on the timeline: what it is, when, and why it stands as it does; `takenBack` says
 * why a module that was completed is planned again.
 */
function TimelineItem({
  t,
  route,
  item,
  takenBack,
}: {
  t: Messages;
  route: Route;
  item: Route['plan']['items'][number];
  takenBack: string | undefined;
}) {
  const exemption = route.inputs.exemptions.find((e) => e.moduleId === item.moduleId);
  const completion = route.inputs.completed.find((c) => c.moduleId === item.moduleId);
  const notExempt = item.reasons.filter((r) => NOT_EXEMPT_NOW.has(r.kind));
  return (
    <li class={`timeline-item ${item.status}`}>
      <h3>
        {item.code} {item.title}
      </h3>
      <p>
        <strong class={`tag ${item.status}`}>{t.timeline[item.status]}</strong>
        {item.essential ? ` · ${t.route.essential}` : ''}
      </p>
      {item.status === 'planned' ? (
        <p>
          {item.plannedStart
            ? `${t.timeline.from} ${item.plannedStart} ${t.timeline.until} ${item.plannedEnd ?? ''}`
            : t.timeline.noStartMoment}
        </p>
      ) : null}
      {takenBack ? <p class="notice">{takenBack}</p> : null}
      {completion ? <p>{t.timeline.completedOn(completion.completedOn)}</p> : null}
      {exemption ? (
        <p>
          {t.timeline.exemptBecause}: {exemption.evidence.description}
        </p>
      ) : null}
      {notExempt.length > 0 ? (
        <div class="notice bad">
          <p>
            <strong>{t.timeline.notExemptNow}</strong>
          </p>
          <ul>
            {notExempt.map((reason) => (
              <li>
                {t.timeline.reasons[reason.kind] ?? reason.kind}
                {typeof reason.credentialId === 'string' ? (
                  <span class="hint">{reason.credentialId}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}

/**
 * A route as a timeline: onboarding, every item in order (a module planned again after a correction took
 * its completion back says so, from `withdrawn`: withdrawnCompletions), pauses and refused exemptions;
 * spoken to the learner on their own route, and about the route to anyone else who may read it.
 */
function Timeline({
  c,
  route,
  ownRoute,
  withdrawn,
}: {
  c: PageContext;
  route: Route;
  ownRoute: boolean;
  withdrawn: Map<string, { at: string; reason: string }>;
}) {
  const t = c.get('t');
  const gaps = essentialGaps(route.plan);
  const takenBack = (item: Route['plan']['items'][number]) => {
    const withdrawal = item.status === 'planned' ? withdrawn.get(item.code) : undefined;
    return (
      withdrawal && t.timeline.takenBack(localTime(withdrawal.at, c.get('lang')).date, withdrawal.reason)
    );
  };
  const codeOf = (id: string) => route.plan.items.find((i) => i.moduleId === id)?.code ?? id;
  const items = [...route.plan.items].sort((a, b) => a.order - b.order);
  return (
    <>
      <h2>{t.timeline.onboardingHeading}</h2>
      <dl>
        <dt>{t.timeline.start}</dt>
        <dd>{route.startDate}</dd>
        <dt>{t.routes.independentFrom}</dt>
        <dd>
          {gaps > 0 ? (
            t.compose.notIndependent(gaps)
          ) : (
            <>
              {t.timeline.onboarding(route.onboarding.days, route.onboarding.independentFrom)}{' '}
              {route.onboarding.within100Days
                ? t.timeline.within100
                : ownRoute
                  ? t.timeline.beyond100
                  : t.timeline.beyond100Others}
            </>
          )}
        </dd>
        <dt>{t.timeline.end}</dt>
        <dd>{route.plan.endDate}</dd>
        <dt>{t.routes.status}</dt>
        <dd>
          {t.routes.statuses[route.status]} · {t.route.version(route.version)}
        </dd>
      </dl>
      <h2>{t.timeline.heading}</h2>
      <ol class="timeline">
        {items.map((item) => (
          <TimelineItem t={t} route={route} item={item} takenBack={takenBack(item)} />
        ))}
      </ol>
      <h2>{t.timeline.pausesHeading}</h2>
      {route.inputs.pauses.length === 0 ? (
        <p>{t.timeline.noPauses}</p>
      ) : (
        <ul>
          {route.inputs.pauses.map((pause) => (
            <li>
              {t.timeline.pause(pause.from, pause.until)}
              {pause.reason ? ` (${pause.reason})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>{t.timeline.refusedHeading}</h2>
      {route.plan.refusals.length === 0 ? (
        <p>{t.timeline.noRefusals}</p>
      ) : (
        <ul>
          {route.plan.refusals.map(({ refusal, appliesTo }) => (
            <li>
              <strong>
                {[...(refusal.moduleId ? [refusal.moduleId] : []), ...appliesTo]
                  .map(codeOf)
                  .filter((code, i, all) => all.indexOf(code) === i)
                  .join(', ') || refusal.competency}
              </strong>
              : {refusal.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** For a learner not registered yet: a form that registers them (`POST /learners` for themselves). */
function registrationPage(c: PageContext, values: Record<string, unknown>, error?: string) {
  const t = c.get('t');
  return renderPage(
    c,
    { title: t.me.title, section: 'work', ...(error ? { status: 400 as const } : {}) },
    <>
      <p class="lead">{t.me.notRegistered}</p>
      <p>{t.me.registerIntro}</p>
      <form method="post" action="/pages/me/registration" novalidate>
        <CsrfField c={c} />
        <FormError message={error} />
        <Labelled id="name" label={t.me.registerName} />
        <input
          id="name"
          name="name"
          type="text"
          required
          autocomplete="name"
          value={field(values, 'name') ?? ''}
        />
        <Labelled id="email" label={t.me.registerEmail} />
        <input
          id="email"
          name="email"
          type="email"
          required
          autocomplete="email"
          value={field(values, 'email') ?? ''}
        />
        <div class="actions">
          <button type="submit">{t.me.registerSubmit}</button>
        </div>
      </form>
    </>,
  );
}

/**
 * The learner's pages:
 * - `/pages/me` (and `POST /pages/me/registration` for a learner not registered yet, as `POST /learners`
 *   for oneself): first each route that waits for my approval, then my credentials with their badge
 *   images (`GET /learners/{id}/credentials` for the learner the session's subject is), my routes (each
 *   as a timeline), and the way to my data.
 * - `/pages/routes/{id}/timeline` (`routeRules.read`, as `GET /routes/{id}`): the route as a timeline;
 *   on my own route, asking me to approve its current version while I have not (ApprovalRequest).
 * @example pages.route('/', learnerPages())
 */
export const learnerPages = () =>
  new Hono<PageEnv>()
    .post('/pages/me/registration', rolePage('learner'), async (c) => {
      const t = c.get('t');
      const form = await c.req.parseBody();
      const input = LearnerCreate.safeParse({ name: field(form, 'name'), email: field(form, 'email') });
      if (!input.success) return registrationPage(c, form, t.me.registerInvalid);
      try {
        await registerLearner(c.get('deps'), c.get('principal'), input.data);
      } catch (error) {
        // Registered already (the form sent twice, or from another window): their page is what they wanted.
        if (error instanceof DomainError && error.kind === 'conflict') return c.redirect('/pages/me', 303);
        return registrationPage(c, form, refusalOf(error));
      }
      return c.redirect('/pages/me?done=registered', 303);
    })
    .get('/pages/me', rolePage('learner'), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const principal = c.get('principal');
      // The learners a principal may list are, for a learner, themselves (by subject); nobody else is "me".
      const me = (await listLearners(deps, principal, { limit: 1 })).items.find(
        (l) => l.subject === principal.sub,
      );
      if (!me) return registrationPage(c, { name: c.get('session')?.name ?? '' });
      const [routes, { items: credentials }] = await Promise.all([
        listRoutes(deps, principal, { learner: me.id, limit: 50 }),
        learnerCredentials(deps, me.id),
      ]);
      const [copies, history, approvals] = await Promise.all([
        walletCopies(
          deps,
          credentials.map((credential) => credential.id),
        ),
        // Why a credential is not valid now: its status changes, read for those alone, in one query.
        statusHistoryOf(
          deps,
          credentials
            .filter((credential) => credential.status !== 'active')
            .map((credential) => credential.id),
        ),
        approvalNotices(c, routes.items),
      ]);
      // Each credential followed by the copies wallets picked up of it (sort is stable: in pickup order).
      const position = new Map(credentials.map((credential, i) => [credential.id, i]));
      const rank = (id: string) => position.get(copies.get(id)?.copyOf ?? id) ?? position.get(id) ?? 0;
      const ordered = [...credentials].sort((a, b) => rank(a.id) - rank(b.id));
      return renderPage(
        c,
        { title: t.me.title, section: 'work' },
        <>
          <DoneNotice text={c.req.query('done') === 'registered' ? t.me.registered : undefined} />
          {approvals}
          {/* Under the page's own heading (Mijn credentials), each credential is a section of it. */}
          {credentials.length === 0 ? (
            <p>{t.me.noCredentials}</p>
          ) : (
            <ul class="cards">
              {ordered.map((credential) => {
                const about = aboutOf(credential.verifiableCredential, deps.urls.base);
                const name = about.achievement ?? t.credential.fallbackName;
                const copy = copies.get(credential.id);
                const copyLabel = copy
                  ? t.me.walletCopy(localMoment(t, c.get('lang'), copy.pickedUpAt))
                  : undefined;
                return (
                  <li class="card credential-card">
                    {about.image ? <img class="badge-image" src={about.image} alt="" /> : null}
                    <h2>
                      <a
                        href={credentialPath(credential.id)}
                        aria-label={t.credential.open(copyLabel ? `${name} (${copyLabel})` : name)}
                      >
                        {name}
                      </a>
                    </h2>
                    <p class="hint">
                      {about.issuer} · {about.issuedOn ?? credential.issuedAt.slice(0, 10)} ·{' '}
                      {t.me.statuses[credential.status] ?? credential.status}
                    </p>
                    {statusNote(
                      t,
                      c.get('lang'),
                      credential.status,
                      history.get(credential.id),
                      about.issuer,
                    ).map((line) => (
                      <p class="hint">{line}</p>
                    ))}
                    {copyLabel ? <p class="hint">{copyLabel}</p> : null}
                  </li>
                );
              })}
            </ul>
          )}
          <h2>{t.me.routesHeading}</h2>
          <RouteTable c={c} page={routes} linkTo={timelinePath} />
          <p>
            <a href={`/pages/learners/${encodeURIComponent(me.id)}`}>{t.me.privacyLink}</a>
          </p>
        </>,
      );
    })
    .get('/pages/routes/:id/timeline', onRoute(), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const [route, withdrawn, facts] = await Promise.all([
        readRoute(deps, c.req.param('id')),
        withdrawnCompletions(deps, c.req.param('id')),
        loadRouteFacts(deps, c.req.param('id')),
      ]);
      const { title } = await getRole(deps, route.roleId);
      const ownRoute = c.get('principal').role === 'learner';
      return renderPage(
        c,
        { title: ownRoute ? t.timeline.title(title) : t.route.title(title), section: 'work' },
        <>
          <DoneNotice text={c.req.query('done') === 'approved' ? t.team.approved : undefined} />
          {ownRoute ? (
            <ApprovalRequest c={c} route={route} />
          ) : (
            <dl>
              <WhoseRoute c={c} facts={facts} />
            </dl>
          )}
          <Timeline c={c} route={route} ownRoute={ownRoute} withdrawn={withdrawn} />
          <p>
            {ownRoute ? (
              <a href="/pages/me">{t.credential.back}</a>
            ) : (
              <a href={`/pages/routes/${encodeURIComponent(route.id)}`}>{t.route.backToRoute}</a>
            )}
          </p>
        </>,
      );
    });
