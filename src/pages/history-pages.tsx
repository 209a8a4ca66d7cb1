import { Hono } from 'hono';
import type { Route, RouteChangeFacts } from '../../schemas/routes.js';
import { learnerNameSeenBy, partiesOf } from '../access/index.js';
import { getRole, learningOutcomeCodes } from '../catalog/index.js';
import { routeCredentials } from '../issuance/index.js';
import type { AuditEntry } from '../kernel/audit.js';
import { listRoutes, loadRouteFacts, readRoute, routeAuditTrail } from '../learning-routes/index.js';
import { listRouteAssessors } from '../signoffs/index.js';
import { onRoute } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import { localMoment } from './local-time.js';
import type { PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { Fact, ScrollTable } from './page-parts.js';
import { RouteList, routeListQuery, WhoseRoute } from './route-pages.js';

const historyPath = (id: string) => `/pages/routes/${encodeURIComponent(id)}/history`;

/**
 * The names of the people a route's audit trail names, by actor (`role:subject`, see actorLabel), as far
 * as Loopbrug keeps them: its praktijkopleiders (the `assessor` table) and its learner (to a party of
 * the route, learnerNameSeenBy). Opleiders and werkgevers sign in with an account only.
 */
type Names = ReadonlyMap<string, string>;

/**
 * Who did something, as the audit keeps it, in words: their name and role where `names` knows them, else
 * their role with the account beside it, and Loopbrug itself as such; anything else as it is kept. With
 * `cause`, what they did caused the event (a credential's change after their sign-off), said so.
 * @example <Person t={t} actor="praktijkopleider:pol-de-hoven-1" names={names} /> // Gerrit Mulder (praktijkopleider)
 */
function Person({
  t,
  actor,
  names,
  cause,
}: {
  t: Messages;
  actor: string;
  names: Names;
  cause?: ((who: string) => string) | undefined;
}) {
  const at = actor.indexOf(':');
  if (actor.slice(0, at) === 'system') return <>{t.history.system}</>;
  const role = at > 0 ? (t.roles as Record<string, string>)[actor.slice(0, at)] : undefined;
  if (!role) return <>{actor}</>;
  const name = names.get(actor);
  return (
    <>
      {cause ? cause(name ?? role) : name ? t.history.actor(name, role) : role}
      {name ? null : <span class="hint">{t.history.account(actor.slice(at + 1))}</span>}
    </>
  );
}

/** An audit event's detail, read field by field: it is JSON as the writer left it. */
const detailOf = (event: AuditEntry) => (event.detail ?? {}) as Record<string, unknown>;
const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * What caused a credential's event when a praktijkopleider's sign-off did, rather than their decision
 * (they change no credential by hand): the module was completed (issued), a correction took it back
 * (suspended, its detail naming the `correction`), or it was passed again (reinstated after that
 * correction). Anyone else's event, an opleider issuing for a cohort say, is theirs.
 */
function causeOf(t: Messages, event: AuditEntry) {
  if (event.resourceType !== 'credential' || !event.actor.startsWith('praktijkopleider:')) return undefined;
  if (event.action === 'credential.issued') return t.history.afterSignoff;
  if (typeof detailOf(event).correction !== 'string') return undefined;
  return event.action === 'credential.suspended' ? t.history.afterCorrection : t.history.afterSignoff;
}

/** What the history page looks up once for all its rows, so that no row asks the database. */
interface Lookups {
  /** Every version, oldest first (`versions[n - 1]` is version n). */
  versions: readonly Route[];
  /** The module code of each of the route's credentials, by credential id. */
  credentialCode: ReadonlyMap<string, string>;
  /** The code of each leeruitkomst the page's sign-offs name, by id. */
  outcomeCode: ReadonlyMap<string, string>;
  /** The route's praktijkopleiders' names, by assessor id. */
  assessorName: ReadonlyMap<string, string>;
}

/** The version an event of the route made or names (`detail.version`), if the page has it. */
const versionOf = (event: AuditEntry, { versions }: Lookups) => {
  const { version } = detailOf(event);
  return typeof version === 'number' ? versions[version - 1] : undefined;
};

/**
 * What an audit event did, in words, with the codes it is about: a sign-off names its leeruitkomst and
 * result, a credential's event the code of its credential's module (found by the credential, as its
 * status changes do not name the module), a change that made a version (its detail has the English
 * `summary`) says that version's change as the versions table does, an approval the version and party.
 * Anything else, or a detail without what the words need, shows the action's words or else its key.
 * @example actionText(t, { action: 'signoff.recorded', detail: { outcomeId, result: 'passed' }, … }, lookups) // 'DH-LU-WAK afgetekend: behaald'
 */
function actionText(t: Messages, event: AuditEntry, lookups: Lookups): string {
  const credentialWords =
    event.resourceType === 'credential' ? t.history.credentialActions[event.action] : undefined;
  if (credentialWords)
    return credentialWords(lookups.credentialCode.get(event.resourceId) ?? event.resourceId);
  const detail = detailOf(event);
  const code = textOf(detail.code);
  const version = versionOf(event, lookups);
  switch (event.action) {
    case 'signoff.recorded':
    case 'signoff.corrected': {
      const outcome = lookups.outcomeCode.get(textOf(detail.outcomeId) ?? '');
      const results: Record<string, string> = { passed: t.assessor.passed, 'not-yet': t.assessor.notYet };
      const result = results[textOf(detail.result) ?? ''];
      if (outcome && result)
        return (event.action === 'signoff.recorded' ? t.history.signedOff : t.history.corrected)(
          outcome,
          result,
        );
      break;
    }
    case 'route.approved': {
      const party = textOf(detail.party);
      if (version && party) return t.history.approved(version.version, t.team.parties[party] ?? party);
      break;
    }
    case 'route.assessor-assigned': {
      const name = lookups.assessorName.get(textOf(detail.assessorId) ?? '');
      if (name) return t.history.assessorAssigned(name);
      break;
    }
    case 'route.exemption-granted':
      if (code) return t.history.exemptionGranted(code);
      break;
    case 'route.exemption-dropped':
      if (code) return t.history.exemptionDropped(code);
      break;
    default:
      if (version?.change.facts && typeof detail.summary === 'string') return changeText(t, version.change);
  }
  return t.history.actions[event.action] ?? event.action;
}

/**
 * Why an exemption lapsed, in words: planEvents keeps it as English parts (`credential-revoked: urn:… (…)`,
 * `exemption-refused: <the opleider's reason>`, `completed`…), each worded by its kind where the pages
 * have words for it (a refusal followed by its reason, which people wrote), else as kept.
 * @example droppedText(t, 'credential-revoked: urn:uuid:… (revoked)') // 'Het credential is ingetrokken door wie het uitgaf.'
 */
const droppedText = (t: Messages, why: string) =>
  why
    .split('; ')
    .map((part) => {
      const [kind = '', ...rest] = part.split(': ');
      const words = t.timeline.reasons[kind];
      if (!words) return t.history.dropped[part] ?? part;
      return kind === 'exemption-refused' ? `${words} ${rest.join(': ')}` : words;
    })
    .join(' ');

/**
 * The facts of an audit event its words leave out, label and value, in the reader's language: the date
 * a sign-off's praktijktoets was taken, its reason if a correction and the accommodations used; why a
 * credential's status changed (the reason staff gave, or for a reinstatement that followed a correction
 * the page's own words, as the recorded reason is the system's English sentence); the version a change
 * (or the planning of an exemption or override) made; an exemption's evidence and why it lapsed; an
 * admission override's reason. Internal ids are left out: `GET /routes/{id}/audit` keeps the record as
 * written, for an auditor who needs them.
 */
function eventFacts(t: Messages, event: AuditEntry, lookups: Lookups): [string, string | undefined][] {
  const detail = detailOf(event);
  const reason = textOf(detail.reason);
  if (event.resourceType === 'signoff') {
    const used = Array.isArray(detail.accommodations) ? detail.accommodations.map(String) : [];
    return [
      [t.assessor.date, textOf(detail.date)],
      [t.history.reason, reason],
      [t.assessor.accommodationsUsed, used.map((a) => t.accommodations.names[a] ?? a).join(', ')],
    ];
  }
  if (event.resourceType === 'credential') {
    const followed = event.action === 'credential.reinstated' && typeof detail.correction === 'string';
    return [[t.history.reason, followed ? t.history.passedAgain : reason]];
  }
  const evidence = Array.isArray(detail.evidence) ? (detail.evidence as { description?: unknown }[]) : [];
  const why = textOf(detail.why);
  return [
    // An approval's words name its version already.
    [
      t.history.version,
      event.action === 'route.approved' ? undefined : versionOf(event, lookups)?.version.toString(),
    ],
    [t.assessor.evidenceHeading, evidence.map((e) => textOf(e.description) ?? '').join('; ')],
    [t.history.why, why === undefined ? undefined : droppedText(t, why)],
    [t.history.reason, event.action === 'route.admission-overridden' ? reason : undefined],
  ];
}

/** An audit event's facts (eventFacts) as a definition list; nothing when it has none. */
function EventFacts({ t, event, lookups }: { t: Messages; event: AuditEntry; lookups: Lookups }) {
  const facts = eventFacts(t, event, lookups).filter(([, value]) => value);
  return facts.length === 0 ? null : (
    <dl class="facts">
      {facts.map(([label, value]) => (
        <Fact label={label} value={value} />
      ))}
    </dl>
  );
}

/**
 * Who approved a version, in words, a line each: the approvals given to it, and those it kept from an
 * earlier version (nextVersion's keepApprovals copies them with when and by whom they were given, so one
 * given before this version was made was carried over) as still holding, naming the version that was
 * approved: the latest made before the approval was given.
 * @example approvalLines(t, versions[2], versions) // ['Goedkeuringen van versie 2 blijven gelden: opleider, werkplek (…), lerende']
 */
function approvalLines(t: Messages, version: Route, versions: readonly Route[]): string[] {
  const parties = (approvals: Route['approvals']) =>
    approvals.map((a) => t.team.parties[a.party] ?? a.party).join(', ');
  const given = version.approvals.filter((a) => a.at >= version.change.at);
  const kept = new Map<number, Route['approvals']>();
  for (const approval of version.approvals.filter((a) => a.at < version.change.at)) {
    const origin = versions.findLast((v) => v.change.at <= approval.at)?.version ?? 1;
    kept.set(origin, [...(kept.get(origin) ?? []), approval]);
  }
  return [
    ...(given.length > 0 || kept.size === 0 ? [`${t.team.approvals}: ${parties(given) || t.team.none}`] : []),
    ...[...kept].map(([origin, approvals]) => t.history.approvalsKept(origin, parties(approvals))),
  ];
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
 * - `/pages/learners`: the routes through my instelling (`GET /routes?institution=`), whose they are
 *   and a search on the learner's name or role (RouteList), each leading to its history.
 * - `/pages/routes/{id}/history` (`routeRules.read`, as `GET /routes/{id}/versions/{version}` and
 *   `GET /routes/{id}/audit`): every version with its change and its approvals, and the audit trail a
 *   page at a time, both newest first, each event in words with the codes it is about and each person
 *   by name where Loopbrug keeps one.
 * @example pages.route('/', historyPages())
 */
export const historyPages = () =>
  new Hono<PageEnv>()
    .get('/pages/learners', rolePage('opleider'), async (c) => {
      const t = c.get('t');
      const principal = c.get('principal');
      const query = routeListQuery(c);
      const routes = await listRoutes(c.get('deps'), principal, {
        ...(principal.institution ? { institution: principal.institution } : {}),
        ...query,
      });
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
          <RouteList c={c} page={routes} path="/pages/learners" q={query.q} linkTo={historyPath} />
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
      const [trail, credentials, { title }, assessors, facts] = await Promise.all([
        // Newest first, as the versions are: a reader of a history looks for what happened last, and
        // each further page goes back in time (the API pages oldest first).
        routeAuditTrail(deps, id, { limit: 50, newestFirst: true, ...(cursor ? { cursor } : {}) }),
        routeCredentials(deps, id),
        getRole(deps, current.roleId),
        listRouteAssessors(deps, id),
        loadRouteFacts(deps, id),
      ]);
      // Each credential's module by its code, from the plans of every version: one left out of the
      // plan later is still in the version that completed it.
      const codes = new Map(versions.flatMap((v) => v.plan.items.map((i) => [i.moduleId, i.code])));
      const lookups: Lookups = {
        versions,
        credentialCode: new Map(
          credentials.items.flatMap((cred) => {
            const code = codes.get(cred.moduleId ?? '');
            return code === undefined ? [] : [[cred.id, code]];
          }),
        ),
        outcomeCode: await learningOutcomeCodes(
          deps,
          trail.items.flatMap((e) => textOf(detailOf(e).outcomeId) ?? []),
        ),
        assessorName: new Map(assessors.map((a) => [a.assessorId, a.name])),
      };
      const { learnerSubject } = facts;
      const name = learnerNameSeenBy(partiesOf(c.get('principal'), facts), facts.learnerName);
      const names: Names = new Map([
        ...assessors.flatMap((a) => (a.subject ? [[`praktijkopleider:${a.subject}`, a.name] as const] : [])),
        ...(learnerSubject && name ? [[`learner:${learnerSubject}`, name] as const] : []),
      ]);
      return renderPage(
        c,
        { title: t.history.routeTitle(title), section: 'work' },
        <>
          <dl>
            <WhoseRoute c={c} facts={facts} />
          </dl>
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
                  {approvalLines(t, v, versions).map((line) => (
                    <span class="hint">{line}</span>
                  ))}
                </td>
                <td data-label={t.history.by}>
                  <Person t={t} actor={v.change.by} names={names} />
                </td>
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
                    {actionText(t, event, lookups)}
                  </th>
                  <td data-label={t.history.by}>
                    <Person t={t} actor={event.actor} names={names} cause={causeOf(t, event)} />
                  </td>
                  {/* Empty, and so hidden on a phone, when the row's words say everything. */}
                  <td data-label={t.history.detail}>
                    <EventFacts t={t} event={event} lookups={lookups} />
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
