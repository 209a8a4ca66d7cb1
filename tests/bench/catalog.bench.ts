// Catalog benchmark: list-by-competency and create-module over loopback HTTP on a generated
// catalog of 10,000 modules, next to a bare Hono route serving the same JSON from memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase } from '../../src/db/sqlite-database.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { startChildServer } from './support/child-server.js';
import { benchModule, competencyUri, generateCatalog } from './support/generate-catalog.js';
import { type LoadResult, load } from './support/load.js';
import { machine, printComparison } from './support/report.js';

const MODULES = Number(process.env.BENCH_MODULES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'loopbrug-bench-'));
const databasePath = join(dir, 'bench.db');

const db = openSqliteDatabase(databasePath);
applyMigrations(db.sqlite);
const t0 = performance.now();
await generateCatalog({ db, now: () => new Date(), newId: () => crypto.randomUUID() }, { modules: MODULES });
const generatedIn = (performance.now() - t0) / 1000;
const outcomeId = (
  db.sqlite.prepare("SELECT id FROM learning_outcome WHERE code = 'LO-42'").get() as { id: string }
).id;
db.sqlite.close();

const listPath = `/modules?competency=${encodeURIComponent(competencyUri(42))}&limit=50`;
const { child, ready } = await startChildServer<{ ours: number; bare: number; token: string }>(
  join(import.meta.dirname, 'catalog-servers.ts'),
  [databasePath, listPath, JSON.stringify(benchModule('bench', 'SAMPLE', [outcomeId]))],
);
const { ours, bare, token } = ready;

const auth = { authorization: `Bearer ${token}` };
const list = (port: number) => () => fetch(`http://127.0.0.1:${port}${listPath}`, { headers: auth });
const create = (port: number, prefix: string) => (i: number) =>
  fetch(`http://127.0.0.1:${port}/modules`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(benchModule('bench', `${prefix}-${i}`, [outcomeId])),
  });

const check = (await (await list(ours)()).json()) as { items: unknown[] };
const results: LoadResult[] = [];
for (const [name, request] of [
  ['warm-up', list(ours)],
  ['list by competency — Loopbrug', list(ours)],
  ['list by competency — bare Hono', list(bare)],
  ['create module — Loopbrug', create(ours, 'NEW')],
  ['create module — bare Hono', create(bare, 'BARE')],
] as const) {
  const result = await load(name, request, { connections: 16, seconds: name === 'warm-up' ? 1 : SECONDS });
  if (name !== 'warm-up') results.push(result);
}
child.kill();
rmSync(dir, { recursive: true, force: true });

console.log(`\nCatalog benchmark — ${machine()}`);
console.log(
  `${MODULES} modules generated through the store in ${generatedIn.toFixed(1)} s; a list page holds ${check.items.length} modules.`,
);
printComparison(results, [
  ['list by competency — Loopbrug', 'list by competency — bare Hono'],
  ['create module — Loopbrug', 'create module — bare Hono'],
]);
