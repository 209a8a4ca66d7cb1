// Deterministic synthetic planner input for the planner benchmark: no database, plain PlannerModule data.
import type { PlannerInput, PlannerModule, StartPattern } from '../../../src/planner/index.js';

/** mulberry32: tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const plannerCompetency = (i: number) => `https://id.loopbrug.nl/bench/c${i}`;

/** Number of distinct competencies in a catalog of `modules` modules (each taught by about four modules). */
export const competencyCount = (modules: number) => Math.floor(modules / 2) + 3;

/**
 * `modules` modules. Module i teaches one to three competencies from c[i/2 .. i/2 + 2], so every
 * competency is shared by about four neighbouring modules. Prerequisites only point to lower indexes,
 * so the catalog is a DAG. Module prerequisites follow levels like a real curriculum (level = i mod 4):
 * a module of level L > 0 has one or two prerequisites of level L - 1 among the 400 modules before it, so
 * module chains are at most four deep. One module in ten also has a competency prerequisite whose
 * teachers all have lower indexes.
 */
export function generatePlannerCatalog(modules: number, seed = 1): PlannerModule[] {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const patterns: StartPattern[] = [
    { kind: 'continuous' },
    { kind: 'monthly', dayOfMonth: 1 },
    { kind: 'monthly', dayOfMonth: 15 },
    { kind: 'fixed', dates: ['2026-02-01', '2026-09-01', '2027-02-01', '2027-09-01'] },
  ];
  const catalog: PlannerModule[] = [];
  for (let i = 0; i < modules; i++) {
    const base = Math.floor(i / 2);
    const competencies = [
      ...new Set(Array.from({ length: 1 + int(3) }, () => plannerCompetency(base + int(3)))),
    ];
    const level = i % 4;
    const prerequisiteModules: string[] = [];
    if (level > 0) {
      for (let k = 1 + int(2); k > 0; k--) {
        // Back 1..100 steps of 4 from i - 1 (which has level L - 1), clamped at the first such module.
        const j = Math.max(level - 1, i - 1 - 4 * int(100));
        if (!prerequisiteModules.includes(`m${j}`)) prerequisiteModules.push(`m${j}`);
      }
    }
    // Competency c is taught only by modules with index <= 2c + 5, so c < (i - 5) / 2 keeps it acyclic.
    const maxCompetency = Math.floor((i - 6) / 2);
    const prerequisiteCompetencies =
      maxCompetency > 0 && random() < 0.1 ? [plannerCompetency(int(maxCompetency))] : [];
    catalog.push({
      id: `m${i}`,
      code: `BM-${String(i).padStart(5, '0')}`,
      title: `Benchmark module ${i}`,
      competencies,
      studyLoadHours: 4 + int(60),
      prerequisites: { modules: prerequisiteModules, competencies: prerequisiteCompetencies },
      startPattern: patterns[int(patterns.length)] as StartPattern,
    });
  }
  return catalog;
}

/**
 * A learner for a role of `roleSize` distinct competencies of the catalog (about 40 % essential), holding
 * about 20 % of them plus a few unrelated ones, with one pause.
 */
export function generateLearner(
  catalog: readonly PlannerModule[],
  roleSize: number,
  seed: number,
): Omit<PlannerInput, 'catalog'> {
  const random = mulberry32(seed);
  const pool = competencyCount(catalog.length);
  const role = new Set<number>();
  while (role.size < Math.min(roleSize, pool)) role.add(Math.floor(random() * pool));
  const requirements = [...role].map((c) => ({
    competency: plannerCompetency(c),
    priority: random() < 0.4 ? ('essential' as const) : ('later' as const),
  }));
  const evidence = (c: string) => ({ kind: 'credential', id: `vc-${c}`, description: 'bench' });
  const held = [
    ...requirements.filter(() => random() < 0.2).map((r) => r.competency),
    ...Array.from({ length: 10 }, () => plannerCompetency(Math.floor(random() * pool))),
  ].map((competency) => ({ competency, evidence: evidence(competency) }));
  return {
    today: '2026-01-05',
    startDate: '2026-01-12',
    hoursPerWeek: 16,
    requirements,
    held,
    exemptions: [],
    refusedExemptions: [],
    completed: [],
    pauses: [{ from: '2026-07-13', until: '2026-08-24' }],
  };
}
