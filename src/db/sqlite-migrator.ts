import { readdirSync, readFileSync } from 'node:fs';
import type SQLite from 'better-sqlite3';

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * Applies the SQL migrations that D1 applies through wrangler, tracked in the same `d1_migrations`
 * table, so one folder of migrations serves both runtimes. Returns the names it applied.
 * @example applyMigrations(sqlite) // ['0001_catalog.sql'] on a new database
 */
export function applyMigrations(sqlite: SQLite.Database, dir: URL = MIGRATIONS_DIR): string[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  const applied = new Set(
    sqlite
      .prepare('SELECT name FROM d1_migrations')
      .all()
      .map((row) => (row as { name: string }).name),
  );
  const pending = readdirSync(dir)
    .filter((name) => name.endsWith('.sql') && !applied.has(name))
    .sort();
  const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
  for (const name of pending) {
    sqlite.transaction(() => {
      sqlite.exec(readFileSync(new URL(name, dir), 'utf8'));
      record.run(name);
    })();
  }
  return pending;
}
