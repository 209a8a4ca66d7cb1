import { Hono } from 'hono';
import type { Route } from '../../schemas/routes.js';
import { getRole } from '../catalog/index.js';
import { learnerCredentials } from '../issuance/index.js';
import { listLearners } from '../learners/index.js';
import { listRoutes, readRoute } from '../learning-routes/index.js';
import { requireSession } from '../web-auth/index.js';
import { aboutOf } from './credential-view.js';
import { onRoute } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { RouteTable } from './route-pages.js';

/** Why a verified credential does not exempt now (issue 9): revoked, suspended, or its status unreadable. */
const NOT_EXEMPT_NOW = new Set(['credential-revoked', 'credential-suspended', 'status-unavailable']);

/**
 * The path of a credential's own page.
 * @example credentialPath('urn:uuid:…') // '/pages/credentials/urn%3Auuid%3A…'
 */
export const credentialPath = (id: string) => `/pages/credentials/${encodeURIComponent(id)}`;

/** One item of the plan on the timeline: what it is, when, and why it stands as it does. */
function TimelineItem({
  t,
  route,
  item,
}: {
  t: Messages;
  route: Route;
  item: Route['plan']['items'][number];
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

/** The learner's route as a timeline: onboarding, every item in order, pauses and refused exemptions. */
function Timeline({ c, route }: { c: PageContext; route: Route }) {
  const t = c.get('t');
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
          {t.timeline.onboarding(route.onboarding.days, route.onboarding.independentFrom)}{' '}
          {route.onboarding.within100Days ? t.timeline.within100 : t.timeline.beyond100}
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
          <TimelineItem t={t} route={route} item={item} />
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

/**
 * The learner's pages:
 * - `/pages/me`: my routes (each as a timeline) and my credentials with their badge images
 *   (`GET /learners/{id}/credentials` for the learner the session's subject is), and the way to my data.
 * - `/pages/routes/{id}/timeline` (`routeRules.read`, as `GET /routes/{id}`): the route as a timeline.
 * @example pages.route('/', learnerPages())
 */
export const learnerPages = () =>
  new Hono<PageEnv>()
    .get('/pages/me', requireSession<PageEnv>(), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const principal = c.get('principal');
      // The learners a principal may list are, for a learner, themselves (by subject); nobody else is "me".
      const me = (await listLearners(deps, principal, { limit: 1 })).items.find(
        (l) => l.subject === principal.sub,
      );
      if (!me)
        return renderPage(
          c,
          { title: t.me.title, section: 'work' },
          <p class="lead">{t.me.notRegistered}</p>,
        );
      const [routes, { items: credentials }] = await Promise.all([
        listRoutes(deps, principal, { learner: me.id, limit: 50 }),
        learnerCredentials(deps, me.id),
      ]);
      return renderPage(
        c,
        { title: t.me.title, section: 'work' },
        <>
          <h2>{t.me.credentialsHeading}</h2>
          {credentials.length === 0 ? (
            <p>{t.me.noCredentials}</p>
          ) : (
            <ul class="cards">
              {credentials.map((credential) => {
                const about = aboutOf(credential.verifiableCredential, deps.urls.base);
                const name = about.achievement ?? t.credential.fallbackName;
                return (
                  <li class="card credential-card">
                    {about.image ? <img class="badge-image" src={about.image} alt="" /> : null}
                    <h3>
                      <a href={credentialPath(credential.id)} aria-label={t.credential.open(name)}>
                        {name}
                      </a>
                    </h3>
                    <p class="hint">
                      {about.issuer} · {credential.issuedAt.slice(0, 10)} ·{' '}
                      {t.me.statuses[credential.status] ?? credential.status}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
          <h2>{t.me.routesHeading}</h2>
          <RouteTable
            c={c}
            page={routes}
            linkTo={(id) => `/pages/routes/${encodeURIComponent(id)}/timeline`}
          />
          <p>
            <a href={`/pages/learners/${encodeURIComponent(me.id)}`}>{t.me.privacyLink}</a>
          </p>
        </>,
      );
    })
    .get('/pages/routes/:id/timeline', onRoute(), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const route = await readRoute(deps, c.req.param('id'));
      const { title } = await getRole(deps, route.roleId);
      return renderPage(
        c,
        { title: t.timeline.title(title), section: 'work' },
        <>
          <Timeline c={c} route={route} />
          <p>
            <a href="/pages/me">{t.credential.back}</a>
          </p>
        </>,
      );
    });
