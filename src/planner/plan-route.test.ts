import { describe, expect, it } from 'vitest';
import { indexCatalog } from './catalog.js';
import { PlannerInputError, PrerequisiteCycleError } from './errors.js';
import { planRoute, planRouteWithCatalog } from './plan-route.js';
import { mod, plannerInput } from './test-support.js';
import type { Evidence, PlannerModule } from './types.js';

const C = (name: string) => `urn:loopbrug:competentie:${name}`;
const monthly = { kind: 'monthly', dayOfMonth: 1 } as const;

/** HAN ALO modules for Willem's maatwerk route to leerkracht LO at KSU. */
const alo: PlannerModule[] = [
  mod('alo-ped', [C('pedagogisch-handelen')], {
    code: 'ALO-PED',
    title: 'Pedagogisch handelen',
    studyLoadHours: 40,
    startPattern: monthly,
  }),
  mod('alo-klas', [C('klassenmanagement')], {
    code: 'ALO-KLAS',
    title: 'Klassenmanagement in het primair onderwijs',
    studyLoadHours: 32,
    startPattern: monthly,
    prerequisites: { modules: ['alo-ped'], competencies: [] },
  }),
  mod('alo-bew', [C('bewegingsdidactiek')], {
    code: 'ALO-BEW',
    title: 'Bewegingsonderwijs groep 1-8',
    studyLoadHours: 48,
    startPattern: monthly,
    prerequisites: { modules: [], competencies: [C('klassenmanagement')] },
  }),
  mod('alo-zwem', [C('schoolzwemmen')], {
    code: 'ALO-ZWEM',
    title: 'Schoolzwemmen',
    studyLoadHours: 24,
    startPattern: { kind: 'fixed', dates: ['2026-09-01', '2027-02-01'] },
  }),
  mod('alo-sport', [C('sporttechniek')], { code: 'ALO-SPORT', title: 'Sporttechniek', studyLoadHours: 60 }),
];

const propedeuse: Evidence = {
  kind: 'credential',
  id: 'vc-alo-prop-2009',
  description: 'ALO propedeuse (2009)',
};
const trainer: Evidence = {
  kind: 'experience',
  id: 'exp-trainer',
  description: 'Jeugdtrainer voetbal, 6 jaar',
};

const willem = plannerInput({
  requirements: [
    { competency: C('klassenmanagement'), priority: 'essential' },
    { competency: C('bewegingsdidactiek'), priority: 'essential' },
    { competency: C('schoolzwemmen'), priority: 'later' },
    { competency: C('sporttechniek'), priority: 'later' },
  ],
  held: [{ competency: C('sporttechniek'), evidence: trainer }],
  exemptions: [{ moduleId: 'alo-ped', evidence: propedeuse }],
  catalog: alo,
});

describe('planRoute: Willem at KSU', () => {
  const route = planRoute(willem);

  it('exempts, orders essential-first and schedules monthly at one day a week', () => {
    expect(
      route.items.map((i) => [i.order, i.code, i.status, i.essential, i.plannedStart, i.plannedEnd]),
    ).toEqual([
      [1, 'ALO-PED', 'exempt', false, undefined, undefined],
      [2, 'ALO-KLAS', 'planned', true, '2026-02-01', '2026-03-01'],
      [3, 'ALO-BEW', 'planned', true, '2026-03-01', '2026-04-12'],
      [4, 'ALO-ZWEM', 'planned', false, '2026-09-01', '2026-09-22'],
    ]);
    expect(route.independentFrom).toBe('2026-04-12');
    expect(route.endDate).toBe('2026-09-22');
    expect(route.unscheduled).toEqual([]);
  });

  it('explains every item', () => {
    const reasons = Object.fromEntries(route.items.map((i) => [i.code, i.reasons]));
    expect(reasons['ALO-PED']).toEqual([{ kind: 'exempt', evidence: propedeuse }]);
    expect(reasons['ALO-KLAS']).toEqual([
      { kind: 'covers', competency: C('klassenmanagement'), priority: 'essential' },
      { kind: 'provides-prerequisite', moduleId: 'alo-bew', competency: C('klassenmanagement') },
    ]);
    expect(reasons['ALO-ZWEM']).toEqual([
      { kind: 'covers', competency: C('schoolzwemmen'), priority: 'later' },
    ]);
  });

  it('names the evidence for what Willem already can', () => {
    expect(route.covered).toEqual([
      {
        competency: C('klassenmanagement'),
        priority: 'essential',
        by: { kind: 'module', moduleId: 'alo-klas' },
      },
      {
        competency: C('bewegingsdidactiek'),
        priority: 'essential',
        by: { kind: 'module', moduleId: 'alo-bew' },
      },
      { competency: C('schoolzwemmen'), priority: 'later', by: { kind: 'module', moduleId: 'alo-zwem' } },
      { competency: C('sporttechniek'), priority: 'later', by: { kind: 'evidence', evidence: trainer } },
    ]);
    expect(route.uncovered).toEqual([]);
  });

  it('gives the same route for a shuffled catalog', () => {
    expect(planRoute({ ...willem, catalog: [...alo].reverse() })).toEqual(route);
  });

  it('gives the same route with a cached catalog index', () => {
    expect(planRouteWithCatalog(willem, indexCatalog(alo))).toEqual(route);
  });
});

describe('planRoute: other scenarios', () => {
  it('records Frans’ refused exemption for Nederlands and keeps the module', () => {
    const catalog = [
      mod('kw1-ned', [C('nederlands-2f')], { code: 'KW1-NED', title: 'Nederlands 2F', studyLoadHours: 40 }),
      mod('kw1-cv', [C('cv-ketel-onderhoud')], { code: 'KW1-CV', title: 'Cv-ketels', studyLoadHours: 24 }),
    ];
    const reason = 'Levenservaring is geen bewijs van taalniveau 2F; geen diploma of toets overlegd.';
    const route = planRoute(
      plannerInput({
        requirements: [
          { competency: C('cv-ketel-onderhoud'), priority: 'essential' },
          { competency: C('nederlands-2f'), priority: 'later' },
        ],
        refusedExemptions: [{ moduleId: 'kw1-ned', reason }],
        catalog,
      }),
    );
    const ned = route.items.find((i) => i.moduleId === 'kw1-ned');
    expect(ned?.status).toBe('planned');
    expect(ned?.reasons).toContainEqual({ kind: 'exemption-refused', reason });
    expect(route.refusals).toEqual([{ refusal: { moduleId: 'kw1-ned', reason }, appliesTo: ['kw1-ned'] }]);
    expect(route.items.map((i) => i.code)).toEqual(['KW1-CV', 'KW1-NED']);
  });

  it('lets Janneke’s BHV certificate cover BHV without a module', () => {
    const bhv: Evidence = { kind: 'credential', id: 'vc-klm-bhv', description: 'BHV-certificaat (KLM)' };
    const route = planRoute(
      plannerInput({
        requirements: [{ competency: C('bhv'), priority: 'essential' }],
        held: [{ competency: C('bhv'), evidence: bhv }],
        catalog: [mod('vig-bhv', [C('bhv')])],
      }),
    );
    expect(route.items).toEqual([]);
    expect(route.covered).toEqual([
      { competency: C('bhv'), priority: 'essential', by: { kind: 'evidence', evidence: bhv } },
    ]);
    expect(route.independentFrom).toBe('2026-01-05');
  });

  it('keeps Anne’s completed modules on replan after leave and resumes after the pause', () => {
    const catalog = [
      mod('loi-ped', [C('pedagogiek')], { code: 'LOI-PED', studyLoadHours: 16 }),
      mod('loi-taal', [C('taalondersteuning')], { code: 'LOI-TAAL', studyLoadHours: 16 }),
      mod('loi-reken', [C('rekenondersteuning')], {
        code: 'LOI-REKEN',
        studyLoadHours: 16,
        startPattern: monthly,
      }),
    ];
    const route = planRoute(
      plannerInput({
        today: '2026-06-10',
        startDate: '2026-01-05',
        // The role no longer asks for pedagogiek, but the completed module stays.
        requirements: [
          { competency: C('taalondersteuning'), priority: 'essential' },
          { competency: C('rekenondersteuning'), priority: 'later' },
        ],
        completed: [{ moduleId: 'loi-ped', completedOn: '2026-01-19' }],
        pauses: [{ from: '2026-06-01', until: '2026-09-01' }],
        catalog,
      }),
    );
    expect(route.items.map((i) => [i.code, i.status, i.plannedStart, i.plannedEnd])).toEqual([
      ['LOI-PED', 'completed', undefined, undefined],
      ['LOI-TAAL', 'planned', '2026-09-01', '2026-09-15'],
      ['LOI-REKEN', 'planned', '2026-10-01', '2026-10-15'],
    ]);
    expect(route.items[0]?.reasons).toEqual([{ kind: 'completed', on: '2026-01-19' }]);
  });

  it('makes a later module essential when an essential module needs it, and puts it first', () => {
    const catalog = [
      mod('gym-veilig', [C('veiligheid-gymzaal')], { code: 'ALO-VEILIG', studyLoadHours: 8 }),
      mod('gym-spel', [C('spelbegeleiding')], { code: 'ALO-AAA-SPEL', studyLoadHours: 8 }),
      mod('gym-bew', [C('bewegingsdidactiek')], {
        code: 'ALO-BEW',
        studyLoadHours: 16,
        prerequisites: { modules: ['gym-veilig'], competencies: [] },
      }),
    ];
    const route = planRoute(
      plannerInput({
        requirements: [
          { competency: C('spelbegeleiding'), priority: 'later' },
          { competency: C('veiligheid-gymzaal'), priority: 'later' },
          { competency: C('bewegingsdidactiek'), priority: 'essential' },
        ],
        catalog,
      }),
    );
    expect(route.items.map((i) => [i.code, i.essential])).toEqual([
      ['ALO-VEILIG', true],
      ['ALO-BEW', true],
      ['ALO-AAA-SPEL', false],
    ]);
    expect(route.items[0]?.reasons).toEqual([
      { kind: 'covers', competency: C('veiligheid-gymzaal'), priority: 'later' },
      { kind: 'prerequisite-of', moduleId: 'gym-bew' },
    ]);
    expect(route.independentFrom).toBe('2026-01-26'); // 1 week VEILIG + 2 weeks BEW
  });

  it('attaches a refusal naming only a competency to the planned modules teaching it', () => {
    const reason = 'Certificaat niet door een erkende instelling uitgegeven.';
    const route = planRoute(
      plannerInput({
        requirements: [{ competency: C('bhv'), priority: 'essential' }],
        refusedExemptions: [{ competency: C('bhv'), reason }],
        catalog: [mod('vig-bhv', [C('bhv')], { code: 'VIG-BHV' })],
      }),
    );
    expect(route.items[0]?.reasons).toContainEqual({ kind: 'exemption-refused', reason });
    expect(route.refusals).toEqual([{ refusal: { competency: C('bhv'), reason }, appliesTo: ['vig-bhv'] }]);
  });

  it('lists a competency no module teaches instead of throwing', () => {
    const route = planRoute(
      plannerInput({
        requirements: [{ competency: C('vog'), priority: 'essential' }],
        catalog: [mod('x', [C('iets-anders')])],
      }),
    );
    expect(route.uncovered).toEqual([
      { competency: C('vog'), priority: 'essential', reason: 'not-taught-in-catalog' },
    ]);
    expect(route.items).toEqual([]);
  });

  it('keeps a module without a future start moment, undated, and continues', () => {
    const route = planRoute(
      plannerInput({
        requirements: [
          { competency: C('a'), priority: 'essential' },
          { competency: C('b'), priority: 'essential' },
        ],
        catalog: [
          mod('a', [C('a')], { startPattern: { kind: 'fixed', dates: ['2025-09-01'] } }),
          mod('b', [C('b')]),
        ],
      }),
    );
    expect(route.items[0]).toMatchObject({
      moduleId: 'a',
      reasons: expect.arrayContaining([{ kind: 'no-start-moment' }]),
    });
    expect(route.items[0]?.plannedStart).toBeUndefined();
    expect(route.items[1]).toMatchObject({ moduleId: 'b', plannedStart: '2026-01-05' });
    expect(route.unscheduled).toEqual(['a']);
  });

  it('rejects invalid input with typed errors', () => {
    expect(() => planRoute(plannerInput({ hoursPerWeek: 0 }))).toThrow(PlannerInputError);
    expect(() => planRoute(plannerInput({ today: '2026-13-01' }))).toThrow(PlannerInputError);
    expect(() =>
      planRoute(plannerInput({ completed: [{ moduleId: 'weg', completedOn: '2026-01-01' }] })),
    ).toThrow(PlannerInputError);
    const unknownPrerequisite = [
      mod('a', [C('a')], { prerequisites: { modules: ['weg'], competencies: [] } }),
    ];
    expect(() =>
      planRoute(
        plannerInput({
          catalog: unknownPrerequisite,
          requirements: [{ competency: C('a'), priority: 'later' }],
        }),
      ),
    ).toThrow(PlannerInputError);
    const cyclic = [
      mod('a', [C('a')], { code: 'A', prerequisites: { modules: ['b'], competencies: [] } }),
      mod('b', [], { code: 'B', prerequisites: { modules: ['a'], competencies: [] } }),
    ];
    const needsA = [{ competency: C('a'), priority: 'essential' as const }];
    expect(() => planRoute(plannerInput({ catalog: cyclic, requirements: needsA }))).toThrow(
      new PrerequisiteCycleError(['A', 'B', 'A']).message,
    );
  });
});
