import { Hono } from 'hono';
import { RouteCompose } from '../../schemas/routes.js';
import { describeCompetencies, employerNames, listRoles } from '../catalog/index.js';
import { DomainError } from '../kernel/errors.js';
import { today } from '../kernel/ports.js';
import { listLearners } from '../learners/index.js';
import { composeRoute, previewRoute } from '../learning-routes/index.js';
import type { PlanOutcome } from '../learning-routes/planning.js';
import {
  CsrfField,
  type Described,
  ErrorMessage,
  ErrorSummary,
  type FieldProblem,
  FormError,
  field,
  fieldNotes,
  Labelled,
  refusalOf,
} from './forms.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { PlanTable } from './route-pages.js';

/**
 * How many learners, and how many roles, a select offers at once: the first of them by id, or of those
 * whose name has the text searched for. Past that the page says so, and the opleider searches by name.
 */
const CHOICES = 200;

/** The text the opleider searched for in each list (`?learner=`, `?role=`); absent when empty. */
interface Search {
  learner?: string;
  role?: string;
}

/**
 * What the page was asked to search for, trimmed and as long as the API's `q` takes.
 * @example searchOf(c) // { learner: 'Jansen' } for /pages/routes/new?learner=Jansen&role=
 */
function searchOf(c: PageContext): Search {
  const text = (name: string) => c.req.query(name)?.trim().slice(0, 100) || undefined;
  const learner = text('learner');
  const role = text('role');
  return { ...(learner ? { learner } : {}), ...(role ? { role } : {}) };
}

/**
 * Where the compose form posts: this page with the search it shows, so the preview lists the same
 * learners and roles and the one chosen stays selected.
 * @example composeAction({ learner: 'Jansen' }) // '/pages/routes/new?learner=Jansen'
 */
function composeAction(search: Search): string {
  const query = new URLSearchParams(Object.entries(search)).toString();
  return query ? `/pages/routes/new?${query}` : '/pages/routes/new';
}

/**
 * What the opleider chooses from: the learners who granted us access and every employer's roles, each
 * narrowed to the names searched for and at most CHOICES of them; `cut` when there are more.
 */
async function choices(c: PageContext, search: Search) {
  const deps = c.get('deps');
  const [learners, roles] = await Promise.all([
    listLearners(deps, c.get('principal'), { limit: CHOICES, q: search.learner }),
    listRoles(deps, { limit: CHOICES, q: search.role }),
  ]);
  const employerName = await employerNames(
    deps,
    roles.items.map((r) => r.employerId),
  );
  // Listed by name, as a person looks for them; the stores page by id.
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'nl');
  return {
    learners: {
      options: learners.items.map((l) => ({ id: l.id, label: l.name })).sort(byLabel),
      cut: learners.nextCursor !== undefined,
    },
    roles: {
      options: roles.items
        .map((r) => ({ id: r.id, label: `${r.title} · ${employerName.get(r.employerId) ?? r.employerId}` }))
        .sort(byLabel),
      cut: roles.nextCursor !== undefined,
    },
  };
}

/** The compose form's own fields, in the order it shows them and its error summary lists them. */
const FIELDS = ['learnerId', 'roleId', 'hoursPerWeek', 'startDate'] as const;
type ComposeField = (typeof FIELDS)[number];

/** A select of `options`, the one in `values` chosen. */
function Choice({
  id,
  options,
  values,
  described,
}: {
  id: string;
  options: { id: string; label: string }[];
  values: Record<string, unknown>;
  described: Described;
}) {
  const chosen = field(values, id);
  return (
    <select id={id} name={id} required {...described}>
      {options.map((o) => (
        <option value={o.id} selected={o.id === chosen}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/**
 * Under a select, what it does not show: that the list is cut off at CHOICES, or that nothing has the
 * name searched for; nothing when it shows all there is.
 */
function ListNote({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p class="hint" id={id}>
      {text}
    </p>
  ) : null;
}

/**
 * The compose form, with what was chosen and typed, and the fields it refused (each at its field and
 * together above the page), a refusal of the whole, or the preview of the route it would plan.
 */
async function composePage(
  c: PageContext,
  values: Record<string, unknown>,
  shown: { error?: string; problems?: FieldProblem[]; preview?: PlanOutcome } = {},
) {
  const t = c.get('t');
  const problems = shown.problems ?? [];
  const { problemOf, described } = fieldNotes<ComposeField>(problems);
  // The role's competencies no module of the instelling teaches, by title, the essential ones marked.
  const uncovered = shown.preview?.plan.uncovered ?? [];
  const gaps = (
    await describeCompetencies(
      c.get('deps'),
      uncovered.map((u) => u.competency),
    )
  ).map((competency, i) => ({ title: competency.title, essential: uncovered[i]?.priority === 'essential' }));
  // As typed, also when left empty: once sent, a field is not filled in again with its default.
  const typed = (id: ComposeField, initial: string) => {
    const value = values[id];
    return typeof value === 'string' ? value : initial;
  };
  const search = searchOf(c);
  const { learners, roles } = await choices(c, search);
  const learnerNote = learners.cut
    ? t.compose.moreLearners(CHOICES)
    : search.learner && learners.options.length === 0
      ? t.compose.noLearnerFound(search.learner)
      : undefined;
  const roleNote = roles.cut
    ? t.compose.moreRoles(CHOICES)
    : search.role && roles.options.length === 0
      ? t.compose.noRoleFound(search.role)
      : undefined;
  return renderPage(
    c,
    {
      title: t.compose.title,
      section: 'work',
      ...(shown.error || problems.length > 0 ? { status: 400 as const } : {}),
    },
    <>
      <ErrorSummary title={t.compose.problems} problems={problems} />
      <p class="lead">{t.compose.intro}</p>
      {learners.options.length === 0 && !search.learner ? <p class="notice">{t.compose.noLearners}</p> : null}
      {/* A GET form: searching works without script, writes nothing and needs no CSRF token. */}
      <search aria-label={t.compose.searchLabel}>
        <form method="get" action="/pages/routes/new">
          <Labelled id="learner" label={t.compose.findLearner} hint={t.compose.searchHint} />
          <input
            type="search"
            id="learner"
            name="learner"
            value={search.learner ?? ''}
            aria-describedby="learner-hint"
          />
          <Labelled id="role" label={t.compose.findRole} />
          <input type="search" id="role" name="role" value={search.role ?? ''} />
          <div class="actions">
            <button type="submit" class="secondary">
              {t.compose.search}
            </button>
          </div>
        </form>
      </search>
      <form method="post" action={composeAction(search)} novalidate>
        <CsrfField c={c} />
        <FormError message={shown.error} />
        <Labelled id="learnerId" label={t.compose.learner} hint={t.compose.learnerHint} />
        <ErrorMessage id="learnerId" message={problemOf('learnerId')} />
        <Choice
          id="learnerId"
          options={learners.options}
          values={values}
          described={described('learnerId', { hint: true, note: learnerNote !== undefined })}
        />
        <ListNote id="learnerId-note" text={learnerNote} />
        <Labelled id="roleId" label={t.compose.role} />
        <ErrorMessage id="roleId" message={problemOf('roleId')} />
        <Choice
          id="roleId"
          options={roles.options}
          values={values}
          described={described('roleId', { note: roleNote !== undefined })}
        />
        <ListNote id="roleId-note" text={roleNote} />
        <Labelled id="hoursPerWeek" label={t.compose.hours} hint={t.compose.hoursHint} />
        <ErrorMessage id="hoursPerWeek" message={problemOf('hoursPerWeek')} />
        <input
          type="number"
          id="hoursPerWeek"
          name="hoursPerWeek"
          min="1"
          max="40"
          required
          value={typed('hoursPerWeek', '8')}
          {...described('hoursPerWeek', { hint: true })}
        />
        <Labelled id="startDate" label={t.compose.start} />
        <ErrorMessage id="startDate" message={problemOf('startDate')} />
        <input
          type="date"
          id="startDate"
          name="startDate"
          required
          value={typed('startDate', today(c.get('deps')))}
          {...described('startDate')}
        />
        <div class="actions">
          <button type="submit" name="action" value="preview">
            {t.compose.preview}
          </button>
          {shown.preview ? (
            <button type="submit" name="action" value="save" class="secondary">
              {t.compose.save}
            </button>
          ) : null}
        </div>
      </form>
      {shown.preview ? (
        <section aria-labelledby="voorbeeld">
          <h2 id="voorbeeld">{t.compose.previewHeading}</h2>
          {/* A start date in the past becomes the day the route is composed (composeRoute): say so. */}
          {shown.preview.onboarding.startDate !== field(values, 'startDate') ? (
            <p class="notice">{t.compose.startsToday(shown.preview.onboarding.startDate)}</p>
          ) : null}
          <p>
            {/* Independence is the essential competencies learned: a gap in them means there is no such day. */}
            {gaps.some((gap) => gap.essential) ? (
              t.compose.notIndependent(gaps.filter((gap) => gap.essential).length)
            ) : (
              <>
                {t.compose.onboarding(
                  shown.preview.onboarding.independentFrom,
                  shown.preview.onboarding.days,
                )}{' '}
                {shown.preview.onboarding.within100Days ? t.timeline.within100 : t.timeline.beyond100Others}
              </>
            )}
          </p>
          {gaps.length > 0 ? (
            <div class="notice bad">
              <p>{t.compose.uncovered(gaps.length)}</p>
              <ul>
                {gaps.map((gap) => (
                  <li>
                    {gap.title}
                    {gap.essential ? ` (${t.route.essential})` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <PlanTable t={t} items={shown.preview.plan.items} />
        </section>
      ) : null}
    </>,
  );
}

/**
 * The opleider composes a route on a page, as `POST /routes/preview` and `POST /routes` do: a learner who
 * granted the instelling access, a role, study hours a week and a start date; first the route it would
 * plan, then saved as a draft (version 1) for the three parties to approve. Exemptions, pauses and
 * adjustments stay in the API.
 * - `GET /pages/routes/new[?learner=…&role=…]`: the form, its lists narrowed to the names searched for.
 * - `POST /pages/routes/new` (`action=preview` or `save`): the preview, or the draft saved and its page.
 * @example pages.route('/', composePages())
 */
export const composePages = () =>
  new Hono<PageEnv>()
    .get('/pages/routes/new', rolePage('opleider'), (c) => composePage(c, {}))
    .post('/pages/routes/new', rolePage('opleider'), async (c) => {
      const t = c.get('t');
      const form = await c.req.parseBody();
      const parsed = RouteCompose.safeParse({
        learnerId: field(form, 'learnerId'),
        roleId: field(form, 'roleId'),
        hoursPerWeek: Number(field(form, 'hoursPerWeek')),
        startDate: field(form, 'startDate'),
      });
      if (!parsed.success) {
        // Every field refused at once, in the form's order: the schema reports each, not only the first.
        const refused = new Set(parsed.error.issues.map((issue) => issue.path[0]));
        const message: Record<ComposeField, string> = {
          learnerId: t.compose.chooseLearner,
          roleId: t.compose.chooseRole,
          hoursPerWeek: t.compose.hoursInvalid,
          startDate: t.compose.startInvalid,
        };
        const problems = FIELDS.filter((id) => refused.has(id)).map((id) => ({ id, message: message[id] }));
        return composePage(c, form, { problems });
      }
      const deps = c.get('deps');
      const principal = c.get('principal');
      try {
        if (field(form, 'action') !== 'save')
          return composePage(c, form, { preview: await previewRoute(deps, principal, parsed.data) });
        const route = await composeRoute(deps, principal, parsed.data);
        return c.redirect(`/pages/routes/${encodeURIComponent(route.id)}/team?done=composed`, 303);
      } catch (error) {
        // Reading the profile needs the learner's grant; anything else the person can fix, in the domain's words.
        if (error instanceof DomainError && error.kind === 'forbidden')
          return composePage(c, form, { error: t.compose.noGrant });
        return composePage(c, form, { error: refusalOf(error) });
      }
    });
