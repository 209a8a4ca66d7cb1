import { Hono } from 'hono';
import { type Grant, GrantCreate, type Profile } from '../../schemas/learners.js';
import { learnerRules } from '../access/index.js';
import { listEmployers, listInstitutions } from '../catalog/index.js';
import { DomainError } from '../kernel/errors.js';
import {
  createGrant,
  eraseLearner,
  exportLearner,
  findProfile,
  grantsOf,
  learnerGuard,
  toProfile,
  withdrawGrant,
} from '../learners/index.js';
import { cookies, endSession } from '../web-auth/index.js';
import { CsrfField, DoneNotice, FormError, field, fields, Labelled, refusalOf } from './forms.js';
import type { Messages } from './i18n/index.js';
import { renderPage } from './layout.js';
import type { PageContext, PageEnv } from './page-env.js';
import { pageGuard } from './page-guard.js';
import { ScrollTable } from './page-parts.js';

/**
 * The learner's own pages: the rule `learnerRules.own` that their profile, grants, export and erasure
 * declare, audited as the operations are (a refused attempt, and with `'export'` the export itself).
 */
const own = (read?: 'export') => pageGuard(learnerGuard(learnerRules.own, read));
const pathOf = (id: string, rest = '') => `/pages/learners/${encodeURIComponent(id)}${rest}`;

/** Who can be given access: every instelling and werkgever, by name. */
async function grantees(c: PageContext) {
  const deps = c.get('deps');
  const [institutions, employers] = await Promise.all([
    listInstitutions(deps, { limit: 200 }),
    listEmployers(deps, { limit: 200 }),
  ]);
  return [
    ...institutions.items.map((i) => ({ kind: 'institution' as const, id: i.id, name: i.name })),
    ...employers.items.map((e) => ({ kind: 'employer' as const, id: e.id, name: e.name })),
  ];
}

/**
 * The werk- en denkniveau with how it was established: without evidence it is self-declared (and does
 * not count for admission), so the page says which of the two it is.
 */
function Level({
  t,
  level: { level, evidence },
}: {
  t: Messages;
  level: NonNullable<Profile['werkEnDenkniveau']>;
}) {
  return (
    <dd>
      {t.privacy.levelOf(level.name, level.nlqf)},{' '}
      {evidence.length === 0 ? t.privacy.selfDeclared : t.privacy.establishedBy}
      {evidence.length === 0 ? null : (
        <ul>
          {evidence.map((e) => (
            <li>
              {t.privacy.evidenceKinds[e.kind] ?? e.kind} ({e.date}): {e.description}
            </li>
          ))}
        </ul>
      )}
    </dd>
  );
}

function ProfileSummary({ c, profile }: { c: PageContext; profile: Profile | undefined }) {
  const t = c.get('t');
  if (!profile) return <p>{t.privacy.noProfile}</p>;
  const list = (label: string, items: readonly string[]) =>
    items.length === 0 ? null : (
      <>
        <dt>{label}</dt>
        <dd>{items.join(', ')}</dd>
      </>
    );
  return (
    <dl>
      {list(t.privacy.talenten, profile.talenten)}
      {list(t.privacy.skills, profile.skills)}
      {list(t.privacy.drijfveren, profile.drijfveren)}
      {profile.wendbaarheid ? (
        <>
          <dt>{t.privacy.wendbaarheid}</dt>
          <dd>{profile.wendbaarheid}</dd>
        </>
      ) : null}
      {profile.werkEnDenkniveau ? (
        <>
          <dt>{t.privacy.level}</dt>
          <Level t={t} level={profile.werkEnDenkniveau} />
        </>
      ) : null}
      {list(
        t.privacy.accommodations,
        profile.accommodations.map((a) => t.accommodations.names[a] ?? a),
      )}
    </dl>
  );
}

function GrantTable({
  c,
  learnerId,
  grants,
  nameOf,
}: {
  c: PageContext;
  learnerId: string;
  grants: Grant[];
  nameOf: (kind: string, id: string) => string;
}) {
  const t = c.get('t');
  if (grants.length === 0) return <p>{t.privacy.noGrants}</p>;
  return (
    <ScrollTable
      label={t.privacy.grantsCaption}
      headers={[t.privacy.grantee, t.privacy.scope, t.privacy.until, t.privacy.grantStatus]}
      stacked
    >
      {grants.map((grant) => {
        const who = nameOf(grant.grantee.kind, grant.grantee.id);
        return (
          <tr>
            <th scope="row">
              {who}
              <span class="hint">{t.privacy.granteeKinds[grant.grantee.kind]}</span>
              {grant.purpose ? <span class="hint">{grant.purpose}</span> : null}
            </th>
            <td data-label={t.privacy.scope}>
              {grant.scope.map((s) => t.privacy.scopes[s] ?? s).join(', ')}
            </td>
            <td data-label={t.privacy.until}>{grant.until ?? ''}</td>
            <td data-label={t.privacy.grantStatus}>
              {t.privacy.grantStatuses[grant.status] ?? grant.status}
              {grant.status === 'active' ? (
                <form
                  method="post"
                  action={pathOf(learnerId, `/grants/${encodeURIComponent(grant.id)}/withdraw`)}
                >
                  <CsrfField c={c} />
                  <button type="submit" class="secondary" aria-label={t.privacy.withdrawLabel(who)}>
                    {t.privacy.withdraw}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        );
      })}
    </ScrollTable>
  );
}

function GrantForm({
  c,
  learnerId,
  options,
  values,
  error,
}: {
  c: PageContext;
  learnerId: string;
  options: Awaited<ReturnType<typeof grantees>>;
  values: Record<string, unknown>;
  error: string | undefined;
}) {
  const t = c.get('t');
  const chosen = field(values, 'grantee');
  const scopes = fields(values, 'scope');
  return (
    <form method="post" action={pathOf(learnerId, '/grants')} novalidate>
      <CsrfField c={c} />
      <FormError message={error} />
      <Labelled id="grantee" label={t.privacy.granteeLabel} hint={t.privacy.granteeHint} />
      <select id="grantee" name="grantee" aria-describedby="grantee-hint">
        {options.map((o) => (
          <option value={`${o.kind}:${o.id}`} selected={chosen === `${o.kind}:${o.id}`}>
            {o.name} ({t.privacy.granteeKinds[o.kind]})
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t.privacy.scopeLegend}</legend>
        {(['profile', 'evidence'] as const).map((scope) => (
          <label class="choice">
            <input type="checkbox" name="scope" value={scope} checked={scopes.includes(scope)} />{' '}
            {t.privacy.scopes[scope]}
          </label>
        ))}
      </fieldset>
      <Labelled id="purpose" label={t.privacy.purpose} />
      <input type="text" id="purpose" name="purpose" value={field(values, 'purpose') ?? ''} />
      <Labelled id="until" label={t.privacy.untilLabel} hint={t.privacy.untilHint} />
      <input
        type="date"
        id="until"
        name="until"
        value={field(values, 'until') ?? ''}
        aria-describedby="until-hint"
      />
      <div class="actions">
        <button type="submit">{t.privacy.give}</button>
      </div>
    </form>
  );
}

/** The privacy page: profile, grants with their forms, export and the way to erasure. */
async function privacyPage(c: PageContext, values: Record<string, unknown> = {}, error?: string) {
  const t = c.get('t');
  const deps = c.get('deps');
  const id = c.req.param('id') ?? '';
  const [row, grants, options] = await Promise.all([findProfile(deps, id), grantsOf(deps, id), grantees(c)]);
  const names = new Map(options.map((o) => [`${o.kind}:${o.id}`, o.name]));
  const nameOf = (kind: string, granteeId: string) => names.get(`${kind}:${granteeId}`) ?? granteeId;
  const done = c.req.query('done');
  return renderPage(
    c,
    // Not in the menu's "Mijn credentials": this page is linked from there, but it is not that page.
    { title: t.privacy.title, ...(error ? { status: 400 as const } : {}) },
    <>
      <DoneNotice
        text={
          done === 'granted' ? t.privacy.given : done === 'withdrawn' ? t.privacy.withdrawnNotice : undefined
        }
      />
      <h2>{t.privacy.profileHeading}</h2>
      <ProfileSummary c={c} profile={row ? toProfile(row) : undefined} />
      <h2>{t.privacy.grantsHeading}</h2>
      <GrantTable c={c} learnerId={id} grants={grants} nameOf={nameOf} />
      <h3>{t.privacy.giveHeading}</h3>
      <GrantForm c={c} learnerId={id} options={options} values={values} error={error} />
      <h2>{t.privacy.exportHeading}</h2>
      <p>{t.privacy.exportIntro}</p>
      <p>
        <a class="button secondary" href={pathOf(id, '/export.json')} download="loopbrug-export.json">
          {t.privacy.exportButton}
        </a>
      </p>
      <h2>{t.privacy.eraseHeading}</h2>
      <p>{t.privacy.eraseIntro}</p>
      <p>
        <a class="button danger" href={pathOf(id, '/erase')}>
          {t.privacy.eraseButton}
        </a>
      </p>
    </>,
  );
}

/** The erasure's confirmation step: a form that erases only with its box ticked. */
function confirmErasure(c: PageContext, error?: string) {
  const t = c.get('t');
  const id = c.req.param('id') ?? '';
  return renderPage(
    c,
    { title: t.privacy.confirmTitle, ...(error ? { status: 400 as const } : {}) },
    <>
      <p class="lead">{t.privacy.eraseIntro}</p>
      <p>{t.privacy.confirmText}</p>
      <form method="post" action={pathOf(id, '/erase')}>
        <CsrfField c={c} />
        <FormError message={error} />
        <label class="choice">
          <input type="checkbox" name="confirm" value="yes" /> {t.privacy.confirmCheckbox}
        </label>
        <div class="actions">
          <button type="submit" class="danger">
            {t.privacy.confirmButton}
          </button>
          <a class="button secondary" href={pathOf(id)}>
            {t.assessor.cancel}
          </a>
        </div>
      </form>
    </>,
  );
}

/**
 * The learner's own data (`learnerRules.own`, as the operations on `/learners/{id}` declare): the
 * profile, who may see it (grants given and withdrawn as `POST /learners/{id}/grants` and
 * `…/withdraw`), the export as a download (`GET /learners/{id}/export`), and erasure
 * (`DELETE /learners/{id}`) after a confirmation step, which also ends the session.
 * @example pages.route('/', privacyPages())
 */
export const privacyPages = () =>
  new Hono<PageEnv>()
    .get('/pages/learners/:id', own(), (c) => privacyPage(c))
    .post('/pages/learners/:id/grants', own(), async (c) => {
      const t = c.get('t');
      const form = await c.req.parseBody({ all: true });
      const [kind, ...rest] = (field(form, 'grantee') ?? '').split(':');
      const scope = fields(form, 'scope');
      if (scope.length === 0) return privacyPage(c, form, t.privacy.chooseScope);
      const purpose = field(form, 'purpose');
      const until = field(form, 'until');
      const parsed = GrantCreate.safeParse({
        grantee: { kind, id: rest.join(':') },
        scope,
        ...(purpose ? { purpose } : {}),
        ...(until ? { until } : {}),
      });
      if (!parsed.success) {
        const [at] = parsed.error.issues[0]?.path ?? [];
        return privacyPage(
          c,
          form,
          at === 'until'
            ? t.privacy.untilInvalid
            : at === 'purpose'
              ? t.privacy.purposeTooLong
              : t.privacy.chooseGrantee,
        );
      }
      try {
        await createGrant(c.get('deps'), c.get('principal'), c.req.param('id'), parsed.data);
      } catch (error) {
        // The person's words for what they can fix; anything else as the domain says it.
        if (error instanceof DomainError && error.kind === 'conflict')
          return privacyPage(c, form, t.privacy.grantExists);
        if (error instanceof DomainError && error.fields[0]?.field === 'until')
          return privacyPage(c, form, t.privacy.untilPast);
        return privacyPage(c, form, refusalOf(error));
      }
      return c.redirect(`${pathOf(c.req.param('id'))}?done=granted`, 303);
    })
    .post('/pages/learners/:id/grants/:grantId/withdraw', own(), async (c) => {
      const id = c.req.param('id');
      await withdrawGrant(c.get('deps'), c.get('principal'), id, c.req.param('grantId'));
      return c.redirect(`${pathOf(id)}?done=withdrawn`, 303);
    })
    .get('/pages/learners/:id/export.json', own('export'), async (c) => {
      const exported = await exportLearner(c.get('deps'), c.req.param('id'));
      c.header('cache-control', 'no-store');
      c.header('content-disposition', 'attachment; filename="loopbrug-export.json"');
      return c.body(JSON.stringify(exported, null, 2), 200, {
        'content-type': 'application/json; charset=utf-8',
      });
    })
    .get('/pages/learners/:id/erase', own(), (c) => confirmErasure(c))
    .post('/pages/learners/:id/erase', own(), async (c) => {
      const t = c.get('t');
      const deps = c.get('deps');
      const form = await c.req.parseBody();
      if (field(form, 'confirm') !== 'yes') return confirmErasure(c, t.privacy.confirmNeeded);
      await eraseLearner(deps, c.req.param('id'));
      // Erased people are signed out here: the session named someone who is no longer there.
      const token = cookies.read(c, deps.urls, 'session');
      if (token !== undefined) await endSession(deps, token);
      cookies.clear(c, deps.urls, 'session');
      c.set('session', undefined);
      return renderPage(c, { title: t.privacy.erasedTitle }, <p class="lead">{t.privacy.erased}</p>);
    });
