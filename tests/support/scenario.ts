import type { Principal } from '../../src/auth/principal.js';
import type { FixtureSet } from '../../src/fixtures/fixture-set.js';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { learner, opleider, praktijkopleider, werkgever } from './principals.js';
import { expectStatus, type TestTarget } from './target.js';

type Grantee = { kind: 'institution' | 'employer'; id: string };

/** Ids by a key the fixtures know them by; naming the key when there is none. */
async function lookup(target: TestTarget, sql: string): Promise<(key: string) => string> {
  const ids = new Map((await target.query<{ key: string; id: string }>(sql)).map((r) => [r.key, r.id]));
  return (key) => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`no fixture ${key}`);
    return id;
  };
}

/**
 * The target loaded with the scenario fixtures, with lookups by the codes, titles and subjects the
 * fixtures use (read once, after loading) and a way to enrol a learner the way it happens: they
 * register, fill in their profile, add evidence and grant the instelling (and maybe the employer) access.
 * @example const s = await openScenario(await sqlite.open(), sqlite.fixtures()); s.roleId('ksu/Onderwijsassistent');
 */
export async function openScenario(t: TestTarget, fixtures: FixtureSet) {
  await loadFixtures(t.deps, fixtures);
  const [moduleId, roleId, qualificationId, assessorId, outcomeKey] = await Promise.all([
    lookup(t, "SELECT institution_id || '/' || code AS key, id FROM module"),
    lookup(t, "SELECT employer_id || '/' || title AS key, id FROM role"),
    lookup(t, "SELECT institution_id || '/' || code AS key, id FROM qualification"),
    lookup(t, 'SELECT subject AS key, id FROM assessor'),
    lookup(t, "SELECT institution_id || '/' || code AS key, id FROM learning_outcome"),
  ]);
  const outcomeId = (institution: string, code: string) => outcomeKey(`${institution}/${code}`);

  /** A learner registers with their own token and grants access; returns their id and principal. */
  async function enrol(
    sub: string,
    name: string,
    options: { profile?: object; evidence?: object[]; grants: Grantee[]; verifiedBy?: Principal },
  ) {
    const me = learner(sub);
    const registered = await expectStatus(
      t.call('POST', '/learners', { as: me, body: { subject: sub, name, email: `${sub}@example.nl` } }),
      201,
    );
    const id: string = registered.id;
    if (options.profile)
      await expectStatus(t.call('PUT', `/learners/${id}/profile`, { as: me, body: options.profile }), 200);
    for (const grantee of options.grants)
      await expectStatus(
        t.call('POST', `/learners/${id}/grants`, {
          as: me,
          body: { grantee, scope: ['profile', 'evidence'], purpose: 'Leerroute samenstellen' },
        }),
        201,
      );
    for (const evidence of options.evidence ?? [])
      await expectStatus(
        t.call('POST', `/learners/${id}/evidence`, { as: options.verifiedBy ?? me, body: evidence }),
        201,
      );
    return { id, as: me };
  }

  /** A learner enrols, the opleider composes, the employer assigns assessors, and all three parties agree. */
  async function agreedRoute(options: {
    sub: string;
    institution: string;
    employer: string;
    role: string;
    assessors: string[];
    profile?: object;
    assignedBy?: Principal;
    startDate?: string;
  }) {
    const enrolled = await enrol(options.sub, `Leerling ${options.sub}`, {
      grants: [{ kind: 'institution', id: options.institution }],
      ...(options.profile ? { profile: options.profile } : {}),
    });
    const route = await expectStatus(
      t.call('POST', '/routes', {
        as: opleider(options.institution),
        body: {
          learnerId: enrolled.id,
          roleId: roleId(options.role),
          hoursPerWeek: 8,
          startDate: options.startDate ?? '2026-11-02',
        },
      }),
      201,
    );
    for (const subject of options.assessors)
      await expectStatus(
        t.call('POST', `/routes/${route.id}/assessors`, {
          as: options.assignedBy ?? werkgever(options.employer),
          body: { assessorId: assessorId(subject) },
        }),
        201,
      );
    for (const as of [
      opleider(options.institution),
      praktijkopleider(options.employer, options.assessors[0] ?? ''),
      enrolled.as,
    ])
      await expectStatus(t.call('POST', `/routes/${route.id}/approvals`, { as }), 200);
    return { learner: enrolled, routeId: route.id as string };
  }

  /**
   * The praktijkopleider `assessor` of `employer` signs off one learning outcome of `institution` as
   * passed on `date`, with `text` as evidence (what completes a module of one outcome).
   */
  async function signOff(
    routeId: string,
    o: {
      employer: string;
      assessor: string;
      institution: string;
      outcome: string;
      date: string;
      text: string;
    },
  ) {
    return expectStatus(
      t.call('POST', `/routes/${routeId}/signoffs`, {
        as: praktijkopleider(o.employer, o.assessor),
        body: {
          outcomeId: outcomeId(o.institution, o.outcome),
          result: 'passed',
          date: o.date,
          evidence: [{ kind: 'text', text: o.text }],
        },
      }),
      201,
    );
  }

  return {
    t,
    enrol,
    agreedRoute,
    signOff,
    assessorId,
    outcomeId,
    expectStatus,
    moduleId,
    roleId,
    qualificationId,
  };
}

/** A target with the scenario fixtures and its lookups: what openScenario gives. */
export type Scenario = Awaited<ReturnType<typeof openScenario>>;
