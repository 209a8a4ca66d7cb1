import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type SQLite from 'better-sqlite3';
import { getPlatformProxy } from 'wrangler';
import { openSqliteDatabase } from '../../db/sqlite-database.js';
import { applyMigrations } from '../../db/sqlite-migrator.js';
import { loadFixtures } from '../../fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../fixtures/read-fixture-files.js';
import { type WorkerEnv, workerDeps } from '../workers/worker-deps.js';

// Makes the local D1 of `wrangler dev` what `npm start` makes of a new SQLite file: migrated, and holding
// the fixtures. `npm run dev:workers` runs it before `wrangler dev`; the worker smoke test runs it on its
// own --persist-to folder. Usage: prepare-local-d1.ts [--persist-to <dir>] [--env-file <file>]…
//
// How the fixtures get there: loadFixtures, the same code `npm start` runs, loads them into a migrated
// in-memory SQLite with the worker's own dependencies (workerDeps on the worker's vars and secrets, only
// the database swapped), and its rows are copied into the local D1 as they are, in one D1 batch (one
// transaction). wrangler's getPlatformProxy opens the persisted D1 that `wrangler dev` uses and hands
// Node its binding. Loading through that binding directly would cost a round trip to workerd for each
// of the loader's thousands of queries (minutes); copying costs one batch. A D1 that already holds an
// instelling is left alone (Node asks instead whether the first migration just ran; wrangler does not
// say), so a second `npm run dev:workers` loads nothing twice, and a half-done load cannot happen.

const { values } = parseArgs({
  options: {
    'persist-to': { type: 'string' },
    'env-file': { type: 'string', multiple: true },
  },
});
const persistTo = values['persist-to'];
const envFiles = values['env-file'];

// D1 takes at most 100 bound parameters per statement.
const MAX_PARAMETERS = 100;

/**
 * INSERTs for every row of every table the migrations made (not their bookkeeping): tables in the order
 * the migrations created them and rows in insertion order, so a row comes after the rows it refers to;
 * several rows per statement, because each statement is a round trip to workerd. A row a migration
 * itself inserted (a one-row counter such as module_list_revision) is already in the fresh D1: the copy
 * replaces it with the value the fixtures left.
 */
function copyStatements(from: SQLite.Database, to: D1Database): D1PreparedStatement[] {
  const tables = from
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
        "AND name <> 'd1_migrations' ORDER BY rowid",
    )
    .pluck()
    .all() as string[];
  return tables.flatMap((table) => {
    const rows = from.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[];
    const columns = Object.keys(rows[0] ?? {});
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const sql =
        `INSERT OR REPLACE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) ` +
        `VALUES ${chunk.map(() => tuple).join(', ')}`;
      statements.push(to.prepare(sql).bind(...chunk.flatMap((row) => columns.map((c) => row[c]))));
    }
    return statements;
  });
}

// The migrations, by wrangler's own command, so they are tracked exactly as `wrangler dev` expects.
const wrangler = join(createRequire(import.meta.url).resolve('wrangler/package.json'), '../bin/wrangler.js');
const migrate = spawnSync(
  process.execPath,
  [
    wrangler,
    ...['d1', 'migrations', 'apply', 'loopbrug', '--local'],
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...(envFiles ?? []).flatMap((file) => ['--env-file', file]),
  ],
  { stdio: 'inherit' },
);
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// getPlatformProxy persists under <dir>/v3, where `wrangler dev --persist-to <dir>` keeps its state.
const proxy = await getPlatformProxy<WorkerEnv>({
  persist: { path: join(persistTo ?? '.wrangler/state', 'v3') },
  ...(envFiles ? { envFiles } : {}),
  remoteBindings: false,
});
try {
  const deps = workerDeps(proxy.env);
  const existing = await deps.db.kysely.selectFrom('institution').select('id').limit(1).executeTakeFirst();
  if (existing) {
    console.log('The local D1 already holds data: the fixtures are not loaded again.');
  } else {
    const memory = openSqliteDatabase(':memory:');
    applyMigrations(memory.sqlite);
    const loaded = await loadFixtures({ ...deps, db: memory }, readFixtureFiles());
    await proxy.env.DB.batch(copyStatements(memory.sqlite, proxy.env.DB));
    memory.sqlite.close();
    console.log(
      `Loaded the fixtures into the local D1: ${loaded.institutions} instellingen, ${loaded.competencies} ` +
        `competenties, ${loaded.modules} modules, ${loaded.employers} werkgevers, ${loaded.roles} functies.`,
    );
  }
} finally {
  await proxy.dispose();
}
