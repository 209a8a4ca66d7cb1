import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { learner, opleider, praktijkopleider, werkgever } from '../support/principals.js';
import { openScenario, type Scenario } from '../support/scenario.js';
import type { TargetKind } from '../support/target.js';

// The planner's clock in these tests is 2026-11-22, on every target (TEST_NOW in tests/support/target.ts).
type Item = {
  moduleId: string;
  code: string;
  status: string;
  essential: boolean;
  plannedStart?: string;
  plannedEnd?: string;
  reasons: { kind: string; [k: string]: unknown }[];
};
type RouteBody = {
  id: string;
  version: number;
  status: string;
  plan: { items: Item[]; refusals: { refusal: { reason: string }; appliesTo: string[] }[]; endDate: string };
  admission?: { admitted: boolean; basis: string; explanation: string };
  accommodations: string[];
  onboarding: { independentFrom: string; days: number; within100Days: boolean };
  approvals: { party: string }[];
  inputs: { completed: unknown[]; pauses: unknown[] };
};

const codes = (items: Item[], status = 'planned') =>
  items.filter((i) => i.status === status).map((i) => i.code);
const item = (route: RouteBody, code: string) => {
  const found = route.plan.items.find((i) => i.code === code);
  if (!found) throw new Error(`${code} is not in the route: ${route.plan.items.map((i) => i.code)}`);
  return found;
};

/** Every essential planned item comes before every non-essential one, unless a prerequisite forced it. */
function expectEssentialFirst(items: Item[]) {
  const planned = items.filter((i) => i.status === 'planned');
  const lastEssential = planned.map((i) => i.essential).lastIndexOf(true);
  const firstLater = planned.findIndex((i) => !i.essential);
  if (firstLater !== -1) expect(lastEssential).toBeLessThan(firstLater);
}

/**
 * The scenarios of superscholing (Willem, Miranda, Rianne, …) through the API, on the fixtures, as
 * an entry file runs them on one target.
 * @example scenariosSuite(sqlite); // tests/api/scenarios.test.ts
 */
export function scenariosSuite(kind: TargetKind) {
  describe(`the scenarios of superscholing, through the API (${kind.name})`, () => {
    let s: Scenario;
    beforeAll(async () => {
      s = await openScenario(await kind.open(), kind.fixtures());
    }, 30_000);

    const compose = (as: Principal, body: object) => s.t.call('POST', '/routes', { as, body });
    /** The werkgever assigns a praktijkopleider, who takes part in the route (and approves it) only then. */
    const assign = (routeId: string, employer: string, subject: string) =>
      s.expectStatus(
        s.t.call('POST', `/routes/${routeId}/assessors`, {
          as: werkgever(employer),
          body: { assessorId: s.assessorId(subject) },
        }),
        201,
      );

    it('Willem: essential classroom modules first at KSU, earlier ALO work exempts bewegingsdidactiek', async () => {
      const willem = await s.enrol('willem', 'Willem Bakker', {
        grants: [{ kind: 'institution', id: 'han' }],
      });
      const res = await compose(opleider('han'), {
        learnerId: willem.id,
        roleId: s.roleId('ksu/Leerkracht bewegingsonderwijs'),
        hoursPerWeek: 8,
        startDate: '2027-01-01',
        exemptions: [
          {
            moduleId: s.moduleId('han/ALO-BDB'),
            evidence: {
              kind: 'earlier-module',
              id: 'alo-arnhem-2009-bdb',
              description: 'Bewegingsdidactiek, ALO Arnhem 2009 (voltooid tentamen)',
            },
          },
        ],
      });
      expect(res.status).toBe(201);
      const route = res.body as RouteBody;
      expect(route.status).toBe('draft');
      expect(item(route, 'ALO-BDB')).toMatchObject({ status: 'exempt' });
      expect(item(route, 'ALO-BDB').reasons[0]).toMatchObject({
        kind: 'exempt',
        evidence: { id: 'alo-arnhem-2009-bdb' },
      });
      expectEssentialFirst(route.plan.items);
      const planned = codes(route.plan.items);
      expect(planned.slice(0, 4).sort()).toEqual(['ALO-KM', 'ALO-LBB', 'ALO-LOB', 'ALO-VH']);
      // Schoolzwemmen is not needed at KSU's locations: it is planned, but last, and says why.
      expect(item(route, 'ALO-ZW').essential).toBe(false);
      expect(item(route, 'ALO-ZW').reasons).toContainEqual(
        expect.objectContaining({ kind: 'covers', priority: 'later' }),
      );
      for (const i of route.plan.items) expect(i.reasons.length).toBeGreaterThan(0);
      expect(planned.indexOf('ALO-ZW')).toBeGreaterThan(planned.indexOf('ALO-VH'));
    });

    it('Miranda: admitted to the tweedegraads opleiding only with a recorded override; starts in March', async () => {
      const miranda = await s.enrol('miranda', 'Miranda Jansen', {
        grants: [{ kind: 'institution', id: 'han' }],
        profile: {
          talenten: ['Leidinggeven', 'Taalgevoel'],
          skills: ['Coachen'],
          drijfveren: ['Jongeren iets meegeven'],
          werkEnDenkniveau: {
            level: 'wo-bachelor',
            evidence: [
              {
                kind: 'cognitive-test',
                description: 'Capaciteitentest: ruim boven hbo-niveau',
                date: '2026-10-01',
              },
            ],
          },
          accommodations: [],
        },
      });
      const body = {
        learnerId: miranda.id,
        roleId: s.roleId('yuverta/Docent Nederlands vmbo'),
        qualificationId: s.qualificationId('han/NED-2G'),
        hoursPerWeek: 8,
        startDate: '2027-03-01',
        exemptions: [
          {
            moduleId: s.moduleId('han/NED-TK'),
            evidence: {
              kind: 'diploma',
              id: 'uu-propedeuse-1990',
              description: 'Propedeuse Rechten, Universiteit Utrecht',
            },
          },
        ],
      };
      const refused = await compose(opleider('han'), body);
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].path).toBe('body.admissionOverride');
      expect(refused.body.detail).toMatch(/legal minimum|wettelijk|diploma/i);

      const res = await compose(opleider('han'), {
        ...body,
        admissionOverride: {
          reason: 'Zij-instroom in het beroep: geschiktheidsonderzoek positief, examencommissie akkoord.',
        },
      });
      expect(res.status).toBe(201);
      const route = res.body as RouteBody;
      expect(route.admission).toMatchObject({ admitted: true, basis: 'override' });
      expect(route.admission?.explanation).toContain('examencommissie');
      expect(item(route, 'NED-TK').status).toBe('exempt');
      const starts = route.plan.items.filter((i) => i.plannedStart).map((i) => i.plannedStart as string);
      expect(starts.sort()[0]).toBe('2027-03-01');
      expect(new Date(starts.sort()[0] as string).getUTCDate()).toBe(1);
    });

    it('Rianne: an mbo-2 diploma but a tested werk- en denkniveau of mbo 4 admits her to mbo 4', async () => {
      const rianne = await s.enrol('rianne', 'Rianne de Vries', {
        grants: [{ kind: 'institution', id: 'roc-rivor' }],
        profile: {
          talenten: ['Zorgzaam'],
          skills: [],
          drijfveren: ['Mensen helpen'],
          werkEnDenkniveau: {
            level: 'mbo-4',
            evidence: [
              {
                kind: 'cognitive-test',
                description: 'Cognitieve capaciteitentest: mbo 4',
                date: '2026-09-15',
              },
            ],
          },
          accommodations: [],
        },
        evidence: [
          {
            kind: 'diploma',
            title: 'Diploma Helpende Zorg en Welzijn',
            issuer: 'ROC Nijmegen',
            issuedOn: '2012-07-01',
            level: 'mbo-2',
          },
        ],
      });
      const res = await compose(opleider('roc-rivor'), {
        learnerId: rianne.id,
        roleId: s.roleId('pluryn/Persoonlijk begeleider gehandicaptenzorg'),
        qualificationId: s.qualificationId('roc-rivor/PBGZ-4'),
        hoursPerWeek: 8,
        startDate: '2027-02-01',
      });
      expect(res.status).toBe(201);
      expect((res.body as RouteBody).admission).toMatchObject({ admitted: true, basis: 'tested-level' });
    });

    it('Lennard: his accommodations are carried from his profile into the route', async () => {
      const lennard = await s.enrol('lennard', 'Lennard Smit', {
        grants: [{ kind: 'institution', id: 'roc-rivor' }],
        profile: {
          talenten: ['Nauwkeurig'],
          skills: [],
          drijfveren: [],
          accommodations: ['mondeling-examen', 'voorleessoftware', 'extra-tijd'],
        },
      });
      const res = await compose(opleider('roc-rivor'), {
        learnerId: lennard.id,
        roleId: s.roleId('pluryn/Begeleider gehandicaptenzorg'),
        hoursPerWeek: 6,
        startDate: '2027-02-01',
      });
      expect(res.status).toBe(201);
      expect((res.body as RouteBody).accommodations).toEqual([
        'mondeling-examen',
        'voorleessoftware',
        'extra-tijd',
      ]);
    });

    it('Janneke: her verified BHV certificate from KLM covers BHV, so no BHV module is planned', async () => {
      const janneke = await s.enrol('janneke', 'Janneke Visser', {
        grants: [{ kind: 'institution', id: 'roc-rivor' }],
        verifiedBy: opleider('roc-rivor'),
        evidence: [
          {
            kind: 'certificate',
            title: 'BHV-certificaat',
            issuer: 'KLM',
            issuedOn: '2025-04-10',
            competencies: ['https://id.loopbrug.nl/eigen/veiligheid/bhv'],
            verified: true,
          },
        ],
      });
      const res = await s.t.call('POST', '/routes/preview', {
        as: opleider('roc-rivor'),
        body: {
          learnerId: janneke.id,
          roleId: s.roleId('cordaan/Verzorgende IG'),
          hoursPerWeek: 8,
          startDate: '2027-02-01',
        },
      });
      expect(res.status).toBe(200);
      const plan = res.body.plan as RouteBody['plan'] & {
        covered: { competency: string; by: { kind: string } }[];
      };
      expect(codes(plan.items)).not.toContain('RIV-BHV');
      expect(plan.covered).toContainEqual(
        expect.objectContaining({
          competency: 'https://id.loopbrug.nl/eigen/veiligheid/bhv',
          by: expect.objectContaining({ kind: 'evidence' }),
        }),
      );
    });

    it('Frans: a refused exemption for Nederlands stays visible with its reason, in a new version', async () => {
      const frans = await s.enrol('frans', 'Frans van Dijk', {
        grants: [{ kind: 'institution', id: 'kw1c' }],
      });
      const created = (
        await compose(opleider('kw1c'), {
          learnerId: frans.id,
          roleId: s.roleId('hoppenbrouwers/Installatiemedewerker'),
          hoursPerWeek: 24,
          startDate: '2027-01-04',
        })
      ).body as RouteBody;
      const reason = 'Levenservaring is geen bewijs van taalniveau 2F; de toets volgt in de module.';
      const changed = await s.t.call('PATCH', `/routes/${created.id}`, {
        as: opleider('kw1c'),
        body: { operations: [{ op: 'refuse-exemption', moduleId: s.moduleId('kw1c/KW-NL2F'), reason }] },
      });
      expect(changed.status).toBe(200);
      const route = changed.body as RouteBody;
      expect(route.version).toBe(2);
      expect(item(route, 'KW-NL2F')).toMatchObject({ status: 'planned' });
      expect(item(route, 'KW-NL2F').reasons).toContainEqual({ kind: 'exemption-refused', reason });
      expect(route.plan.refusals[0]?.refusal.reason).toBe(reason);
      // The technical modules come first: Nederlands is for later in this role.
      const planned = route.plan.items.filter((i) => i.status === 'planned');
      expect(item(route, 'KW-NL2F').essential).toBe(false);
      expect(planned.findIndex((i) => i.code === 'KW-NL2F')).toBeGreaterThan(
        planned.map((i) => i.essential).lastIndexOf(true),
      );
      const first = await s.t.call('GET', `/routes/${created.id}/versions/1`, { as: opleider('kw1c') });
      expect(first.body.plan.refusals).toEqual([]);
    });

    it('Anne: approved by all three, paused for leave, resumed with the remaining modules', async () => {
      const anne = await s.enrol('anne', 'Anne de Boer', { grants: [{ kind: 'institution', id: 'loi' }] });
      const route = (
        await compose(opleider('loi'), {
          learnerId: anne.id,
          roleId: s.roleId('ksu/Onderwijsassistent'),
          hoursPerWeek: 8,
          startDate: '2026-12-01',
        })
      ).body as RouteBody;
      const first = route.plan.items.find((i) => i.status === 'planned') as Item;
      const recorded = (
        await s.t.call('PATCH', `/routes/${route.id}`, {
          as: opleider('loi'),
          body: {
            operations: [{ op: 'record-completion', moduleId: first.moduleId, completedOn: '2027-01-20' }],
          },
        })
      ).body as RouteBody;
      await assign(route.id, 'ksu', 'pol-ksu-2');
      for (const as of [opleider('loi'), praktijkopleider('ksu', 'pol-ksu-2'), anne.as])
        expect((await s.t.call('POST', `/routes/${route.id}/approvals`, { as })).status).toBe(200);
      const agreed = (await s.t.call('GET', `/routes/${route.id}`, { as: anne.as })).body as RouteBody;
      expect(agreed.status).toBe('agreed');
      expect(agreed.approvals.map((a) => a.party).sort()).toEqual([
        'learner',
        'opleider',
        'praktijkopleider',
      ]);

      const paused = await s.t.call('POST', `/routes/${route.id}/pause`, {
        as: anne.as,
        body: { from: '2027-02-01', until: '2027-06-01', reason: 'Zwangerschapsverlof' },
      });
      expect(paused.status).toBe(200);
      const during = paused.body as RouteBody;
      // Today (2026-11-22) is before the pause and the start: the route reads agreed until the pause begins.
      expect(during.status).toBe('agreed');
      expect(item(during, first.code).status).toBe('completed');
      for (const start of during.plan.items.flatMap((x) => (x.plannedStart ? [x.plannedStart] : [])))
        expect(start < '2027-02-01' || start >= '2027-06-01', `${start} falls inside the pause`).toBe(true);
      expect(codes(during.plan.items)).toEqual(codes(recorded.plan.items));
      expect(during.plan.endDate > recorded.plan.endDate).toBe(true);

      const resumed = await s.t.call('POST', `/routes/${route.id}/resume`, {
        as: anne.as,
        body: { on: '2027-05-03' },
      });
      expect(resumed.status).toBe(200);
      const after = resumed.body as RouteBody;
      // The leave now ends on 2027-05-03; today the route has not started yet, so it still reads agreed.
      expect(after.status).toBe('agreed');
      expect(after.inputs.pauses).toEqual([
        { from: '2027-02-01', until: '2027-05-03', reason: 'Zwangerschapsverlof' },
      ]);
      expect(item(after, first.code).status).toBe('completed');
      expect(codes(after.plan.items)).toEqual(codes(recorded.plan.items));
      expect(after.plan.endDate < during.plan.endDate).toBe(true);
      expect(after.approvals.length).toBe(3);
    });

    it('Krista: months of onboarding before the programme starts, and pauses now and then', async () => {
      const krista = await s.enrol('krista', 'Krista Mulder', {
        grants: [{ kind: 'institution', id: 'ncoi' }],
      });
      const route = (
        await compose(opleider('ncoi'), {
          learnerId: krista.id,
          roleId: s.roleId('yuverta/Docent Nederlands vmbo'),
          hoursPerWeek: 12,
          startDate: '2027-03-22',
        })
      ).body as RouteBody;
      const starts = route.plan.items.filter((i) => i.plannedStart).map((i) => i.plannedStart as string);
      expect(starts.every((d) => d >= '2027-03-22')).toBe(true);
      expect(starts.sort()[0]).toBe('2027-04-01');
      await assign(route.id, 'yuverta', 'pol-yuverta-1');
      for (const as of [opleider('ncoi'), praktijkopleider('yuverta', 'pol-yuverta-1'), krista.as])
        await s.t.call('POST', `/routes/${route.id}/approvals`, { as });
      for (const [from, until, on] of [
        ['2027-07-01', '2027-08-15', '2027-08-16'],
        ['2027-12-20', '2028-01-05', '2028-01-03'],
      ] as const) {
        expect(
          (await s.t.call('POST', `/routes/${route.id}/pause`, { as: krista.as, body: { from, until } }))
            .status,
        ).toBe(200);
        expect(
          (await s.t.call('POST', `/routes/${route.id}/resume`, { as: krista.as, body: { on } })).status,
        ).toBe(200);
      }
      const now = (await s.t.call('GET', `/routes/${route.id}`, { as: krista.as })).body as RouteBody;
      expect(now.version).toBe(5);
      expect(now.inputs.pauses).toHaveLength(2);
      expect(codes(now.plan.items)).toEqual(codes(route.plan.items));
    });

    it('De Hoven: a mantelzorger without an employment contract takes the three micro-modules', async () => {
      const mantelzorger = await s.enrol('ria-mantelzorg', 'Ria Hoekstra', {
        grants: [{ kind: 'institution', id: 'de-hoven' }],
      });
      const res = await compose(opleider('de-hoven'), {
        learnerId: mantelzorger.id,
        roleId: s.roleId('de-hoven/Zorgondersteuner / mantelzorger'),
        hoursPerWeek: 4,
        startDate: '2026-12-07',
      });
      expect(res.status).toBe(201);
      const route = res.body as RouteBody;
      expect(codes(route.plan.items).sort()).toEqual(['DH-STK', 'DH-VOE', 'DH-WAK']);
      expect(route.onboarding.within100Days).toBe(true);
      expect(route.plan.endDate).toBe('2026-12-28');
    });

    it('a replan toward another role keeps every completed module and exemption', async () => {
      const lotte = await s.enrol('lotte', 'Lotte Meijer', {
        grants: [{ kind: 'institution', id: 'roc-rivor' }],
      });
      const route = (
        await compose(opleider('roc-rivor'), {
          learnerId: lotte.id,
          roleId: s.roleId('sante/Helpende plus'),
          hoursPerWeek: 8,
          startDate: '2027-02-01',
        })
      ).body as RouteBody;
      const done = item(route, 'VIG-OBS');
      await s.t.call('PATCH', `/routes/${route.id}`, {
        as: opleider('roc-rivor'),
        body: {
          operations: [{ op: 'record-completion', moduleId: done.moduleId, completedOn: '2027-03-28' }],
        },
      });
      const replanned = await s.t.call('POST', `/routes/${route.id}/replan`, {
        as: opleider('roc-rivor'),
        body: { roleId: s.roleId('cordaan/Verzorgende IG'), reason: 'Overstap naar Cordaan' },
      });
      expect(replanned.status).toBe(200);
      const after = replanned.body as RouteBody & { roleId: string; employerId: string };
      expect(after).toMatchObject({
        version: 3,
        roleId: s.roleId('cordaan/Verzorgende IG'),
        employerId: 'cordaan',
      });
      expect(item(after, 'VIG-OBS')).toMatchObject({ status: 'completed' });
      expect(item(after, 'VIG-OBS').reasons[0]).toEqual({ kind: 'completed', on: '2027-03-28' });
      expect(codes(after.plan.items).length).toBeGreaterThan(codes(route.plan.items).length - 1);
    });

    it('a move before a prerequisite is refused with a reason naming both modules', async () => {
      const jan = await s.enrol('jan', 'Jan Peters', { grants: [{ kind: 'institution', id: 'kw1c' }] });
      const route = (
        await compose(opleider('kw1c'), {
          learnerId: jan.id,
          roleId: s.roleId('hoppenbrouwers/Installatiemedewerker'),
          hoursPerWeek: 24,
          startDate: '2027-01-04',
        })
      ).body as RouteBody;
      const before = await s.t.rowCounts();
      const res = await s.t.call('PATCH', `/routes/${route.id}`, {
        as: opleider('kw1c'),
        body: { operations: [{ op: 'move', moduleId: s.moduleId('kw1c/KW-CV2'), position: 1 }] },
      });
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain('KW-CV2');
      expect(res.body.detail).toMatch(/KW-CV1|KW-BAS/);
      expect(await s.t.rowCounts()).toEqual(before);
    });

    it('nobody plans or reads a route without the learner: no grant, no route; another employer sees nothing', async () => {
      const piet = await s.enrol('piet', 'Piet Kok', { grants: [] });
      const body = {
        learnerId: piet.id,
        roleId: s.roleId('ksu/Onderwijsassistent'),
        hoursPerWeek: 8,
        startDate: '2027-01-04',
      };
      expect((await s.t.call('POST', '/routes/preview', { as: opleider('loi'), body })).status).toBe(403);
      await s.t.call('POST', `/learners/${piet.id}/grants`, {
        as: piet.as,
        body: { grantee: { kind: 'institution', id: 'loi' }, scope: ['profile'] },
      });
      const route = (await compose(opleider('loi'), body)).body as RouteBody;
      // KSU is where the route leads; Yuverta (say, his current employer) must not see this orientation.
      expect(
        (
          await s.t.call('GET', `/routes/${route.id}`, {
            as: { sub: 'hr', role: 'werkgever', employer: 'ksu' },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await s.t.call('GET', `/routes/${route.id}`, {
            as: { sub: 'hr', role: 'werkgever', employer: 'yuverta' },
          })
        ).status,
      ).toBe(403);
      expect((await s.t.call('GET', `/routes/${route.id}`, { as: opleider('han') })).status).toBe(403);
    });

    it('a change after agreement needs approval again; every change is a version and an audit event', async () => {
      const kim = await s.enrol('kim', 'Kim Bos', { grants: [{ kind: 'institution', id: 'avans' }] });
      const route = (
        await compose(opleider('avans'), {
          learnerId: kim.id,
          roleId: s.roleId('sante/Verpleegkundige geriatrie'),
          hoursPerWeek: 8,
          startDate: '2027-09-01',
        })
      ).body as RouteBody;
      await assign(route.id, 'sante', 'pol-sante-4');
      for (const as of [opleider('avans'), praktijkopleider('sante', 'pol-sante-4'), kim.as])
        await s.t.call('POST', `/routes/${route.id}/approvals`, { as });
      expect((await s.t.call('GET', `/routes/${route.id}`, { as: kim.as })).body.status).toBe('agreed');
      expect((await s.t.call('POST', `/routes/${route.id}/approvals`, { as: kim.as })).status).toBe(409);
      const later = route.plan.items.filter((i) => i.status === 'planned' && !i.essential).at(-1) as Item;
      const changed = (
        await s.t.call('PATCH', `/routes/${route.id}`, {
          as: opleider('avans'),
          body: {
            operations: [{ op: 'remove', moduleId: later.moduleId }],
            reason: 'Niet nodig op deze afdeling',
          },
        })
      ).body as RouteBody;
      expect(changed).toMatchObject({ version: 2, status: 'draft', approvals: [] });
      expect(codes(changed.plan.items)).not.toContain(later.code);
      const events = (
        await s.t.query<{ action: string }>(
          "SELECT action FROM audit_event WHERE resource_type = 'route' AND resource_id = ? ORDER BY at, action",
          route.id,
        )
      ).map((e) => e.action);
      expect(events).toEqual(
        [
          'route.approved',
          'route.approved',
          'route.approved',
          'route.assessor-assigned',
          'route.changed',
          'route.composed',
        ].sort(),
      );
    });

    // Last in the suite: T-A is a published HAN module no route above should have been planned with.
    it('HAN revises a published module: the others keep reading v1 until v2 is published, HAN edits its draft', async () => {
      const han = opleider('han');
      const reader = learner('lezer');
      const outsiders = [reader, werkgever('ksu'), opleider('loi')];
      const created = await s.expectStatus(
        s.t.call('POST', '/modules', {
          as: han,
          body: {
            code: 'T-A',
            title: 'Module T-A',
            description: 'Een module om te herzien.',
            outcomes: [s.outcomeId('han', 'ALO-LU-KM1')],
            studyLoad: { hours: 40 },
            deliveryModes: ['blended'],
            startPattern: { kind: 'continuous' },
            price: { amountCents: 0 },
          },
        }),
        201,
      );
      const id: string = created.id;
      const titles = async (as: Principal, query: string) =>
        (await s.expectStatus(s.t.call('GET', `/modules?q=Module%20T&${query}`, { as }), 200)).items.map(
          (m: { title: string; version: number; status: string }) => `${m.title} v${m.version} ${m.status}`,
        );
      // A module never published is its instelling's work in progress alone.
      expect(await titles(han, '')).toEqual(['Module T-A v1 draft']);
      expect(await titles(reader, '')).toEqual([]);
      expect((await s.t.call('GET', `/modules/${id}`, { as: reader })).status).toBe(404);

      await s.expectStatus(s.t.call('POST', `/modules/${id}/publish`, { as: han }), 200);
      await s.expectStatus(
        s.t.call('PATCH', `/modules/${id}`, {
          as: han,
          body: { title: 'Module T-A herzien', studyLoad: { hours: 60 } },
        }),
        200,
      );
      // Each reader in turn, so a list kept for one reader's drafts is never another's answer.
      for (const as of [han, ...outsiders, han]) {
        const own = as === han;
        expect(await titles(as, 'status=published')).toEqual(['Module T-A v1 published']);
        expect(await titles(as, 'status=draft')).toEqual(own ? ['Module T-A herzien v2 draft'] : []);
        expect(await titles(as, '')).toEqual([
          own ? 'Module T-A herzien v2 draft' : 'Module T-A v1 published',
        ]);
        const shown = await s.expectStatus(s.t.call('GET', `/modules/${id}`, { as }), 200);
        expect(shown).toMatchObject(
          own
            ? { version: 2, status: 'draft', studyLoad: { hours: 60 }, publishedVersion: 1 }
            : { version: 1, status: 'published', studyLoad: { hours: 40 }, publishedVersion: 1 },
        );
        const versions = await s.expectStatus(s.t.call('GET', `/modules/${id}/versions`, { as }), 200);
        expect(versions.items.map((v: { version: number }) => v.version)).toEqual(own ? [1, 2] : [1]);
        expect((await s.t.call('GET', `/modules/${id}/versions/2`, { as })).status).toBe(own ? 200 : 404);
      }

      await s.expectStatus(s.t.call('POST', `/modules/${id}/publish`, { as: han }), 200);
      for (const as of [han, ...outsiders])
        expect(await titles(as, '')).toEqual(['Module T-A herzien v2 published']);
    });

    it('KSU cannot remove a location its roles still use: a 409 naming them, and nothing written', async () => {
      const ksu = werkgever('ksu');
      const employer = await s.expectStatus(s.t.call('GET', '/employers/ksu', { as: ksu }), 200);
      const [wegwijzer] = employer.locations;
      const before = await s.t.rowCounts();
      const res = await s.t.call('PATCH', '/employers/ksu', { as: ksu, body: { locations: [wegwijzer] } });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain(`'Onderwijsassistent' (${s.roleId('ksu/Onderwijsassistent')})`);
      expect(res.body.detail).toContain('kbs-sint-jan');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.locations']);
      expect(await s.t.rowCounts()).toEqual(before);
      expect((await s.t.call('GET', '/employers/ksu', { as: ksu })).body.locations).toEqual(
        employer.locations,
      );
    });

    it("a code or subject taken again is a 409 at its field, in the domain's words, on either database", async () => {
      const han = opleider('han');
      const outcome = await s.t.call('POST', '/learning-outcomes', {
        as: han,
        body: {
          code: 'ALO-LU-KM1',
          title: 'Dubbel',
          description: 'Dubbel',
          competencies: ['https://id.loopbrug.nl/bp/leraar-lo/klassenmanagement'],
          assessmentMethod: 'praktijktoets',
        },
      });
      const module = await s.t.call('POST', '/modules', {
        as: han,
        body: {
          code: 'ALO-KM',
          title: 'Dubbel',
          description: 'Dubbel',
          outcomes: [s.outcomeId('han', 'ALO-LU-KM1')],
          studyLoad: { hours: 40 },
          deliveryModes: ['blended'],
          startPattern: { kind: 'continuous' },
          price: { amountCents: 0 },
        },
      });
      const assessor = await s.t.call('POST', '/assessors', {
        as: werkgever('ksu'),
        body: { name: 'Dubbel', email: 'dubbel@ksu.nl', subject: 'pol-ksu-1', qualifications: [] },
      });
      const problems = [outcome, module, assessor].map((r) => [r.status, r.body.detail, r.body.errors]);
      const hanName = 'Hogeschool van Arnhem en Nijmegen';
      expect(problems).toEqual([
        [
          409,
          `${hanName} already has a learning outcome with code ALO-LU-KM1.`,
          [expect.objectContaining({ path: 'body.code' })],
        ],
        [
          409,
          `${hanName} already has a module with code ALO-KM.`,
          [expect.objectContaining({ path: 'body.code' })],
        ],
        [
          409,
          "Another praktijkopleider already signs in as 'pol-ksu-1'.",
          [expect.objectContaining({ path: 'body.subject' })],
        ],
      ]);
    });

    it("an opleider finds Santé's roles by the werkgever's name typed without its accent, on either database", async () => {
      const as = opleider('roc-rivor');
      const list = (query: Record<string, string>) =>
        s.expectStatus(s.t.call('GET', `/roles?${new URLSearchParams(query)}`, { as }), 200);
      const titles = (page: { items: { title: string }[] }) => page.items.map((r) => r.title).sort();
      expect(titles(await list({ q: 'SANTE' }))).toEqual(['Helpende plus', 'Verpleegkundige geriatrie']);
      expect(titles(await list({ q: 'helpende PLUS' }))).toEqual(['Helpende plus']);
      // Every filter and a cursor at once, the deepest role query: within D1's expression depth of 100.
      const first = await list({ q: 'Santé', employer: 'sante', limit: '1' });
      const competency = 'https://id.loopbrug.nl/kd/verzorgende-ig/b1-k1-w2';
      await list({ q: 'Santé', employer: 'sante', competency, limit: '1', cursor: first.nextCursor });
    });

    it('a search as long as the API takes is no error, on either database (D1 refuses a LIKE pattern over 50 bytes)', async () => {
      const long = 'x'.repeat(100);
      for (const path of ['/roles', '/learners', '/modules', '/employers', '/routes'])
        expect(
          (await s.expectStatus(s.t.call('GET', `${path}?q=${long}`, { as: opleider('roc-rivor') }), 200))
            .items,
        ).toEqual([]);
    });
  });
}
