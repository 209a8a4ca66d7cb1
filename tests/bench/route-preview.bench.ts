// POST /routes/preview over loopback HTTP on a generated catalog of 10,000 modules, next to the
// planner alone planning the same input in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openSqliteDatabase } from '../../src/db/sqlite-database.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { loadPlanning, planVersion } from '../../src/learning-routes/planning.js';
import { planRouteWithCatalog } from '../../src/planner/plan-route.js';
import { benchApp } from './support/bench-app.js';
import { startChildServer } from './support/child-server.js';
import { competencyUri, generateCatalog } from './support/generate-catalog.js';
import { load } from './support/load.js';
import { machine } from './support/report.js';

const MODULES = Number(process.env.BENCH_MODULES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REQUIREMENTS = 100;
const dir = mkdtempSync(join(tmpdir(), 'loopbrug-preview-'));
const databasePath = join(dir, 'bench.db');
applyMigrations(openSqliteDatabase(databasePath).sqlite);

const { app, deps, token } = await benchApp(databasePath);
await generateCatalog(deps, { modules: MODULES });
const call = async (path: string, as: Parameters<typeof token>[0], body: unknown) => {
  const res = await app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(as)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
};
const admin = { sub: 'bench', role: 'admin' as const };
await call('/employers', admin, { id: 'bench-werk', name: 'Werkgever', sector: 'zorg' });
const role = await call('/roles', admin, {
  employerId: 'bench-werk',
  title: 'Functie',
  requirements: Array.from({ length: REQUIREMENTS }, (_, i) => ({
    competency: competencyUri(i * 3),
    priority: i % 5 < 2 ? 'essential' : 'later',
  })),
});
const learnerPrincipal = { sub: 'lerende', role: 'learner' as const };
const learner = await call('/learners', learnerPrincipal, { name: 'Lerende', email: 'lerende@example.nl' });
await call(`/learners/${learner.id}/grants`, learnerPrincipal, {
  grantee: { kind: 'institution', id: 'bench' },
  scope: ['profile', 'evidence'],
});
const body = JSON.stringify({
  learnerId: learner.id,
  roleId: role.id,
  hoursPerWeek: 8,
  startDate: '2027-01-04',
});

// The baseline: the planner alone, on exactly the input the service builds for this request.
const target = { learnerId: learner.id, institutionId: 'bench', roleId: role.id };
const inputs = {
  hoursPerWeek: 8,
  startDate: '2027-01-04',
  exemptions: [],
  refusedExemptions: [],
  pauses: [],
  completed: [],
  adjustments: { added: [], removed: [], order: [] },
};
const planned = (await planVersion(deps, target, inputs)).plan.items.length;
// What the service runs per request: the planner on the cached index of the published catalog.
// Run for as long as the HTTP load, one plan after another, so that its throughput counts garbage
// collection as the server's does: a median of a few dozen plans swung from 2 to 5 ms between runs.
// Generating the catalog through the store leaves a large heap behind in this process, which the server
// (a process of its own) does not have: it is collected first.
const { input: plannerInput, catalog } = await loadPlanning(deps, target, inputs);
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
for (let i = 0; i < 20; i++) planRouteWithCatalog(plannerInput, catalog.index);
const times: number[] = [];
const plannerStarted = performance.now();
while (performance.now() - plannerStarted < SECONDS * 1000) {
  const t0 = performance.now();
  planRouteWithCatalog(plannerInput, catalog.index);
  times.push(performance.now() - t0);
}
const plannerRps = Math.round(times.length / ((performance.now() - plannerStarted) / 1000));
times.sort((a, b) => a - b);
const plannerP50 = times[Math.floor(times.length / 2)] as number;

const { child, ready } = await startChildServer<{ port: number; token: string }>(
  join(import.meta.dirname, 'app-server.ts'),
  [databasePath, JSON.stringify({ sub: 'bench', role: 'opleider', institution: 'bench' })],
);
const { port, token: bearer } = ready;
const preview = () =>
  fetch(`http://127.0.0.1:${port}/routes/preview`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body,
  });
await load('warm-up', preview, { connections: 4, seconds: 1 });
const result = await load('POST /routes/preview', preview, { connections: 4, seconds: SECONDS });
child.kill();
rmSync(dir, { recursive: true, force: true });

console.log(`\nRoute preview benchmark — ${machine()}`);
console.log(`${MODULES} modules, a role of ${REQUIREMENTS} competencies, ${planned} items planned.`);
console.table([
  {
    name: 'POST /routes/preview (HTTP)',
    rps: result.rps,
    p50ms: result.p50ms,
    p99ms: result.p99ms,
    failures: result.failures,
  },
  {
    name: 'planner alone, same input',
    rps: plannerRps,
    p50ms: Number(plannerP50.toFixed(2)),
    p99ms: Number((times[Math.floor(times.length * 0.99)] ?? 0).toFixed(2)),
    failures: 0,
  },
]);
console.log(
  `the planner is ${((plannerP50 / result.p50ms) * 100).toFixed(0)} % of a preview request's median time`,
);
// Issue 14's target: preview throughput at least 80 % of the planner alone's, in the same run.
const ratio = result.rps / plannerRps;
console.log(
  `verdict: ${ratio >= 0.8 ? 'MEETS' : 'MISSES'} preview req/s >= 80 % of the planner alone ` +
    `(${(ratio * 100).toFixed(0)} %: ${result.rps} vs ${plannerRps} plans/s)`,
);
