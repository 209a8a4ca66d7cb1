import { describe, expect, it } from 'vitest';
import { indexCatalog } from './catalog.js';
import { MoveRefusedError, PlannerInputError } from './errors.js';
import { applyRequestedOrder } from './order-items.js';
import { planRoute, planRouteWithCatalog } from './plan-route.js';
import { mod, plannerInput } from './test-support.js';
import type { PlannedRoute, PlannerInput, PlannerModule } from './types.js';

/** KM-1 -> KM-2 -> KM-3 (module prerequisites), plus independent modules. */
const km1 = mod('km1', ['klas-basis'], { code: 'KM-1' });
const km2 = mod('km2', ['klas'], { code: 'KM-2', prerequisites: { modules: ['km1'], competencies: [] } });
const km3 = mod('km3', ['klas-plus'], {
  code: 'KM-3',
  prerequisites: { modules: ['km2'], competencies: [] },
});
const bhv = mod('bhv', ['bhv'], { code: 'BHV', studyLoadHours: 4 });
const bhvLong = mod('bhv-long', ['bhv'], { code: 'BHV-L', studyLoadHours: 16 });
const zwem = mod('zwem', ['zwem'], { code: 'ZWEM' });
const extra = mod('extra', ['extra'], {
  code: 'EXTRA',
  prerequisites: { modules: ['km1'], competencies: [] },
});
const catalog = [km1, km2, km3, bhv, bhvLong, zwem, extra];

const base = plannerInput({
  catalog,
  requirements: [
    { competency: 'klas-plus', priority: 'essential' },
    { competency: 'bhv', priority: 'essential' },
    { competency: 'zwem', priority: 'later' },
  ],
});

const with_ = (adjustments: PlannerInput['adjustments'], input = base) =>
  planRoute({ ...input, adjustments });
const ids = (route: PlannedRoute) => route.items.filter((i) => i.status === 'planned').map((i) => i.moduleId);

describe('planRoute: opleider adjustments', () => {
  it('plans nothing differently without adjustments or with empty ones', () => {
    expect(ids(planRoute(base))).toEqual(['bhv', 'km1', 'km2', 'km3', 'zwem']);
    expect(with_({})).toEqual(planRoute(base));
    expect(with_({ added: [], removed: [], order: [] })).toEqual(planRoute(base));
  });

  describe('added', () => {
    it('plans an added module, explains it and pulls in its prerequisites', () => {
      const route = with_(
        { added: ['extra'] },
        { ...base, requirements: [{ competency: 'zwem', priority: 'later' }] },
      );
      expect(ids(route)).toEqual(['km1', 'extra', 'zwem']);
      const item = route.items.find((i) => i.moduleId === 'extra');
      expect(item?.reasons).toEqual([{ kind: 'added-by-opleider' }]);
      expect(route.items.find((i) => i.moduleId === 'km1')?.reasons).toEqual([
        { kind: 'prerequisite-of', moduleId: 'extra' },
      ]);
    });

    it('keeps an added module that selection would drop, and lets it cover its competencies', () => {
      const route = with_({ added: ['bhv-long'] });
      expect(ids(route)).toContain('bhv-long');
      expect(ids(route)).not.toContain('bhv');
      const item = route.items.find((i) => i.moduleId === 'bhv-long');
      expect(item?.reasons).toEqual([
        { kind: 'added-by-opleider' },
        { kind: 'covers', competency: 'bhv', priority: 'essential' },
      ]);
      expect(item?.essential).toBe(true);
      expect(route.covered.find((c) => c.competency === 'bhv')?.by).toEqual({
        kind: 'module',
        moduleId: 'bhv-long',
      });
    });

    it('leaves an added module that is completed completed', () => {
      const route = with_(
        { added: ['zwem'] },
        { ...base, completed: [{ moduleId: 'zwem', completedOn: '2025-12-01' }] },
      );
      expect(route.items.find((i) => i.moduleId === 'zwem')?.status).toBe('completed');
    });
  });

  describe('removed', () => {
    it('lets the set cover pick another module for a removed one', () => {
      const route = with_({ removed: ['bhv'] });
      expect(ids(route)).toContain('bhv-long');
      expect(ids(route)).not.toContain('bhv');
      expect(route.uncovered).toEqual([]);
    });

    it('reports competencies only removed modules teach as removed-by-opleider', () => {
      const route = with_({ removed: ['bhv', 'bhv-long', 'zwem'] });
      expect(ids(route)).toEqual(['km1', 'km2', 'km3']);
      expect(route.uncovered).toEqual([
        { competency: 'bhv', priority: 'essential', reason: 'removed-by-opleider' },
        { competency: 'zwem', priority: 'later', reason: 'removed-by-opleider' },
      ]);
    });

    it('refuses to remove a module prerequisite of a kept module, naming both codes', () => {
      expect(() => with_({ removed: ['km2'] })).toThrow(PlannerInputError);
      expect(() => with_({ removed: ['km2'] })).toThrow(/KM-2.*KM-3/);
      // Also when the kept module was added by the opleider.
      expect(() => with_({ added: ['extra'], removed: ['km1'] })).toThrow(/KM-1.*(EXTRA|KM-2)/);
    });

    it('prefers a teacher that does not need a removed prerequisite', () => {
      const cheapButNeedsKm1 = mod('zwem-kort', ['zwem'], {
        code: 'ZWEM-K',
        studyLoadHours: 2,
        prerequisites: { modules: ['km1'], competencies: [] },
      });
      const input = plannerInput({
        catalog: [km1, zwem, cheapButNeedsKm1],
        requirements: [{ competency: 'zwem', priority: 'later' }],
      });
      expect(ids(planRoute(input))).toEqual(['km1', 'zwem-kort']);
      expect(ids(with_({ removed: ['km1'] }, input))).toEqual(['zwem']);
    });

    it('leaves a removed module that is exempt exempt', () => {
      const route = with_(
        { removed: ['zwem'] },
        { ...base, exemptions: [{ moduleId: 'zwem', evidence: { kind: 'x', id: 'e', description: 'e' } }] },
      );
      expect(route.items.find((i) => i.moduleId === 'zwem')?.status).toBe('exempt');
      expect(route.uncovered).toEqual([]);
    });
  });

  describe('order', () => {
    it('follows a complete requested order, also putting a later module first', () => {
      const route = with_({ order: ['zwem', 'km1', 'bhv', 'km2', 'km3'] });
      expect(ids(route)).toEqual(['zwem', 'km1', 'bhv', 'km2', 'km3']);
      expect(route.items.map((i) => i.order)).toEqual([1, 2, 3, 4, 5]);
      // The schedule follows the new order.
      expect(route.items[0]?.plannedStart).toBe(route.routeStart);
    });

    it('moves a partial list into the place of its earliest member, the rest keeping their order', () => {
      // Computed: bhv km1 km2 km3 zwem. Requested: zwem before km1.
      expect(ids(with_({ order: ['zwem', 'km1'] }))).toEqual(['bhv', 'zwem', 'km1', 'km2', 'km3']);
      expect(ids(with_({ order: ['km1', 'bhv'] }))).toEqual(['km1', 'bhv', 'km2', 'km3', 'zwem']);
    });

    it('refuses a move before a prerequisite with a MoveRefusedError naming both codes', () => {
      let error: unknown;
      try {
        with_({ order: ['km2', 'km1'] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MoveRefusedError);
      expect(error).toBeInstanceOf(PlannerInputError);
      expect(error).toMatchObject({
        message: 'KM-2 cannot come before its prerequisite KM-1',
        kind: 'move-refused',
        module: 'KM-2',
        moduleId: 'km2',
        prerequisite: 'KM-1',
        prerequisiteId: 'km1',
      });
      // Transitive prerequisites count too.
      expect(() => with_({ order: ['km3', 'zwem', 'km1'] })).toThrow(
        'KM-3 cannot come before its prerequisite KM-1',
      );
    });

    it('ignores completed, exempt, removed and unselected ids: completed items never move', () => {
      const input = { ...base, completed: [{ moduleId: 'km1', completedOn: '2025-12-01' }] };
      const route = with_({ order: ['zwem', 'extra', 'km1', 'bhv-long', 'bhv'] }, input);
      expect(route.items[0]).toMatchObject({ moduleId: 'km1', status: 'completed', order: 1 });
      expect(ids(route)).toEqual(['zwem', 'bhv', 'km2', 'km3']);
    });

    it('is the same with a cached catalog index', () => {
      const input = { ...base, adjustments: { order: ['zwem'], added: ['extra'], removed: ['bhv'] } };
      expect(planRouteWithCatalog(input, indexCatalog(catalog))).toEqual(planRoute(input));
    });
  });

  it('rejects unknown ids, duplicates and an id both added and removed', () => {
    expect(() => with_({ added: ['nope'] })).toThrow("adjustments.added: unknown module 'nope'");
    expect(() => with_({ removed: ['nope'] })).toThrow(PlannerInputError);
    expect(() => with_({ order: ['km1', 'km1'] })).toThrow("adjustments.order: module 'km1' listed twice");
    expect(() => with_({ added: ['zwem'], removed: ['zwem'] })).toThrow('ZWEM both added and removed');
  });
});

describe('applyRequestedOrder', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => mod(id, [])) as [
    PlannerModule,
    PlannerModule,
    PlannerModule,
    PlannerModule,
  ];
  const order = (requested: string[]) =>
    applyRequestedOrder([a, b, c, d], [{ kind: 'module', from: 'a', to: 'c' }], requested).map((m) => m.id);

  it('merges by the documented rule', () => {
    expect(order([])).toEqual(['a', 'b', 'c', 'd']);
    expect(order(['d', 'b'])).toEqual(['a', 'd', 'b', 'c']);
    expect(order(['d', 'c', 'b', 'a'].filter((x) => x !== 'a'))).toEqual(['a', 'd', 'c', 'b']);
    expect(order(['b', 'a'])).toEqual(['b', 'a', 'c', 'd']);
    // A single listed id has nothing to move relative to: send the moved id and its new neighbour.
    expect(order(['x', 'd'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a module listed before a listed prerequisite', () => {
    expect(() => order(['c', 'a'])).toThrow(MoveRefusedError);
  });
});
