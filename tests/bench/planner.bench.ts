// Planner benchmark: planRoute (indexes the catalog on every call, with indexForOnePlan) and
// planRouteWithCatalog (a kept indexCatalog) on generated catalogs of 1k, 10k and 50k modules and roles
// of 50, 100 and 300 competencies. Reference in the same run: both indexes alone, a plain sort of the
// catalog by id, and one read of every module's id and competencies (what any uncached plan must at
// least do).
// Target (issue 14): planRoute p95, uncached, <= 5 ms at 10,000 modules and <= 10 ms at 50,000, every role size.
// `BENCH_RUNS` (default 30) timed runs per cell after warm-up.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { indexCatalog, indexForOnePlan, planRoute, planRouteWithCatalog } from '../../src/planner/index.js';
import { generateLearner, generatePlannerCatalog } from './support/planner-catalog.js';
import { machine } from './support/report.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 30));
const WARMUP = Math.max(10, Math.ceil(RUNS / 3));
const LEARNERS = 8;
const CATALOGS = [1_000, 10_000, 50_000];
const ROLES = [50, 100, 300];
const TARGETS = new Map([
  [10_000, 5],
  [50_000, 10],
]);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (ms: number) => Math.round(ms * 100) / 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Median and p95 in ms over RUNS calls after WARMUP calls; `fn(i)` gets the run number. */
function time(fn: (i: number) => unknown): { p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/** Largest heap growth over one call: GC first, heapUsed sampled right after (minor GCs may hide some). */
function heapGrowth(fn: (i: number) => unknown, calls = 5): number {
  let peak = 0;
  for (let i = 0; i < calls; i++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    fn(i);
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  }
  return mb(peak);
}

console.log(`planner benchmark on ${machine()}; ${RUNS} runs per cell after ${WARMUP} warm-up runs`);
const started = performance.now();
const rows: Record<string, string | number>[] = [];
const baselines: Record<string, string | number>[] = [];
const worstP95 = new Map<number, number>();

for (const modules of CATALOGS) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const catalog = generatePlannerCatalog(modules, modules);
  const index = indexCatalog(catalog);
  gc();
  const catalogHeap = mb(process.memoryUsage().heapUsed - heapBefore);

  const indexTime = time(() => indexCatalog(catalog));
  const onePlanTime = time(() => indexForOnePlan(catalog));
  const sortTime = time(() => [...catalog].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  // The least an uncached plan must do: read every module's id and competencies once, asking a set of
  // a role's competencies about each. With 50,000 modules this is bound by memory, not by the work.
  const role = new Set(generateLearner(catalog, 300, 1).requirements.map((r) => r.competency));
  const readTime = time(() => {
    let seen = 0;
    for (const module of catalog) {
      seen += module.id.length;
      for (const competency of module.competencies) if (role.has(competency)) seen++;
    }
    return seen;
  });
  baselines.push({
    modules,
    'indexCatalog p50 ms': indexTime.p50,
    'indexCatalog p95 ms': indexTime.p95,
    'indexForOnePlan p50 ms': onePlanTime.p50,
    'indexForOnePlan p95 ms': onePlanTime.p95,
    'sort by id p50 ms': sortTime.p50,
    'read every module p50 ms': readTime.p50,
    'read every module p95 ms': readTime.p95,
    'catalog+index heap MB': catalogHeap,
  });

  for (const roleSize of ROLES) {
    const learners = Array.from({ length: LEARNERS }, (_, k) =>
      generateLearner(catalog, roleSize, 1000 * roleSize + k),
    );
    const input = (i: number) => ({ ...(learners[i % LEARNERS] as (typeof learners)[number]), catalog });
    const plain = time((i) => planRoute(input(i)));
    const cached = time((i) =>
      planRouteWithCatalog(learners[i % LEARNERS] as (typeof learners)[number], index),
    );
    const sample = planRoute(input(0));
    rows.push({
      modules,
      role: roleSize,
      planned: sample.items.length,
      'planRoute p50 ms': plain.p50,
      'planRoute p95 ms': plain.p95,
      'withCatalog p50 ms': cached.p50,
      'withCatalog p95 ms': cached.p95,
      'heap Δ/plan MB': heapGrowth((i) => planRoute(input(i))),
    });
    worstP95.set(modules, Math.max(worstP95.get(modules) ?? 0, plain.p95));
  }
}

console.log('\nplanRoute / planRouteWithCatalog (heap Δ: largest heapUsed growth over one planRoute call)');
console.table(rows);
console.log('raw baseline: both indexes, a plain sort, and one read of every module of the same catalog');
console.table(baselines);
for (const [modules, target] of TARGETS) {
  const worst = worstP95.get(modules);
  console.log(
    `verdict: ${worst !== undefined && worst <= target ? 'MEETS' : 'MISSES'} planRoute p95 <= ${target} ms at ` +
      `${modules.toLocaleString('en')} modules (worst over roles ${ROLES.join('/')}: ${worst} ms)`,
  );
}
console.log(`total ${Math.round((performance.now() - started) / 1000)} s`);
