import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexCatalog } from './catalog.js';
import { fromDay, toDay } from './dates.js';
import { MoveRefusedError, PlannerInputError } from './errors.js';
import { planRoute, planRouteWithCatalog } from './plan-route.js';
import type { PlannedRoute, PlannerInput, PlannerModule, RouteItem, StartPattern } from './types.js';

const POOL = Array.from({ length: 10 }, (_, i) => `c${i}`);
const NOBODY_TEACHES = ['x0', 'x1'];
const DAY0 = toDay('2026-01-01');

const isoIn2026 = fc.integer({ min: 0, max: 364 }).map((d) => fromDay(DAY0 + d));

const startPattern: fc.Arbitrary<StartPattern> = fc.oneof(
  fc.constant<StartPattern>({ kind: 'continuous' }),
  fc.integer({ min: 1, max: 31 }).map((dayOfMonth): StartPattern => ({ kind: 'monthly', dayOfMonth })),
  fc
    .array(fc.integer({ min: 0, max: 900 }), { maxLength: 3 })
    .map((days): StartPattern => ({ kind: 'fixed', dates: days.map((d) => fromDay(DAY0 + d)) })),
);

const rawModule = fc.record({
  code: fc.constantFrom('AAA', 'BBB', 'CCC', 'DDD'),
  competencies: fc.subarray(POOL, { maxLength: 3 }),
  studyLoadHours: fc.integer({ min: 0, max: 60 }),
  prerequisiteIndexes: fc.array(fc.nat(), { maxLength: 2 }),
  prerequisiteCompetencies: fc.subarray(POOL, { maxLength: 2 }),
  startPattern,
});

/**
 * Random DAG catalogs: module prerequisites only point to lower indexes, and a competency prerequisite
 * survives only if every module teaching it has a lower index, so no cycle can arise either way.
 * Codes collide on purpose so the id tie-break is exercised.
 */
const catalogArb: fc.Arbitrary<PlannerModule[]> = fc
  .array(rawModule, { minLength: 1, maxLength: 18 })
  .map((raws) =>
    raws.map((raw, i): PlannerModule => {
      const teachersOf = (c: string) => raws.flatMap((r, j) => (r.competencies.includes(c) ? [j] : []));
      return {
        id: `m${String(i).padStart(2, '0')}`,
        code: `${raw.code}-${i % 5}`,
        title: `Module ${i}`,
        competencies: raw.competencies,
        studyLoadHours: raw.studyLoadHours,
        prerequisites: {
          modules:
            i === 0
              ? []
              : [...new Set(raw.prerequisiteIndexes.map((p) => `m${String(p % i).padStart(2, '0')}`))],
          competencies: raw.prerequisiteCompetencies.filter((c) => teachersOf(c).every((j) => j < i)),
        },
        startPattern: raw.startPattern,
      };
    }),
  );

const inputArb: fc.Arbitrary<PlannerInput> = catalogArb.chain((catalog) => {
  const ids = catalog.map((m) => m.id);
  const evidence = (id: string) => ({ kind: 'credential', id, description: `bewijs ${id}` });
  return fc.record({
    today: isoIn2026,
    startDate: isoIn2026,
    hoursPerWeek: fc.integer({ min: 1, max: 40 }),
    requirements: fc
      .subarray([...POOL, ...NOBODY_TEACHES], { minLength: 1 })
      .chain((cs) =>
        fc.tuple(
          ...cs.map((c) =>
            fc.constantFrom('essential', 'later').map((priority) => ({ competency: c, priority })),
          ),
        ),
      ),
    held: fc
      .subarray(POOL, { maxLength: 4 })
      .map((cs) => cs.map((c) => ({ competency: c, evidence: evidence(c) }))),
    exemptions: fc
      .subarray(ids, { maxLength: Math.min(2, ids.length) })
      .map((ms) => ms.map((moduleId) => ({ moduleId, evidence: evidence(moduleId) }))),
    refusedExemptions: fc
      .subarray(ids, { maxLength: 1 })
      .map((ms) => ms.map((moduleId) => ({ moduleId, reason: 'onvoldoende bewijs' }))),
    completed: fc
      .subarray(ids, { maxLength: Math.min(2, ids.length) })
      .chain((ms) =>
        fc.tuple(...ms.map((moduleId) => isoIn2026.map((completedOn) => ({ moduleId, completedOn })))),
      ),
    pauses: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 120 })).map(([from, length]) => ({
        from: fromDay(DAY0 + from),
        until: fromDay(DAY0 + from + length),
      })),
      { maxLength: 2 },
    ),
    catalog: fc.constant(catalog),
  });
});

function heldCompetencies(input: PlannerInput): Set<string> {
  const byId = new Map(input.catalog.map((m) => [m.id, m]));
  const held = new Set(input.held.map((h) => h.competency));
  for (const { moduleId } of [...input.completed, ...input.exemptions]) {
    for (const c of byId.get(moduleId)?.competencies ?? []) held.add(c);
  }
  return held;
}

function planned(route: PlannedRoute): RouteItem[] {
  return route.items.filter((i) => i.status === 'planned');
}

/** Deterministic shuffle so that a failing case replays. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

const runs = { numRuns: 300 };

describe('planRoute properties', () => {
  it('covers every requirement or lists it uncovered only when no module teaches it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const route = planRoute(input);
        const held = heldCompetencies(input);
        const items = new Map(route.items.map((i) => [i.moduleId, i]));
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        const required = new Set(input.requirements.map((r) => r.competency));
        expect(route.covered.length + route.uncovered.length).toBe(required.size);
        for (const { competency } of route.uncovered) {
          expect(input.catalog.some((m) => m.competencies.includes(competency))).toBe(false);
          expect(held.has(competency)).toBe(false);
        }
        for (const { competency, by } of route.covered) {
          if (by.kind === 'evidence') {
            expect(input.held.some((h) => h.competency === competency)).toBe(true);
          } else {
            expect(items.get(by.moduleId)).toBeDefined();
            expect(byId.get(by.moduleId)?.competencies).toContain(competency);
            const status = items.get(by.moduleId)?.status;
            if (by.kind === 'exemption') expect(status).toBe('exempt');
            else expect(['planned', 'completed']).toContain(status);
          }
        }
      }),
      runs,
    );
  });

  it('plans no module that only teaches what is held, unless another planned module needs it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const route = planRoute(input);
        const held = heldCompetencies(input);
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        for (const item of planned(route)) {
          const why = item.reasons.filter((r) =>
            ['covers', 'prerequisite-of', 'provides-prerequisite'].includes(r.kind),
          );
          expect(why.length).toBeGreaterThan(0);
          for (const r of item.reasons) if (r.kind === 'covers') expect(held.has(r.competency)).toBe(false);
          // Not needed as a prerequisite: it must be the only planned module for some required competency.
          if (why.every((r) => r.kind === 'covers')) {
            const others = planned(route).filter((o) => o.moduleId !== item.moduleId);
            const sole = why.some(
              (r) =>
                r.kind === 'covers' &&
                !others.some((o) => byId.get(o.moduleId)?.competencies.includes(r.competency)),
            );
            expect(sole).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it('puts prerequisites before dependents and essential modules before the rest', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const route = planRoute(input);
        const held = heldCompetencies(input);
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        const items = new Map(route.items.map((i) => [i.moduleId, i]));
        for (const item of planned(route)) {
          const module = byId.get(item.moduleId) as PlannerModule;
          for (const p of module.prerequisites.modules) {
            const pre = items.get(p);
            expect(pre).toBeDefined();
            expect(pre?.order).toBeLessThan(item.order);
          }
          for (const c of module.prerequisites.competencies) {
            if (held.has(c)) continue;
            const providedEarlier = route.items.some(
              (other) => other.order < item.order && byId.get(other.moduleId)?.competencies.includes(c),
            );
            const unavailable = item.reasons.some(
              (r) => r.kind === 'prerequisite-unavailable' && r.competency === c,
            );
            expect(providedEarlier || unavailable).toBe(true);
          }
        }
        const essentialLacking = new Set(
          input.requirements
            .filter((r) => r.priority === 'essential' && !held.has(r.competency))
            .map((r) => r.competency),
        );
        for (const item of planned(route)) {
          const teachesEssential = (byId.get(item.moduleId) as PlannerModule).competencies.some((c) =>
            essentialLacking.has(c),
          );
          const neededByEssential = item.reasons.some(
            (r) =>
              (r.kind === 'prerequisite-of' || r.kind === 'provides-prerequisite') &&
              items.get(r.moduleId)?.essential,
          );
          expect(item.essential).toBe(teachesEssential || neededByEssential);
        }
        const flags = planned(route).map((i) => i.essential);
        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
        expect(route.items.map((i) => i.order)).toEqual(route.items.map((_, k) => k + 1));
      }),
      runs,
    );
  });

  it('is deterministic, also for a shuffled catalog', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const route = planRoute(input);
        expect(planRoute(structuredClone(input))).toEqual(route);
        expect(planRoute({ ...input, catalog: shuffle(input.catalog, seed) })).toEqual(route);
        expect(planRouteWithCatalog(input, indexCatalog(input.catalog))).toEqual(route);
      }),
      runs,
    );
  });

  it('keeps completed modules on replan', () => {
    fc.assert(
      fc.property(inputArb, fc.nat({ max: 3 }), (input, take) => {
        const first = planRoute({ ...input, completed: [] });
        const done = planned(first)
          .filter((i) => i.plannedEnd !== undefined)
          .slice(0, take)
          .map((i) => ({ moduleId: i.moduleId, completedOn: i.plannedEnd as string }));
        const last = done[done.length - 1]?.completedOn;
        const today = last === undefined || last < input.today ? input.today : last;
        const replanned = planRoute({ ...input, completed: [...input.completed, ...done], today });
        for (const { moduleId } of [...input.completed, ...done]) {
          expect(replanned.items.find((i) => i.moduleId === moduleId)?.status).toBe('completed');
        }
        expect(replanned.uncovered).toEqual(first.uncovered);
      }),
      runs,
    );
  });

  it('starts scheduled modules on start moments, one at a time, never inside a pause', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const route = planRoute(input);
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        let previousEnd = route.routeStart;
        for (const item of planned(route)) {
          if (item.plannedStart === undefined || item.plannedEnd === undefined) {
            expect(item.reasons).toContainEqual({ kind: 'no-start-moment' });
            continue;
          }
          const start = item.plannedStart;
          expect(start >= previousEnd).toBe(true);
          expect(toDay(item.plannedEnd) - toDay(start)).toBeGreaterThanOrEqual((item.weeks ?? 0) * 7);
          for (const pause of input.pauses) expect(start >= pause.from && start < pause.until).toBe(false);
          const pattern = (byId.get(item.moduleId) as PlannerModule).startPattern;
          if (pattern.kind === 'fixed') expect(pattern.dates).toContain(start);
          if (pattern.kind === 'monthly') {
            const [y, m, d] = start.split('-').map(Number) as [number, number, number];
            const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
            expect(d).toBe(Math.min(pattern.dayOfMonth, daysInMonth));
          }
          previousEnd = item.plannedEnd;
        }
        expect(route.endDate).toBe(previousEnd);
      }),
      runs,
    );
  });
});

/** Random adjustments over the catalog's ids: added and removed disjoint, order a shuffled subset. */
const adjustedInputArb: fc.Arbitrary<PlannerInput> = inputArb.chain((input) => {
  const ids = input.catalog.map((m) => m.id);
  return fc
    .record({
      added: fc.subarray(ids, { maxLength: Math.min(3, ids.length) }),
      removed: fc.subarray(ids, { maxLength: Math.min(3, ids.length) }),
      order: fc.shuffledSubarray(ids),
    })
    .map(({ added, removed, order }) => ({
      ...input,
      adjustments: { added, removed: removed.filter((id) => !added.includes(id)), order },
    }));
});

/** Transitive module prerequisites that still have to be taken: settled ones end the walk. */
function modulePrerequisiteClosure(
  byId: Map<string, PlannerModule>,
  id: string,
  settled: ReadonlySet<string>,
): Set<string> {
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.prerequisites.modules ?? [])];
  while (stack.length > 0) {
    const p = stack.pop() as string;
    if (seen.has(p) || settled.has(p)) continue;
    seen.add(p);
    stack.push(...(byId.get(p)?.prerequisites.modules ?? []));
  }
  return seen;
}

describe('planRoute properties with opleider adjustments', () => {
  it('honours valid adjustments and refuses invalid ones with a true reason', () => {
    let plannable = 0;
    fc.assert(
      fc.property(adjustedInputArb, fc.integer(), (input, seed) => {
        const { added = [], removed = [], order = [] } = input.adjustments ?? {};
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        const codeToId = new Map(input.catalog.map((m) => [m.code, m.id]));
        let route: PlannedRoute;
        try {
          route = planRoute(input);
        } catch (error) {
          if (error instanceof MoveRefusedError) {
            // The refusal is true: the prerequisite is listed after the module in the requested order.
            expect(order.indexOf(error.prerequisiteId)).toBeGreaterThan(order.indexOf(error.moduleId));
            expect(byId.get(error.moduleId)?.code).toBe(error.module);
            return;
          }
          expect(error).toBeInstanceOf(PlannerInputError);
          const message = (error as Error).message;
          expect(message).toMatch(/^cannot remove \S+: it is a prerequisite of \S+, which the route needs$/);
          const [, removedCode, keptCode] = /^cannot remove (\S+): it is a prerequisite of (\S+),/.exec(
            message,
          ) as unknown as [string, string, string];
          // Codes collide in these catalogs, so check that some module with each code fits.
          expect(
            input.catalog.some(
              (kept) =>
                kept.code === keptCode &&
                kept.prerequisites.modules.some(
                  (p) => removed.includes(p) && byId.get(p)?.code === removedCode,
                ),
            ),
          ).toBe(true);
          expect(codeToId.has(removedCode)).toBe(true);
          return;
        }
        plannable++;
        const held = heldCompetencies(input);
        const settled = new Set([...input.completed, ...input.exemptions].map((x) => x.moduleId));
        const items = new Map(route.items.map((i) => [i.moduleId, i]));

        for (const id of added) {
          const item = items.get(id);
          expect(item).toBeDefined();
          if (!settled.has(id)) expect(item?.reasons[0]).toEqual({ kind: 'added-by-opleider' });
        }
        for (const id of removed) if (!settled.has(id)) expect(items.has(id)).toBe(false);
        for (const item of planned(route)) {
          const module = byId.get(item.moduleId) as PlannerModule;
          for (const p of modulePrerequisiteClosure(byId, module.id, settled)) {
            const pre = items.get(p);
            expect(pre?.status).toBe('planned');
            expect(pre?.order).toBeLessThan(item.order);
          }
          for (const c of module.prerequisites.competencies) {
            if (held.has(c)) continue;
            const providedEarlier = route.items.some(
              (other) => other.order < item.order && byId.get(other.moduleId)?.competencies.includes(c),
            );
            const unavailable = item.reasons.some(
              (r) => r.kind === 'prerequisite-unavailable' && r.competency === c,
            );
            expect(providedEarlier || unavailable).toBe(true);
          }
        }
        // Listed planned ids appear in the requested order; completed items stay first.
        const plannedIds = planned(route).map((i) => i.moduleId);
        const listed = order.filter((id) => plannedIds.includes(id));
        expect(plannedIds.filter((id) => listed.includes(id))).toEqual(listed);
        const statuses = route.items.map((i) => i.status);
        expect(statuses.lastIndexOf('completed')).toBeLessThan(
          statuses.indexOf('planned') === -1 ? Number.POSITIVE_INFINITY : statuses.indexOf('planned'),
        );
        for (const { competency, reason } of route.uncovered) {
          const teachers = input.catalog.filter(
            (m) => m.competencies.includes(competency) && !settled.has(m.id),
          );
          if (reason === 'removed-by-opleider') {
            expect(teachers.length).toBeGreaterThan(0);
            expect(teachers.every((m) => removed.includes(m.id))).toBe(true);
          } else expect(teachers).toEqual([]);
        }

        expect(planRoute(structuredClone(input))).toEqual(route);
        expect(planRoute({ ...input, catalog: shuffle(input.catalog, seed) })).toEqual(route);
        expect(planRouteWithCatalog(input, indexCatalog(input.catalog))).toEqual(route);
      }),
      runs,
    );
    // Most generated adjustments must be plannable, or the property says little.
    expect(plannable).toBeGreaterThan(runs.numRuns / 3);
  });
});

const STATES = ['active', 'revoked', 'suspended', 'unavailable'] as const;

/** Random verified credentials, each proving a few competencies, in a random state. */
const credentialedInputArb: fc.Arbitrary<PlannerInput> = inputArb.chain((input) =>
  fc
    .array(
      fc.record({
        competencies: fc.subarray(POOL, { minLength: 1, maxLength: 3 }),
        state: fc.constantFrom(...STATES),
      }),
      {
        maxLength: 4,
      },
    )
    .map((raws) => ({
      ...input,
      credentials: raws.map(({ competencies, state }, i) => ({
        id: `vc${i}`,
        description: `credential ${i}`,
        competencies,
        state,
        message: state,
      })),
    })),
);

const CREDENTIAL_REASONS = ['credential-revoked', 'credential-suspended', 'status-unavailable'];
const withoutCredentialReasons = (route: PlannedRoute) =>
  route.items.map((i) => ({ ...i, reasons: i.reasons.filter((r) => !CREDENTIAL_REASONS.includes(r.kind)) }));

describe('planRoute properties with verified credentials', () => {
  it('exempts only with active credentials, each proving every competency of the module', () => {
    fc.assert(
      fc.property(credentialedInputArb, (input) => {
        const route = planRoute(input);
        const credentials = new Map((input.credentials ?? []).map((c) => [c.id, c]));
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        const exemptByInput = new Set(input.exemptions.map((e) => e.moduleId));
        for (const item of route.items) {
          const cited = item.reasons.flatMap((r) =>
            r.kind === 'exempt' && r.evidence.kind === 'verifiable-credential' ? [r.evidence.id] : [],
          );
          for (const id of cited) expect(credentials.get(id)?.state).toBe('active');
          if (item.status !== 'exempt' || exemptByInput.has(item.moduleId)) continue;
          const proven = new Set(cited.flatMap((id) => credentials.get(id)?.competencies ?? []));
          for (const c of byId.get(item.moduleId)?.competencies ?? []) expect(proven.has(c)).toBe(true);
        }
        for (const { by } of route.covered)
          if (by.kind !== 'module' && by.evidence.kind === 'verifiable-credential')
            expect(credentials.get(by.evidence.id)?.state).toBe('active');
      }),
      runs,
    );
  });

  it('with every credential lapsed, plans as without them, only saying why on the modules they covered', () => {
    fc.assert(
      fc.property(credentialedInputArb, fc.constantFrom(...STATES.slice(1)), (input, state) => {
        const lapsed = (input.credentials ?? []).map((c) => ({ ...c, state, message: state }));
        const route = planRoute({ ...input, credentials: lapsed });
        const without = planRoute({ ...input, credentials: [] });
        expect(withoutCredentialReasons(route)).toEqual(without.items);
        expect(route.covered).toEqual(without.covered);
        const kind = CREDENTIAL_REASONS[STATES.indexOf(state) - 1];
        const held = heldCompetencies(input);
        const byId = new Map(input.catalog.map((m) => [m.id, m]));
        for (const item of route.items) {
          const said = item.reasons.filter((r) => CREDENTIAL_REASONS.includes(r.kind));
          if (item.status !== 'planned') {
            expect(said).toEqual([]);
            continue;
          }
          const teaches = (byId.get(item.moduleId) as PlannerModule).competencies.filter((c) => !held.has(c));
          const covering = lapsed.filter((c) => c.competencies.some((x) => teaches.includes(x)));
          expect(said).toEqual(covering.map((c) => ({ kind, credentialId: c.id, message: state })));
        }
      }),
      runs,
    );
  });

  it('keeps completed modules completed, whatever the credentials, and stays deterministic', () => {
    fc.assert(
      fc.property(credentialedInputArb, fc.integer(), (input, seed) => {
        const route = planRoute(input);
        for (const { moduleId } of input.completed)
          expect(route.items.find((i) => i.moduleId === moduleId)?.status).toBe('completed');
        expect(planRoute({ ...input, catalog: shuffle(input.catalog, seed) })).toEqual(route);
        expect(planRouteWithCatalog(input, indexCatalog(input.catalog))).toEqual(route);
      }),
      runs,
    );
  });
});
