import type { Principal } from '../../src/auth/principal.js';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { opleider, startTestApp, werkgever } from './test-app.js';

/** A praktijkopleider's principal: their `sub` is the `subject` of their assessor record. */
export const praktijkopleider = (employer: string, sub: string): Principal => ({
  sub,
  role: 'praktijkopleider',
  employer,
});

type Grantee = { kind: 'institution' | 'employer'; id: string };

/**
 * The real app on the scenario fixtures, with lookups by the codes and titles the fixtures use and a
 * way to enrol a learner the way it happens: they register, fill in their profile, add evidence and
 * grant the instelling (and maybe the employer) access.
 */
export async function startScenarioApp() {
  const t = await startTestApp();
  await loadFixtures(t.deps, readFixtureFiles());
  const rows = <T>(sql: string) => t.db.sqlite.prepare(sql).all() as T[];
  const modules = new Map(
    rows<{ id: string; code: string; institution_id: string }>(
      'SELECT id, code, institution_id FROM module',
    ).map((m) => [`${m.institution_id}/${m.code}`, m.id]),
  );
  const roles = new Map(
    rows<{ id: string; title: string; employer_id: string }>('SELECT id, title, employer_id FROM role').map(
      (r) => [`${r.employer_id}/${r.title}`, r.id],
    ),
  );
  const qualifications = new Map(
    rows<{ id: string; code: string; institution_id: string }>(
      'SELECT id, code, institution_id FROM qualification',
    ).map((q) => [`${q.institution_id}/${q.code}`, q.id]),
  );
  const lookup = (map: Map<string, string>, key: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`no fixture ${key}`);
    return id;
  };
  const expectStatus = async (
    res: Promise<{ status: number; text: string; body: unknown }>,
    status: number,
  ) => {
    const done = await res;
    if (done.status !== status) throw new Error(`expected ${status}, got ${done.status}: ${done.text}`);
    return done.body as Record<string, unknown> & { id: string };
  };

  /** A learner registers with their own token and grants access; returns their id and principal. */
  async function enrol(
    sub: string,
    name: string,
    options: { profile?: object; evidence?: object[]; grants: Grantee[]; verifiedBy?: Principal },
  ) {
    const me: Principal = { sub, role: 'learner' };
    const learner = await expectStatus(
      t.call('POST', '/learners', { as: me, body: { subject: sub, name, email: `${sub}@example.nl` } }),
      201,
    );
    if (options.profile)
      await expectStatus(
        t.call('PUT', `/learners/${learner.id}/profile`, { as: me, body: options.profile }),
        200,
      );
    for (const grantee of options.grants)
      await expectStatus(
        t.call('POST', `/learners/${learner.id}/grants`, {
          as: me,
          body: { grantee, scope: ['profile', 'evidence'], purpose: 'Leerroute samenstellen' },
        }),
        201,
      );
    for (const evidence of options.evidence ?? [])
      await expectStatus(
        t.call('POST', `/learners/${learner.id}/evidence`, { as: options.verifiedBy ?? me, body: evidence }),
        201,
      );
    return { id: learner.id, as: me };
  }

  const one = <T>(sql: string, ...args: unknown[]) => t.db.sqlite.prepare(sql).get(...args) as T;
  const assessorId = (subject: string) =>
    one<{ id: string }>('SELECT id FROM assessor WHERE subject = ?', subject).id;
  const outcomeId = (institution: string, code: string) =>
    one<{ id: string }>(
      'SELECT id FROM learning_outcome WHERE institution_id = ? AND code = ?',
      institution,
      code,
    ).id;

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
    const learner = await enrol(options.sub, `Leerling ${options.sub}`, {
      grants: [{ kind: 'institution', id: options.institution }],
      ...(options.profile ? { profile: options.profile } : {}),
    });
    const route = await expectStatus(
      t.call('POST', '/routes', {
        as: opleider(options.institution),
        body: {
          learnerId: learner.id,
          roleId: lookup(roles, options.role),
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
      learner.as,
    ])
      await expectStatus(t.call('POST', `/routes/${route.id}/approvals`, { as }), 200);
    return { learner, routeId: route.id };
  }

  return {
    t,
    enrol,
    agreedRoute,
    assessorId,
    outcomeId,
    expectStatus,
    moduleId: (key: string) => lookup(modules, key),
    roleId: (key: string) => lookup(roles, key),
    qualificationId: (key: string) => lookup(qualifications, key),
  };
}
