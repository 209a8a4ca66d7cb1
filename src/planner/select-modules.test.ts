import { describe, expect, it } from 'vitest';
import { indexCatalog, indexForOnePlan } from './catalog.js';
import { selectModules } from './select-modules.js';
import { mod } from './test-support.js';
import type { PlannerModule, Priority } from './types.js';

function select(
  catalog: PlannerModule[],
  required: [string, Priority][],
  held: string[] = [],
  settled: string[] = [],
) {
  const result = selectModules({
    catalog: indexCatalog(catalog),
    required: new Map(required),
    held: new Set(held),
    settled: new Set(settled),
  });
  const { uncoveredByRemoval, ...rest } = result;
  expect(uncoveredByRemoval).toEqual([]);
  return { ...rest, planned: result.planned.map((m) => m.id) };
}

describe('selectModules', () => {
  it('prefers the module with the best weighted coverage per hour', () => {
    const catalog = [
      mod('breed', ['klas', 'didactiek', 'zwem'], { studyLoadHours: 24 }),
      mod('klas', ['klas'], { studyLoadHours: 8 }),
      mod('didactiek', ['didactiek'], { studyLoadHours: 8 }),
      mod('zwem', ['zwem'], { studyLoadHours: 20 }),
    ];
    // Scores: breed (10 + 10 + 1) / 24 = 0.875, klas and didactiek 10 / 8 = 1.25 each (tie: code).
    // Once both are taken breed only adds zwem: 1 / 24 < zwem's 1 / 20.
    const result = select(catalog, [
      ['klas', 'essential'],
      ['didactiek', 'essential'],
      ['zwem', 'later'],
    ]);
    expect(result.planned).toEqual(['didactiek', 'klas', 'zwem']);
  });

  it('breaks ties by code, then id', () => {
    const catalog = [mod('b', ['klas'], { code: 'KM-1' }), mod('a', ['klas'], { code: 'KM-2' })];
    expect(select(catalog, [['klas', 'essential']]).planned).toEqual(['b']);
    const sameCode = [mod('y', ['klas'], { code: 'KM' }), mod('x', ['klas'], { code: 'KM' })];
    expect(select(sameCode, [['klas', 'essential']]).planned).toEqual(['x']);
  });

  it('plans nothing for competencies the learner already holds', () => {
    const catalog = [mod('klas', ['klas']), mod('zwem', ['zwem'])];
    const result = select(
      catalog,
      [
        ['klas', 'essential'],
        ['zwem', 'later'],
      ],
      ['klas'],
    );
    expect(result.planned).toEqual(['zwem']);
  });

  it('never plans a settled module, with the whole catalog indexed or only what the plan asks for', () => {
    const catalog = [
      mod('klas', ['klas'], { studyLoadHours: 8 }),
      mod('breed', ['klas', 'zwem'], { studyLoadHours: 40 }),
      mod('zwem', ['zwem'], { studyLoadHours: 20 }),
    ];
    const required = new Map<string, Priority>([
      ['klas', 'essential'],
      ['zwem', 'later'],
    ]);
    // klas is exempt, though 'klas' is not held: selection takes the next teacher instead.
    for (const index of [indexCatalog(catalog), indexForOnePlan(catalog)]) {
      const { planned } = selectModules({
        catalog: index,
        required,
        held: new Set(),
        settled: new Set(['klas']),
      });
      expect(planned.map((m) => m.id)).toEqual(['breed']);
    }
  });

  it('reports competencies no module teaches', () => {
    const result = select(
      [mod('klas', ['klas'])],
      [
        ['klas', 'essential'],
        ['ehbo', 'later'],
      ],
    );
    expect(result).toEqual({ planned: ['klas'], uncovered: ['ehbo'], unmetPrerequisites: [] });
  });

  it('adds module prerequisites unless exempt or completed', () => {
    const catalog = [
      mod('basis', ['pedagogiek']),
      mod('klas', ['klas'], { prerequisites: { modules: ['basis'], competencies: [] } }),
    ];
    expect(select(catalog, [['klas', 'essential']]).planned).toEqual(['basis', 'klas']);
    expect(select(catalog, [['klas', 'essential']], [], ['basis']).planned).toEqual(['klas']);
  });

  it('adds the cheapest module teaching a competency prerequisite that is not held', () => {
    const catalog = [
      mod('dure-ped', ['pedagogiek'], { studyLoadHours: 40 }),
      mod('korte-ped', ['pedagogiek'], { studyLoadHours: 4 }),
      mod('klas', ['klas'], { prerequisites: { modules: [], competencies: ['pedagogiek'] } }),
    ];
    expect(select(catalog, [['klas', 'essential']]).planned).toEqual(['klas', 'korte-ped']);
    expect(select(catalog, [['klas', 'essential']], ['pedagogiek']).planned).toEqual(['klas']);
  });

  it('records a competency prerequisite nobody provides', () => {
    const catalog = [mod('klas', ['klas'], { prerequisites: { modules: [], competencies: ['vog'] } })];
    expect(select(catalog, [['klas', 'essential']]).unmetPrerequisites).toEqual([
      { moduleId: 'klas', competency: 'vog' },
    ]);
  });

  it('drops modules a prerequisite made redundant', () => {
    // Greedy takes 'zwem' (cheap) for zwem; 'klas' needs 'zwem-plus', which also teaches zwem.
    const catalog = [
      mod('zwem', ['zwem'], { studyLoadHours: 4 }),
      mod('zwem-plus', ['zwem', 'veiligheid'], { studyLoadHours: 16 }),
      mod('klas', ['klas'], { prerequisites: { modules: ['zwem-plus'], competencies: [] } }),
    ];
    expect(
      select(catalog, [
        ['klas', 'essential'],
        ['zwem', 'later'],
      ]).planned,
    ).toEqual(['klas', 'zwem-plus']);
  });
});
