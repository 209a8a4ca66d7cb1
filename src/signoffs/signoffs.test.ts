import { beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider, werkgever } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { completedModulesOf } from './completed-modules.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
type Item = { moduleId: string; code: string; status: string };
type RouteBody = {
  id: string;
  version: number;
  status: string;
  accommodations: string[];
  plan: { items: Item[] };
  approvals: { party: string }[];
  change: { by: string; summary: string };
  inputs: { completed: { moduleId: string; completedOn: string }[] };
};
type SignoffBody = {
  id: string;
  outcomeId: string;
  moduleId: string;
  result: string;
  date: string;
  accommodations: string[];
  supersedes?: string;
  supersededBy?: string;
  current: boolean;
};
type Recorded = {
  signoff: SignoffBody;
  module: { moduleId: string; completed: boolean; completedOn?: string; recordedInRoute: boolean };
  routeVersion: number;
};

const pol = praktijkopleider;
const evidence = [
  { kind: 'text', text: 'Praktijktoets op de afdeling, observatie volgens het beoordelingsformulier.' },
  { kind: 'file', sha256: 'a'.repeat(64), name: 'beoordelingsformulier.pdf' },
];

describe('workplace sign-off, through the API on the scenario fixtures', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  beforeAll(async () => {
    s = await startScenarioApp();
  }, 30_000);

  const one = <T>(sql: string, ...args: unknown[]) => s.t.db.sqlite.prepare(sql).get(...args) as T;
  const assessorId = (subject: string) => s.assessorId(subject);
  const outcomeId = (institution: string, code: string) => s.outcomeId(institution, code);
  const signoffCount = (routeId: string) =>
    one<{ n: number }>('SELECT count(*) AS n FROM signoff WHERE route_id = ?', routeId).n;
  const getRoute = async (id: string, as: Principal) =>
    (await s.t.call('GET', `/routes/${id}`, { as })).body as RouteBody;
  const item = (route: RouteBody, code: string) => {
    const found = route.plan.items.find((i) => i.code === code);
    if (!found) throw new Error(`${code} is not in the route: ${route.plan.items.map((i) => i.code)}`);
    return found;
  };
  const signOff = (routeId: string, as: Principal, body: object, headers?: Record<string, string>) =>
    s.t.call('POST', `/routes/${routeId}/signoffs`, { as, body, ...(headers ? { headers } : {}) });
  /** Expects a refused write: a problem document, and not one row changed anywhere. */
  async function expectRefused(call: () => ReturnType<typeof signOff>, status: number) {
    const before = s.t.rowCounts();
    const res = await call();
    expect(res.status, res.text).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(s.t.rowCounts()).toEqual(before);
    return res.body as { detail: string; errors?: { path: string; message: string }[] };
  }

  /** The route, agreed by all three parties, as the learner reads it. */
  async function agreedRoute(options: Parameters<typeof s.agreedRoute>[0]) {
    const { learner, routeId } = await s.agreedRoute(options);
    return { learner, route: await getRoute(routeId, learner.as) };
  }

  describe('Santé: a helpende takes selected mbo 3 modules, assessed by internal examiners', () => {
    let routeId: string;
    let learnerAs: Principal;
    const fatima = pol('sante', 'pol-sante-1');
    const sanne = pol('sante', 'pol-sante-3');
    const medicatie = () => outcomeId('roc-rivor', 'VIG-LU-MT');

    beforeAll(async () => {
      const { learner, route } = await agreedRoute({
        sub: 'helpende-sante',
        institution: 'roc-rivor',
        employer: 'sante',
        role: 'sante/Helpende plus',
        assessors: ['pol-sante-1', 'pol-sante-3'],
      });
      routeId = route.id;
      learnerAs = learner.as;
      expect(route.status).toBe('active');
      expect(route.approvals).toHaveLength(3);
    });

    it('lists the assigned praktijkopleiders; assigning again changes nothing', async () => {
      const list = await s.t.call('GET', `/routes/${routeId}/assessors`, { as: learnerAs });
      expect(list.status).toBe(200);
      expect(list.body.items.map((a: { subject: string }) => a.subject)).toEqual([
        'pol-sante-1',
        'pol-sante-3',
      ]);
      const before = s.t.rowCounts();
      const again = await s.t.call('POST', `/routes/${routeId}/assessors`, {
        as: werkgever('sante'),
        body: { assessorId: assessorId('pol-sante-1') },
      });
      expect(again.status).toBe(200);
      expect(s.t.rowCounts()).toEqual(before);
      const events = s.t.db.sqlite
        .prepare(
          "SELECT count(*) AS n FROM audit_event WHERE action = 'route.assessor-assigned' AND resource_id = ?",
        )
        .get(routeId) as { n: number };
      expect(events.n).toBe(2);
    });

    it('refuses an assessor of another employer (422) and a werkgever of another employer (403)', async () => {
      const other = await expectRefused(
        () =>
          s.t.call('POST', `/routes/${routeId}/assessors`, {
            as: werkgever('sante'),
            body: { assessorId: assessorId('pol-cordaan-1') },
          }),
        422,
      );
      expect(other.errors?.[0]?.path).toBe('body.assessorId');
      await expectRefused(
        () =>
          s.t.call('POST', `/routes/${routeId}/assessors`, {
            as: werkgever('cordaan'),
            body: { assessorId: assessorId('pol-cordaan-1') },
          }),
        403,
      );
      await expectRefused(
        () =>
          s.t.call('POST', `/routes/${routeId}/assessors`, {
            as: opleider('han'),
            body: { assessorId: assessorId('pol-sante-2') },
          }),
        403,
      );
    });

    it('pol-sante-3 is no examiner: refused on the medicatie outcome (403)', async () => {
      const problem = await expectRefused(
        () =>
          signOff(routeId, sanne, { outcomeId: medicatie(), result: 'passed', date: '2026-11-20', evidence }),
        403,
      );
      expect(problem.detail).toContain('requires an examiner-qualified praktijkopleider');
      expect(problem.detail).toContain('VIG-LU-MT');
    });

    it('an unassigned praktijkopleider, even an examiner of the same employer, is refused (403)', async () => {
      const body = { outcomeId: medicatie(), result: 'passed', date: '2026-11-20', evidence };
      await expectRefused(() => signOff(routeId, pol('sante', 'pol-sante-2'), body), 403);
      await expectRefused(() => signOff(routeId, pol('cordaan', 'pol-cordaan-1'), body), 403);
      await expectRefused(() => signOff(routeId, opleider('roc-rivor'), body), 403);
      await expectRefused(() => signOff(routeId, learnerAs, body), 403);
    });

    it('an outcome of a module not in the route is refused at body.outcomeId (422)', async () => {
      const problem = await expectRefused(
        () =>
          signOff(routeId, fatima, {
            outcomeId: outcomeId('roc-rivor', 'VIG-LU-AC'),
            result: 'passed',
            date: '2026-11-20',
            evidence,
          }),
        422,
      );
      expect(problem.errors?.[0]?.path).toBe('body.outcomeId');
    });

    it('bad input is a 422 problem with the field path and writes nothing', async () => {
      const base = { outcomeId: medicatie(), result: 'passed', date: '2026-11-20', evidence };
      const cases: [object, string][] = [
        [{ ...base, date: '2026-11-23' }, 'body.date'],
        [{ ...base, evidence: [] }, 'body.evidence'],
        [{ ...base, evidence: [{ kind: 'file', sha256: 'not-a-digest' }] }, 'body.evidence[0].sha256'],
        [{ ...base, evidence: [{ kind: 'link', url: 'javascript:alert(1)' }] }, 'body.evidence[0].url'],
        [{ ...base, result: 'geslaagd' }, 'body.result'],
        [{ ...base, supersedes: 'nope', reason: 'x' }, 'body.supersedes'],
      ];
      for (const [body, path] of cases) {
        const problem = await expectRefused(() => signOff(routeId, fatima, body), 422);
        expect(problem.errors?.map((e) => e.path)).toContain(path);
      }
    });

    it('pol-sante-1 (mbo-examinator) signs off all outcomes of VIG-MED: completed in a new route version, approvals kept', async () => {
      const before = await getRoute(routeId, learnerAs);
      expect(item(before, 'VIG-MED').status).toBe('planned');
      const res = await signOff(routeId, fatima, {
        outcomeId: medicatie(),
        result: 'passed',
        date: '2026-11-20',
        evidence,
      });
      expect(res.status, res.text).toBe(201);
      const recorded = res.body as Recorded;
      expect(recorded.signoff).toMatchObject({ result: 'passed', date: '2026-11-20', current: true });
      expect(recorded.module).toMatchObject({
        completed: true,
        completedOn: '2026-11-20',
        recordedInRoute: true,
      });
      expect(recorded.routeVersion).toBe(before.version + 1);

      const after = await getRoute(routeId, learnerAs);
      expect(after.version).toBe(before.version + 1);
      expect(item(after, 'VIG-MED').status).toBe('completed');
      expect(after.inputs.completed).toContainEqual({
        moduleId: item(after, 'VIG-MED').moduleId,
        completedOn: '2026-11-20',
      });
      expect(after.approvals).toHaveLength(3);
      expect(after.status).toBe('active');
      expect(after.change.by).toBe('praktijkopleider:pol-sante-1');

      const audit = s.t.db.sqlite
        .prepare("SELECT detail FROM audit_event WHERE action = 'signoff.recorded' AND resource_id = ?")
        .get(recorded.signoff.id) as { detail: string };
      expect(JSON.parse(audit.detail)).toMatchObject({ routeId, result: 'passed' });
      expect((await completedModulesOf(s.t.deps, [routeId])).get(routeId)).toEqual([
        expect.objectContaining({
          moduleId: item(after, 'VIG-MED').moduleId,
          moduleVersion: 1,
          completedOn: '2026-11-20',
          signoffs: [expect.objectContaining({ id: recorded.signoff.id })],
        }),
      ]);
    });

    it("a 'not-yet' does not complete; a correction supersedes with a reason; a later attempt passes", async () => {
      const observeren = outcomeId('roc-rivor', 'VIG-LU-OR');
      const first = await signOff(routeId, fatima, {
        outcomeId: observeren,
        result: 'not-yet',
        date: '2026-11-09',
        evidence: [{ kind: 'text', text: 'Rapportage nog onvolledig.' }],
      });
      expect(first.status, first.text).toBe(201);
      const notYet = first.body as Recorded;
      expect(notYet.module).toMatchObject({ completed: false, recordedInRoute: false });
      expect(item(await getRoute(routeId, learnerAs), 'VIG-OBS').status).toBe('planned');

      const correction = {
        outcomeId: observeren,
        result: 'not-yet',
        date: '2026-11-10',
        evidence: [{ kind: 'text', text: 'Rapportage nog onvolledig.' }],
        supersedes: notYet.signoff.id,
      };
      const noReason = await expectRefused(() => signOff(routeId, fatima, correction), 422);
      expect(noReason.errors?.[0]?.path).toBe('body.reason');
      const blank = await expectRefused(() => signOff(routeId, fatima, { ...correction, reason: '  ' }), 422);
      expect(blank.errors?.[0]?.path).toBe('body.reason');

      const corrected = await signOff(routeId, fatima, {
        ...correction,
        reason: 'Verkeerde datum: de toets was op 10 november.',
      });
      expect(corrected.status, corrected.text).toBe(201);
      const fix = (corrected.body as Recorded).signoff;
      expect(fix).toMatchObject({ supersedes: notYet.signoff.id, current: true });

      // Correcting a sign-off that is already corrected, or one of another outcome, is refused.
      const twice = await expectRefused(
        () => signOff(routeId, fatima, { ...correction, date: '2026-11-11', reason: 'Nog een keer.' }),
        422,
      );
      expect(twice.errors?.[0]?.path).toBe('body.supersedes');
      const otherOutcome = await expectRefused(
        () =>
          signOff(routeId, fatima, {
            ...correction,
            outcomeId: medicatie(),
            supersedes: fix.id,
            reason: 'Fout outcome.',
          }),
        422,
      );
      expect(otherOutcome.errors?.[0]?.path).toBe('body.supersedes');

      const list = await s.t.call('GET', `/routes/${routeId}/signoffs`, { as: learnerAs });
      expect(list.status).toBe(200);
      const original = (list.body.items as SignoffBody[]).find((x) => x.id === notYet.signoff.id);
      expect(original).toMatchObject({ current: false, supersededBy: fix.id, date: '2026-11-09' });

      const retake = await signOff(routeId, fatima, {
        outcomeId: observeren,
        result: 'passed',
        date: '2026-11-21',
        evidence,
      });
      expect(retake.status, retake.text).toBe(201);
      expect((retake.body as Recorded).module).toMatchObject({ completed: true, completedOn: '2026-11-21' });
      expect(item(await getRoute(routeId, learnerAs), 'VIG-OBS').status).toBe('completed');

      // Once passed, a different sign-off is a correction, not a second opinion.
      await expectRefused(
        () =>
          signOff(routeId, fatima, {
            outcomeId: observeren,
            result: 'not-yet',
            date: '2026-11-21',
            evidence,
          }),
        409,
      );
    });

    it('the same sign-off sent twice at once with one Idempotency-Key records one sign-off', async () => {
      const before = signoffCount(routeId);
      const body = {
        outcomeId: outcomeId('roc-rivor', 'VIG-LU-PV'),
        result: 'passed',
        date: '2026-11-21',
        evidence,
      };
      const headers = { 'idempotency-key': 'santé-adl-2026-11-21' };
      const [a, b] = await Promise.all([
        signOff(routeId, fatima, body, headers),
        signOff(routeId, fatima, body, headers),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses.filter((x) => x === 201)).not.toHaveLength(0);
      for (const st of statuses) expect([201, 409]).toContain(st);
      expect(signoffCount(routeId)).toBe(before + 1);
      // A later retry with the key replays the answer.
      const replay = await signOff(routeId, fatima, body, headers);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(signoffCount(routeId)).toBe(before + 1);
    });

    it('the same sign-off without a key, at once or later, is recorded once as well', async () => {
      const before = signoffCount(routeId);
      const body = {
        outcomeId: outcomeId('roc-rivor', 'VIG-LU-WZ'),
        result: 'passed',
        date: '2026-11-22',
        evidence,
      };
      const [a, b] = await Promise.all([signOff(routeId, fatima, body), signOff(routeId, fatima, body)]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect((a.body as Recorded).signoff.id).toBe((b.body as Recorded).signoff.id);
      expect(signoffCount(routeId)).toBe(before + 1);
      const counts = s.t.rowCounts();
      const later = await signOff(routeId, fatima, body);
      expect(later.status).toBe(200);
      expect((later.body as Recorded).signoff.id).toBe((a.body as Recorded).signoff.id);
      expect(s.t.rowCounts()).toEqual(counts);
      // Every module of the helpende's route is signed off now.
      const route = await getRoute(routeId, learnerAs);
      expect(route.plan.items.filter((i) => i.status === 'planned')).toEqual([]);
      expect(route.status).toBe('completed');
      expect(route.approvals).toHaveLength(3);
    });

    it('the sign-offs are for the route’s parties only', async () => {
      for (const as of [fatima, opleider('roc-rivor'), learnerAs])
        expect((await s.t.call('GET', `/routes/${routeId}/signoffs`, { as })).status).toBe(200);
      for (const as of [werkgever('sante'), opleider('han'), pol('cordaan', 'pol-cordaan-1')])
        expect((await s.t.call('GET', `/routes/${routeId}/signoffs`, { as })).status).toBe(403);
    });
  });

  it('De Hoven: three micro-modules signed off by pol-de-hoven-1 complete the route', async () => {
    const { learner, route } = await agreedRoute({
      sub: 'mantelzorger-hoven',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-1'],
      startDate: '2026-11-02',
    });
    const gerrit = pol('de-hoven', 'pol-de-hoven-1');
    const codes = ['DH-LU-WAK', 'DH-LU-VOE', 'DH-LU-STK'];
    for (const [i, code] of codes.entries()) {
      const res = await signOff(route.id, gerrit, {
        outcomeId: outcomeId('de-hoven', code),
        result: 'passed',
        date: `2026-11-1${i + 5}`,
        evidence: [{ kind: 'text', text: `Observatie ${code} bij mevrouw De Vries thuis.` }],
      });
      expect(res.status, res.text).toBe(201);
      expect((res.body as Recorded).module).toMatchObject({ completed: true, recordedInRoute: true });
    }
    const after = await getRoute(route.id, learner.as);
    expect(after.plan.items.map((i) => i.status)).toEqual(['completed', 'completed', 'completed']);
    expect(after.status).toBe('completed');
    expect(after.version).toBe(route.version + 3);
    const done = (await completedModulesOf(s.t.deps, [route.id])).get(route.id) ?? [];
    expect(done.map((d) => d.completedOn).sort()).toEqual(['2026-11-15', '2026-11-16', '2026-11-17']);
  });

  it('a completion lost between sign-off and route is caught up by the next sign-off or a reconcile pass', async () => {
    const { learner, route } = await agreedRoute({
      sub: 'mantelzorger-hoven-2',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-2'],
      assignedBy: opleider('de-hoven'),
    });
    const jikke = pol('de-hoven', 'pol-de-hoven-2');
    const assessor = assessorId('pol-de-hoven-2');
    const moduleOf = (code: string) => item(route, code).moduleId;
    // What a request that crashed right after writing its sign-off leaves behind: the sign-off only.
    const crashed = (code: string, outcome: string) =>
      s.t.db.sqlite
        .prepare(
          `INSERT INTO signoff (id, route_id, outcome_id, module_id, module_version, assessor_id, result, date,
             evidence, accommodations, fingerprint, recorded_by, recorded_at)
           VALUES (?, ?, ?, ?, 1, ?, 'passed', '2026-11-18', '[{"kind":"text","text":"ok"}]', '[]', ?, ?, ?)`,
        )
        .run(
          crypto.randomUUID(),
          route.id,
          outcomeId('de-hoven', outcome),
          moduleOf(code),
          assessor,
          `crashed-${code}`,
          'praktijkopleider:pol-de-hoven-2',
          '2026-11-22T08:00:00.000Z',
        );

    crashed('DH-WAK', 'DH-LU-WAK');
    const pending = await s.t.call('GET', `/routes/${route.id}/signoffs`, { as: learner.as });
    expect(pending.body.modules).toEqual([
      expect.objectContaining({ moduleId: moduleOf('DH-WAK'), completed: true, recordedInRoute: false }),
    ]);
    const next = await signOff(route.id, jikke, {
      outcomeId: outcomeId('de-hoven', 'DH-LU-VOE'),
      result: 'passed',
      date: '2026-11-19',
      evidence,
    });
    expect(next.status, next.text).toBe(201);
    let now = await getRoute(route.id, learner.as);
    expect(item(now, 'DH-WAK').status).toBe('completed');
    expect(item(now, 'DH-VOE').status).toBe('completed');

    crashed('DH-STK', 'DH-LU-STK');
    await expectRefused(
      () => s.t.call('POST', `/routes/${route.id}/signoffs/reconcile`, { as: learner.as }),
      403,
    );
    const reconciled = await s.t.call('POST', `/routes/${route.id}/signoffs/reconcile`, {
      as: opleider('de-hoven'),
    });
    expect(reconciled.status, reconciled.text).toBe(200);
    expect(reconciled.body.recorded).toEqual([moduleOf('DH-STK')]);
    now = await getRoute(route.id, learner.as);
    expect(now.status).toBe('completed');
    const counts = s.t.rowCounts();
    const again = await s.t.call('POST', `/routes/${route.id}/signoffs/reconcile`, { as: jikke });
    expect(again.body.recorded).toEqual([]);
    expect(s.t.rowCounts()).toEqual(counts);
  });

  it("Lennard: his accommodations ('mondeling-examen') are recorded on his sign-offs", async () => {
    const { route } = await agreedRoute({
      sub: 'lennard-signoff',
      institution: 'roc-rivor',
      employer: 'pluryn',
      role: 'pluryn/Begeleider gehandicaptenzorg',
      assessors: ['pol-pluryn-1'],
      assignedBy: opleider('roc-rivor'),
      profile: {
        talenten: ['Nauwkeurig'],
        skills: [],
        drijfveren: [],
        accommodations: ['mondeling-examen', 'voorleessoftware'],
      },
    });
    expect(route.accommodations).toEqual(['mondeling-examen', 'voorleessoftware']);
    const bram = pol('pluryn', 'pol-pluryn-1');
    const byDefault = await signOff(route.id, bram, {
      outcomeId: outcomeId('roc-rivor', 'GZ-LU-VZ'),
      result: 'passed',
      date: '2026-11-20',
      evidence: [{ kind: 'link', url: 'https://dossier.pluryn.nl/praktijktoets/1' }],
    });
    expect(byDefault.status, byDefault.text).toBe(201);
    expect((byDefault.body as Recorded).signoff.accommodations).toEqual([
      'mondeling-examen',
      'voorleessoftware',
    ]);
    const given = await signOff(route.id, bram, {
      outcomeId: outcomeId('roc-rivor', 'GZ-LU-GG'),
      result: 'passed',
      date: '2026-11-21',
      evidence,
      accommodations: ['mondeling-examen'],
    });
    expect(given.status, given.text).toBe(201);
    expect((given.body as Recorded).signoff.accommodations).toEqual(['mondeling-examen']);
    const stored = one<{ accommodations: string }>(
      'SELECT accommodations FROM signoff WHERE id = ?',
      (given.body as Recorded).signoff.id,
    );
    expect(JSON.parse(stored.accommodations)).toEqual(['mondeling-examen']);
    // The examination record keeps them; the credential, which travels with the learner to anyone, does not.
    const issued = await s.t.call('GET', `/routes/${route.id}/credentials`, { as: opleider('roc-rivor') });
    expect(issued.status, issued.text).toBe(200);
    expect(issued.body.items.length).toBeGreaterThan(0);
    expect(issued.text).not.toMatch(/mondeling-examen|voorleessoftware|accommodations/);
    // The route's audit trail holds its sign-offs, as the history page shows it.
    const trail = await s.t.call('GET', `/routes/${route.id}/audit`, { as: opleider('roc-rivor') });
    expect(trail.body.items.filter((e: { action: string }) => e.action === 'signoff.recorded')).toHaveLength(
      2,
    );
  });

  it('a draft route is not signed off yet (409), and sign-offs are never edited in the database', async () => {
    const learner = await s.enrol('draft-sante', 'Draft Learner', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    const route = await s.expectStatus(
      s.t.call('POST', '/routes', {
        as: opleider('roc-rivor'),
        body: {
          learnerId: learner.id,
          roleId: s.roleId('sante/Helpende plus'),
          hoursPerWeek: 8,
          startDate: '2026-12-01',
        },
      }),
      201,
    );
    await s.expectStatus(
      s.t.call('POST', `/routes/${route.id}/assessors`, {
        as: werkgever('sante'),
        body: { assessorId: assessorId('pol-sante-2') },
      }),
      201,
    );
    await expectRefused(
      () =>
        signOff(route.id, pol('sante', 'pol-sante-2'), {
          outcomeId: outcomeId('roc-rivor', 'VIG-LU-OR'),
          result: 'passed',
          date: '2026-11-20',
          evidence,
        }),
      409,
    );
    expect(() => s.t.db.sqlite.prepare("UPDATE signoff SET result = 'passed'").run()).toThrow(/immutable/);
    expect(() => s.t.db.sqlite.prepare('DELETE FROM signoff').run()).toThrow(/never deleted/);
  });

  it('documents the endpoints in /openapi.json', async () => {
    const doc = (await s.t.call('GET', '/openapi.json')).body as { paths: Record<string, object> };
    for (const path of ['/routes/{id}/assessors', '/routes/{id}/signoffs', '/routes/{id}/signoffs/reconcile'])
      expect(doc.paths[path]).toBeDefined();
  });
});
