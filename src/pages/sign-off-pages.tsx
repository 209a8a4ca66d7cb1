import { Hono } from 'hono';
import type { Route } from '../../schemas/routes.js';
import { type Signoff, SignoffCreate } from '../../schemas/signoffs.js';
import { routeRules } from '../access/index.js';
import { getLearningOutcome, getModule, getModuleVersion, getRole } from '../catalog/index.js';
import {
  routeCredentials,
  type Settled,
  type StoredCredential,
  settleModuleCredentials,
  statusHistoryOf,
} from '../issuance/index.js';
import { fail } from '../kernel/errors.js';
import { today } from '../kernel/ports.js';
import { listRoutes, loadRouteFacts, readRoute } from '../learning-routes/index.js';
import {
  decidingSignoffs,
  listSignoffs,
  outcomeOnRoute,
  recordSignoff,
  type SignoffStanding,
  settleAfterSignoff,
  signedBefore,
  signoffRefusal,
  signoffStanding,
} from '../signoffs/index.js';
import { credentialName } from './credential-view.js';
import {
  CsrfField,
  DoneNotice,
  ErrorMessage,
  ErrorSummary,
  type FieldProblem,
  FormError,
  field,
  fieldNotes,
  fields,
  Labelled,
  onRoute,
  refusalOf,
} from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { ScrollTable } from './page-parts.js';
import { RouteList, routeListQuery, WhoseRoute } from './route-pages.js';

/** An outcome of a module in the plan, and where its sign-offs stand. */
interface OutcomeRow {
  id: string;
  code: string;
  title: string;
  requiresExaminer: boolean;
  /** The sign-off that decides where this outcome stands (see decidingSignoffs). */
  current: Signoff | undefined;
}

/** A module of the plan with the outcomes a praktijkopleider signs off. */
/** What the notice after a sign-off says happened (see doneAfter). */
const DONE = [
  'recorded',
  'issued',
  'reinstated',
  'suspended',
  'completed',
  'takenBack',
  'completedRevoked',
  'completedSuspended',
] as const;
type Done = (typeof DONE)[number];
const isDone = (value: string | undefined): value is Done => DONE.includes(value as Done);

/**
 * What a sign-off did, as its notice says it: only what was done. A credential issued, reinstated or
 * suspended by settling after it; a module the route showed completed and no longer is, taken back
 * (its credential left as someone left it: revoked or suspended by hand, or still to be suspended); a
 * module completed now whose credential someone revoked or suspended by hand, completed with that
 * credential as it is (`held`: no second credential is issued for a module, and a suspension by hand
 * stays until the opleider lifts it); otherwise it was recorded, and that is all it says (the module
 * may have been completed before). A completed module whose settling failed (`settled` undefined:
 * logged, and the sweep settles it) is "completed", its credential still to come.
 */
function doneAfter(
  module: { wasCompleted: boolean; completed: boolean; held: StoredCredential['status'] | undefined },
  settled: Settled | undefined,
): Done {
  if (settled?.reinstated.length) return 'reinstated';
  if (settled?.suspended.length) return 'suspended';
  if (module.wasCompleted && !module.completed) return 'takenBack';
  if (settled === undefined) return module.completed ? 'completed' : 'recorded';
  if (settled.issued.length > 0) return 'issued';
  const completedNow = module.completed && !module.wasCompleted;
  if (completedNow && module.held === 'revoked') return 'completedRevoked';
  if (completedNow && module.held === 'suspended') return 'completedSuspended';
  return 'recorded';
}

interface ModuleRow {
  moduleId: string;
  code: string;
  title: string;
  plannedStart: string | undefined;
  /** Recorded completed in the route, and a correction took an outcome back since: to sign off again. */
  takenBack: boolean;
  outcomes: OutcomeRow[];
}

/**
 * The modules of a route still to sign off, with their outcomes (at the published version, as sign-off
 * takes them): the planned ones, and the ones a correction took back (`takenBack`: planned again, or
 * still shown completed should the route not have caught up yet).
 */
async function modulesToSignOff(
  c: PageContext,
  route: Route,
  deciding: ReadonlyMap<string, Signoff>,
  takenBack: ReadonlySet<string>,
): Promise<ModuleRow[]> {
  const deps = c.get('deps');
  const items = route.plan.items.filter(
    (item) => item.status === 'planned' || (item.status === 'completed' && takenBack.has(item.moduleId)),
  );
  return Promise.all(
    items.map(async (item) => {
      const module = await getModule(deps, item.moduleId);
      const version = module.publishedVersion ?? module.version;
      const { outcomes } = await getModuleVersion(deps, item.moduleId, version);
      return {
        moduleId: item.moduleId,
        code: item.code,
        title: item.title,
        plannedStart: item.plannedStart,
        takenBack: takenBack.has(item.moduleId),
        outcomes: await Promise.all(
          outcomes.map(async (id) => {
            const outcome = await getLearningOutcome(deps, id);
            return {
              id,
              code: outcome.code,
              title: outcome.title,
              requiresExaminer: outcome.requiresExaminer,
              current: deciding.get(id),
            };
          }),
        ),
      };
    }),
  );
}

/** The route's accommodations in words, shown where they matter: before and while assessing. */
export function Accommodations({ t, names }: { t: Messages; names: readonly string[] }) {
  return (
    <section class="notice" aria-labelledby="aanpassingen">
      <h2 id="aanpassingen">{t.accommodations.heading}</h2>
      {names.length === 0 ? (
        <p>{t.accommodations.none}</p>
      ) : (
        <>
          <ul>
            {names.map((name) => (
              <li>{t.accommodations.names[name] ?? name}</li>
            ))}
          </ul>
          <p>{t.accommodations.whenAssessing}</p>
        </>
      )}
    </section>
  );
}

/** Whether the person may sign off the outcome now: the rule recording it applies (`signoffRefusal`). */
const mayAssess = (standing: SignoffStanding, outcome: Pick<OutcomeRow, 'code' | 'requiresExaminer'>) =>
  signoffRefusal(standing, { ...outcome, inPlan: true }) === undefined;

function OutcomeList({
  c,
  routeId,
  modules,
  standing,
  early = false,
}: {
  c: PageContext;
  routeId: string;
  modules: ModuleRow[];
  standing: SignoffStanding;
  /** Modules that have not started: signing off is possible (a learner may show it already), and says so. */
  early?: boolean;
}) {
  const t = c.get('t');
  return (
    <ul class="cards single">
      {modules.map((module) => (
        <li class="card">
          <h3>
            {module.code} {module.title}
          </h3>
          {module.takenBack ? <p class="hint">{t.assessor.takenBack}</p> : null}
          {/* A taken-back module was done already: the start its new version plans (maybe months off) is no day to wait for. */}
          {module.plannedStart && !module.takenBack ? (
            <p class="hint">
              {t.timeline.start}: {module.plannedStart}
            </p>
          ) : null}
          <ul class="outcomes">
            {module.outcomes.map((outcome) => (
              <li>
                <strong>{outcome.code}</strong> {outcome.title}
                <span class="hint">
                  {outcome.current
                    ? `${outcome.current.result === 'passed' ? t.assessor.signed : t.assessor.notYet} (${outcome.current.date})`
                    : t.assessor.notSigned}
                  {outcome.requiresExaminer ? ` · ${t.assessor.examiner}` : ''}
                </span>
                {outcome.current?.result === 'passed' ? null : !mayAssess(standing, outcome) ? (
                  outcome.requiresExaminer && standing.routeStatus !== 'draft' ? (
                    <span class="hint">{t.assessor.examinerNotYou}</span>
                  ) : null
                ) : (
                  <a
                    class="button secondary"
                    href={`/pages/routes/${encodeURIComponent(routeId)}/sign-off/outcomes/${encodeURIComponent(outcome.id)}`}
                  >
                    {early ? t.assessor.signEarly(outcome.code) : t.assessor.signThis(outcome.code)}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every sign-off of the route, with a way to correct the one that decides each outcome. Another current
 * sign-off of the outcome (an earlier attempt, a 'not-yet' beside a pass) says that it does not count.
 */
function SignoffHistory({
  c,
  routeId,
  signoffs,
  deciding,
  outcomeOf,
  standing,
}: {
  c: PageContext;
  routeId: string;
  signoffs: Signoff[];
  deciding: ReadonlyMap<string, Signoff>;
  outcomeOf: (outcomeId: string) => { code: string; requiresExaminer: boolean };
  standing: SignoffStanding;
}) {
  const codeOf = (outcomeId: string) => outcomeOf(outcomeId).code;
  const t = c.get('t');
  if (signoffs.length === 0) return null;
  return (
    <>
      <h2>{t.assessor.historyHeading}</h2>
      <ScrollTable
        label={t.assessor.historyHeading}
        headers={[
          t.assessor.outcome,
          t.assessor.result,
          t.assessor.date,
          t.assessor.evidenceHeading,
          <span class="visually-hidden">{t.assessor.correct}</span>,
        ]}
        stacked
      >
        {/* Stacked on a phone, each cell under its column's name; the link names itself. */}
        {[...signoffs].reverse().map((s) => {
          const decider = deciding.get(s.outcomeId);
          const decides = decider?.id === s.id;
          return (
            <tr>
              <th scope="row" data-label={t.assessor.outcome}>
                {codeOf(s.outcomeId)}
                {s.supersedes ? <span class="hint">{t.assessor.correctionOf}</span> : null}
              </th>
              <td data-label={t.assessor.result}>
                {s.result === 'passed' ? t.assessor.passed : t.assessor.notYetOption}
                {!s.current ? (
                  <span class="hint">{t.assessor.superseded}</span>
                ) : decides ? null : (
                  <span class="hint">
                    {decider && signedBefore(s, decider) ? t.assessor.earlierAttempt : t.assessor.besidePass}
                  </span>
                )}
                {s.reason ? <span class="hint">{s.reason}</span> : null}
              </td>
              <td data-label={t.assessor.date}>{s.date}</td>
              <td data-label={t.assessor.evidenceHeading}>
                {s.evidence.map((e) =>
                  e.kind === 'text' ? (
                    <span class="hint">{e.text}</span>
                  ) : e.kind === 'link' ? (
                    <span class="hint">{e.url}</span>
                  ) : (
                    <span class="hint">
                      {e.name ?? t.assessor.evidenceFile} · sha256 {e.sha256.slice(0, 12)}…
                    </span>
                  ),
                )}
              </td>
              <td>
                {decides && mayAssess(standing, outcomeOf(s.outcomeId)) ? (
                  <a
                    href={`/pages/routes/${encodeURIComponent(routeId)}/sign-off/outcomes/${encodeURIComponent(s.outcomeId)}?${new URLSearchParams({ supersedes: s.id })}`}
                    aria-label={t.assessor.correctLabel(codeOf(s.outcomeId), s.date)}
                  >
                    {t.assessor.correct}
                  </a>
                ) : null}
              </td>
            </tr>
          );
        })}
      </ScrollTable>
    </>
  );
}

/**
 * The sign-off that stands in for `signoff` now: itself while it is current, else the newest correction
 * in the chain of corrections that replaced it.
 */
function newestOf(signoff: Signoff, signoffs: readonly Signoff[]): Signoff {
  let newest = signoff;
  while (!newest.current) {
    const replaced = newest.id;
    const replacing = signoffs.find((s) => s.supersedes === replaced);
    if (!replacing) return newest;
    newest = replacing;
  }
  return newest;
}

/**
 * The form that records a sign-off (or, with `supersedes`, corrects one with a reason); once refused,
 * with every field's problem at its field and listed above it.
 */
function SignoffForm({
  c,
  action,
  accommodations,
  supersedes,
  values,
  problems,
  error,
}: {
  c: PageContext;
  action: string;
  accommodations: readonly string[];
  supersedes: Signoff | undefined;
  values: Record<string, unknown>;
  problems: FieldProblem[];
  error?: string;
}) {
  const t = c.get('t');
  const day = today(c.get('deps'));
  const { problemOf, described } = fieldNotes<SignoffField>(problems);
  const result = field(values, 'result') ?? supersedes?.result ?? 'passed';
  const used = fields(values, 'accommodations');
  return (
    <form method="post" action={action} enctype="multipart/form-data" novalidate>
      <CsrfField c={c} />
      <ErrorSummary title={t.compose.problems} problems={problems} />
      <FormError message={error} />
      {supersedes ? <input type="hidden" name="supersedes" value={supersedes.id} /> : null}
      <fieldset>
        <legend>{t.assessor.result}</legend>
        <label class="choice">
          <input type="radio" name="result" value="passed" checked={result === 'passed'} />{' '}
          {t.assessor.passed}
        </label>
        <label class="choice">
          <input type="radio" name="result" value="not-yet" checked={result === 'not-yet'} />{' '}
          {t.assessor.notYetOption}
        </label>
      </fieldset>
      <Labelled id="date" label={t.assessor.date} hint={t.assessor.dateHint} />
      <ErrorMessage id="date" message={problemOf('date')} />
      <input
        type="date"
        id="date"
        name="date"
        max={day}
        required
        value={field(values, 'date') ?? supersedes?.date ?? day}
        {...described('date', { hint: true })}
      />
      <fieldset>
        <legend>{t.assessor.evidenceHeading}</legend>
        <span class="hint">{t.assessor.evidenceHint}</span>
        <label for="evidence-text">{t.assessor.evidenceText}</label>
        <ErrorMessage id="evidence-text" message={problemOf('evidence-text')} />
        <textarea id="evidence-text" name="evidenceText" class="short" {...described('evidence-text')}>
          {field(values, 'evidenceText') ?? ''}
        </textarea>
        <Labelled id="evidence-link" label={t.assessor.evidenceLink} hint={t.assessor.evidenceLinkHint} />
        <ErrorMessage id="evidence-link" message={problemOf('evidence-link')} />
        <input
          type="url"
          id="evidence-link"
          name="evidenceLink"
          value={field(values, 'evidenceLink') ?? ''}
          {...described('evidence-link', { hint: true })}
        />
        <Labelled id="evidence-file" label={t.assessor.evidenceFile} hint={t.assessor.evidenceFileHint} />
        <input type="file" id="evidence-file" name="evidenceFile" aria-describedby="evidence-file-hint" />
      </fieldset>
      {accommodations.length > 0 ? (
        <fieldset>
          <legend>{t.assessor.accommodationsUsed}</legend>
          <span class="hint">{t.assessor.accommodationsUsedHint}</span>
          {accommodations.map((name) => (
            <label class="choice">
              <input type="checkbox" name="accommodations" value={name} checked={used.includes(name)} />{' '}
              {t.accommodations.names[name] ?? name}
            </label>
          ))}
        </fieldset>
      ) : null}
      {supersedes ? (
        <>
          <Labelled id="reason" label={t.assessor.reason} hint={t.assessor.reasonHint} />
          <ErrorMessage id="reason" message={problemOf('reason')} />
          <textarea id="reason" name="reason" class="short" required {...described('reason', { hint: true })}>
            {field(values, 'reason') ?? ''}
          </textarea>
        </>
      ) : null}
      <div class="actions">
        <button type="submit">{supersedes ? t.assessor.submitCorrection : t.assessor.submit}</button>
        <a class="button secondary" href={action.replace(/\/outcomes\/[^/]+$/, '')}>
          {t.assessor.cancel}
        </a>
      </div>
    </form>
  );
}

/** The SHA-256 of an uploaded file in lowercase hex: the API's evidence names a file by it. */
async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A sign-off as the API takes it (SignoffCreate), from the form; the evidence the person gave, in order. */
async function signoffInput(form: Record<string, unknown>, outcomeId: string) {
  const file =
    form.evidenceFile instanceof File && form.evidenceFile.size > 0 ? form.evidenceFile : undefined;
  const text = field(form, 'evidenceText');
  const url = field(form, 'evidenceLink');
  const accommodations = fields(form, 'accommodations');
  const supersedes = field(form, 'supersedes');
  const reason = field(form, 'reason');
  return {
    outcomeId,
    result: field(form, 'result'),
    date: field(form, 'date'),
    evidence: [
      ...(text ? [{ kind: 'text', text }] : []),
      ...(url ? [{ kind: 'link', url }] : []),
      ...(file ? [{ kind: 'file', sha256: await sha256Hex(file), name: file.name.slice(0, 200) }] : []),
    ],
    ...(accommodations.length > 0 ? { accommodations } : {}),
    ...(supersedes ? { supersedes } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** The sign-off form's fields a problem can name, in the order the form shows them. */
const SIGNOFF_FIELDS = ['date', 'evidence-text', 'evidence-link', 'reason'] as const;
type SignoffField = (typeof SIGNOFF_FIELDS)[number];

/**
 * What the form lacks or what recording it would refuse, in the person's words (the API's own messages
 * name its fields, in English): every field's problem at once (each at its field and listed above the
 * form), and a refusal of the sign-off as a whole (an outcome passed already, or a problem no field
 * names). Nothing when it can be recorded.
 */
function formProblems(
  t: Messages,
  input: Awaited<ReturnType<typeof signoffInput>>,
  context: { today: string; passed: Signoff | undefined },
): { problems: FieldProblem[]; refusal?: string } {
  const found = new Map<SignoffField, string>();
  let refusal: string | undefined;
  if (input.evidence.length === 0) found.set('evidence-text', t.assessor.needEvidence);
  if (input.supersedes && !input.reason) found.set('reason', t.assessor.needReason);
  const parsed = SignoffCreate.safeParse(input);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const [field, , part] = issue.path;
    if (field === 'date') found.set('date', t.assessor.dateInvalid);
    else if (field === 'evidence' && part === 'url') found.set('evidence-link', t.assessor.linkInvalid);
    else if (field === 'evidence' && part === 'text') found.set('evidence-text', t.assessor.textTooLong);
    else if (field === 'reason') found.set('reason', t.assessor.reasonTooLong);
    else if (field !== 'evidence' || input.evidence.length > 0) refusal = t.assessor.fixErrors;
  }
  if (!found.has('date') && typeof input.date === 'string' && input.date > context.today)
    found.set('date', t.assessor.dateFuture);
  // A correction goes through Corrigeren, on the sign-off it corrects.
  if (!input.supersedes && context.passed) refusal = t.assessor.alreadyPassed(context.passed.date);
  const problems = SIGNOFF_FIELDS.flatMap((id) => {
    const message = found.get(id);
    return message === undefined ? [] : [{ id, message }];
  });
  return { problems, ...(refusal === undefined ? {} : { refusal }) };
}

/** The route's title for a page: its role. */
async function roleTitleOf(c: PageContext, route: Route) {
  return (await getRole(c.get('deps'), route.roleId)).title;
}

/**
 * The praktijkopleider's pages, each behind the rule of its operation:
 * - `/pages/sign-off`: my routes (`GET /routes?assessor=me`).
 * - `/pages/routes/{id}/sign-off` (`routeRules.signOff`): the learner's accommodations, the outcomes to
 *   sign off now (of a completed module too, when a correction took it back) and later, earlier
 *   sign-offs with a way to correct each, and what was issued (a suspended credential with why).
 * - `/pages/routes/{id}/sign-off/outcomes/{outcomeId}`: the sign-off form (with `?supersedes=` a
 *   correction with a reason); its POST records through `recordSignoff` and settles the credentials
 *   through `settleAfterSignoff`, as `POST /routes/{id}/signoffs` does.
 * @example pages.route('/', signOffPages())
 */
export const signOffPages = () =>
  new Hono<PageEnv>()
    .get('/pages/sign-off', rolePage('praktijkopleider'), async (c) => {
      const t = c.get('t');
      const query = routeListQuery(c);
      const page = await listRoutes(c.get('deps'), c.get('principal'), { assessor: 'me', ...query });
      return renderPage(
        c,
        { title: t.assessor.title, section: 'work' },
        <>
          <p class="lead">{t.assessor.intro}</p>
          <RouteList
            c={c}
            page={page}
            path="/pages/sign-off"
            q={query.q}
            linkTo={(id) => `/pages/routes/${encodeURIComponent(id)}/sign-off`}
          />
        </>,
      );
    })
    .get('/pages/routes/:id/sign-off', onRoute(routeRules.signOff), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const id = c.req.param('id');
      const [route, { items: signoffs, modules: states }, { items: issued }, standing, facts] =
        await Promise.all([
          readRoute(deps, id),
          listSignoffs(deps, id),
          routeCredentials(deps, id),
          signoffStanding(deps, c.get('principal'), id),
          loadRouteFacts(deps, id),
        ]);
      // Completed once (a credential was issued for it, or the route still shows it completed), and no
      // longer: a correction took an outcome back.
      const credentialed = new Set(issued.flatMap((credential) => credential.moduleId ?? []));
      const takenBack = new Set(
        states
          .filter((m) => !m.completed && (m.recordedInRoute || credentialed.has(m.moduleId)))
          .map((m) => m.moduleId),
      );
      const deciding = decidingSignoffs(signoffs);
      const [modules, history] = await Promise.all([
        modulesToSignOff(c, route, deciding, takenBack),
        statusHistoryOf(
          deps,
          issued.filter((credential) => credential.status !== 'active').map((credential) => credential.id),
        ),
      ]);
      const day = today(deps);
      // A module a correction took back was under way already: its outcomes are to sign off now.
      const started = (m: ModuleRow) =>
        m.takenBack || (m.plannedStart !== undefined && m.plannedStart <= day);
      const open = (m: ModuleRow) => m.outcomes.some((o) => o.current?.result !== 'passed');
      const now = modules.filter((m) => started(m) && open(m));
      const later = modules.filter((m) => !started(m) && open(m));
      // Signed outcomes may belong to modules completed since: each named by its own code.
      const signed = [...new Set(signoffs.map((s) => s.outcomeId))];
      const signedOutcomes = new Map(
        await Promise.all(signed.map(async (o) => [o, await getLearningOutcome(deps, o)] as const)),
      );
      const outcomeOf = (outcomeId: string) =>
        signedOutcomes.get(outcomeId) ?? { code: outcomeId, requiresExaminer: false };
      const done = c.req.query('done');
      const code = c.req.query('module') ?? '';
      return renderPage(
        c,
        { title: t.assessor.routeTitle(await roleTitleOf(c, route)), section: 'work' },
        <>
          {/* Whom this is about: an assessor may assess several learners in the same role. */}
          <dl>
            <WhoseRoute c={c} facts={facts} />
          </dl>
          <DoneNotice
            text={
              isDone(done)
                ? done === 'recorded'
                  ? t.assessor.recorded
                  : t.assessor.done[done](code)
                : undefined
            }
          />
          {standing.learnerErased ? (
            <p class="notice" role="status">
              {t.team.ended}
            </p>
          ) : standing.routeStatus === 'draft' ? (
            <p class="notice" role="status">
              {t.assessor.notAgreed}
            </p>
          ) : null}
          <Accommodations t={t} names={route.accommodations} />
          <h2>{t.assessor.nowHeading}</h2>
          <p>{t.assessor.nowIntro}</p>
          {now.length === 0 ? (
            <p>{t.assessor.nothingNow}</p>
          ) : (
            <OutcomeList c={c} routeId={id} modules={now} standing={standing} />
          )}
          {later.length > 0 ? (
            <>
              <h2>{t.assessor.laterHeading}</h2>
              <p>{t.assessor.laterIntro}</p>
              <OutcomeList c={c} routeId={id} modules={later} standing={standing} early />
            </>
          ) : null}
          <SignoffHistory
            c={c}
            routeId={id}
            signoffs={signoffs}
            deciding={deciding}
            outcomeOf={outcomeOf}
            standing={standing}
          />
          <h2>{t.assessor.issuedHeading}</h2>
          {issued.length === 0 ? (
            <p>{t.assessor.issuedNone}</p>
          ) : (
            <ul>
              {issued.map((credential) => {
                // Why it is not valid now: its last status change (read for those not valid now alone).
                const change = history.get(credential.id)?.at(-1);
                return (
                  <li>
                    {credentialName(credential.verifiableCredential) ?? t.credential.fallbackName} ·{' '}
                    {t.assessor.issuedOn} {credential.issuedAt.slice(0, 10)} ·{' '}
                    <strong>{t.me.statuses[credential.status] ?? credential.status}</strong>
                    {change ? (
                      <span class="hint">
                        {t.assessor.statusReason(change.reason)}
                        {change.correction ? ` ${t.assessor.suspendedByCorrection}` : ''}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          <p>
            <a href="/pages/sign-off">{t.route.backToList}</a>
          </p>
        </>,
      );
    })
    .on(
      ['GET', 'POST'],
      '/pages/routes/:id/sign-off/outcomes/:outcomeId',
      onRoute(routeRules.signOff),
      async (c) => {
        const t = c.get('t');
        const deps = c.get('deps');
        const id = c.req.param('id');
        const outcomeId = c.req.param('outcomeId');
        const [route, { items: signoffs }, outcome, standing, facts] = await Promise.all([
          readRoute(deps, id),
          listSignoffs(deps, id),
          getLearningOutcome(deps, outcomeId),
          signoffStanding(deps, c.get('principal'), id),
          loadRouteFacts(deps, id),
        ]);
        // The form is offered exactly where recording it would be taken: an outcome of another route is
        // not found here, and one this person may not sign off now says why instead of a form.
        const refusal = signoffRefusal(standing, (await outcomeOnRoute(deps, route, outcomeId)).facts);
        if (refusal?.kind === 'invalid') throw fail.notFound('learning outcome in this route', outcomeId);
        const form = c.req.method === 'POST' ? await c.req.parseBody({ all: true }) : {};
        const supersedesId = field(form, 'supersedes') ?? c.req.query('supersedes');
        const named = signoffs.find((s) => s.id === supersedesId && s.outcomeId === outcomeId);
        // A sign-off corrected since the link was made (an old page, another tab) is followed to the one
        // that replaced it: that one is corrected, and the person is told (a POST records nothing yet).
        const supersedes = named && newestOf(named, signoffs);
        const movedOn =
          supersedes !== named && supersedes
            ? t.assessor.correctedSince(
                supersedes.result === 'passed' ? t.assessor.passed : t.assessor.notYetOption,
                supersedes.date,
              )
            : undefined;
        const action = `/pages/routes/${encodeURIComponent(id)}/sign-off/outcomes/${encodeURIComponent(outcomeId)}`;
        const back = `/pages/routes/${encodeURIComponent(id)}/sign-off`;
        if (refusal)
          return renderPage(
            c,
            { title: t.assessor.formTitle(outcome.code), section: 'work', status: 403 },
            <>
              <p class="lead">{outcome.title}</p>
              <dl>
                <WhoseRoute c={c} facts={facts} />
              </dl>
              <p class="notice bad" role="alert">
                {refusal.kind === 'conflict' ? t.assessor.notAgreed : t.assessor.examinerNotYou}
              </p>
              <p>
                <a href={back}>{t.route.backToRoute}</a>
              </p>
            </>,
          );
        const show = async (error?: string, notice?: string, problems: FieldProblem[] = []) =>
          renderPage(
            c,
            {
              title: supersedes ? t.assessor.correctTitle(outcome.code) : t.assessor.formTitle(outcome.code),
              section: 'work',
              ...(error || problems.length > 0 ? { status: 400 as const } : {}),
            },
            <>
              <p class="lead">{outcome.title}</p>
              <dl>
                <WhoseRoute c={c} facts={facts} />
              </dl>
              {notice ? (
                <p class="notice" role="status">
                  {notice}
                </p>
              ) : null}
              <Accommodations t={t} names={route.accommodations} />
              <SignoffForm
                c={c}
                action={action}
                accommodations={route.accommodations}
                supersedes={supersedes}
                values={form}
                problems={problems}
                {...(error ? { error } : {})}
              />
            </>,
          );
        if (c.req.method === 'GET') return show(undefined, movedOn);
        if (movedOn) return show(movedOn);

        const input = await signoffInput(form, outcomeId);
        const { problems, refusal: refused } = formProblems(t, input, {
          today: today(deps),
          passed: signoffs.find((s) => s.outcomeId === outcomeId && s.current && s.result === 'passed'),
        });
        if (refused || problems.length > 0) return show(refused, undefined, problems);
        let recorded: Awaited<ReturnType<typeof recordSignoff>>;
        try {
          recorded = await recordSignoff(deps, c.get('principal'), id, SignoffCreate.parse(input));
        } catch (error) {
          return show(refusalOf(error));
        }
        const { module } = recorded.body;
        // As the operation does: the sign-off stands; a failure to settle is logged and the sweep settles.
        const settled = await settleAfterSignoff(deps, id, recorded.body, () =>
          settleModuleCredentials(deps, c.get('principal'), id),
        );
        const code = route.plan.items.find((i) => i.moduleId === module.moduleId)?.code ?? module.moduleId;
        const wasCompleted = route.plan.items.some(
          (i) => i.moduleId === module.moduleId && i.status === 'completed',
        );
        // Completed now, and nothing issued: the module's credential, if someone revoked or suspended it.
        const held =
          module.completed && !wasCompleted && settled?.issued.length === 0
            ? (await routeCredentials(deps, id)).items.find((c) => c.moduleId === module.moduleId)?.status
            : undefined;
        const done = doneAfter({ wasCompleted, completed: module.completed, held }, settled);
        const notice: Record<string, string> = done === 'recorded' ? { done } : { done, module: code };
        return c.redirect(
          `/pages/routes/${encodeURIComponent(id)}/sign-off?${new URLSearchParams(notice)}`,
          303,
        );
      },
    );
