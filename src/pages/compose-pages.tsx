import { Hono } from 'hono';
import { RouteCompose } from '../../schemas/routes.js';
import { listEmployers, listRoles } from '../catalog/index.js';
import { DomainError } from '../kernel/errors.js';
import { today } from '../kernel/ports.js';
import { listLearners } from '../learners/index.js';
import { composeRoute, previewRoute } from '../learning-routes/index.js';
import type { PlanOutcome } from '../learning-routes/planning.js';
import { CsrfField, FormError, field, Labelled, refusalOf } from './forms.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { rolePage } from './page-guard.js';
import { PlanTable } from './route-pages.js';

/** What the opleider chooses from: the learners who granted us access, and every employer's roles. */
async function choices(c: PageContext) {
  const deps = c.get('deps');
  const [learners, roles, employers] = await Promise.all([
    listLearners(deps, c.get('principal'), { limit: 200 }),
    listRoles(deps, { limit: 200 }),
    listEmployers(deps, { limit: 200 }),
  ]);
  const employerName = new Map(employers.items.map((e) => [e.id, e.name]));
  // Listed by name, as a person looks for them; the stores page by id.
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'nl');
  return {
    learners: learners.items.map((l) => ({ id: l.id, label: l.name })).sort(byLabel),
    roles: roles.items
      .map((r) => ({ id: r.id, label: `${r.title} · ${employerName.get(r.employerId) ?? r.employerId}` }))
      .sort(byLabel),
  };
}

/** A select of `options`, the one in `values` chosen; described by its hint when it has one. */
function Choice({
  id,
  options,
  values,
  hinted = false,
}: {
  id: string;
  options: { id: string; label: string }[];
  values: Record<string, unknown>;
  hinted?: boolean;
}) {
  const chosen = field(values, id);
  return (
    <select id={id} name={id} required {...(hinted ? { 'aria-describedby': `${id}-hint` } : {})}>
      {options.map((o) => (
        <option value={o.id} selected={o.id === chosen}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The compose form, with what was chosen, a refusal, or the preview of the route it would plan. */
async function composePage(
  c: PageContext,
  values: Record<string, unknown>,
  shown: { error?: string; preview?: PlanOutcome } = {},
) {
  const t = c.get('t');
  const { learners, roles } = await choices(c);
  return renderPage(
    c,
    { title: t.compose.title, section: 'work', ...(shown.error ? { status: 400 as const } : {}) },
    <>
      <p class="lead">{t.compose.intro}</p>
      {learners.length === 0 ? <p class="notice">{t.compose.noLearners}</p> : null}
      <form method="post" action="/pages/routes/new" novalidate>
        <CsrfField c={c} />
        <FormError message={shown.error} />
        <Labelled id="learnerId" label={t.compose.learner} hint={t.compose.learnerHint} />
        <Choice id="learnerId" options={learners} values={values} hinted />
        <Labelled id="roleId" label={t.compose.role} />
        <Choice id="roleId" options={roles} values={values} />
        <Labelled id="hoursPerWeek" label={t.compose.hours} hint={t.compose.hoursHint} />
        <input
          type="number"
          id="hoursPerWeek"
          name="hoursPerWeek"
          min="1"
          max="40"
          required
          value={field(values, 'hoursPerWeek') ?? '8'}
          aria-describedby="hoursPerWeek-hint"
        />
        <Labelled id="startDate" label={t.compose.start} />
        <input
          type="date"
          id="startDate"
          name="startDate"
          required
          value={field(values, 'startDate') ?? today(c.get('deps'))}
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
          <p>
            {t.compose.onboarding(shown.preview.onboarding.independentFrom, shown.preview.onboarding.days)}{' '}
            {shown.preview.onboarding.within100Days ? t.timeline.within100 : t.timeline.beyond100Others}
          </p>
          {shown.preview.plan.uncovered.length > 0 ? (
            <p class="notice bad">{t.compose.uncovered(shown.preview.plan.uncovered.length)}</p>
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
 * - `GET /pages/routes/new`: the form.
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
        const [at] = parsed.error.issues[0]?.path ?? [];
        const error =
          at === 'hoursPerWeek'
            ? t.compose.hoursInvalid
            : at === 'startDate'
              ? t.compose.startInvalid
              : t.compose.choose;
        return composePage(c, form, { error });
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
