import SQLite from 'better-sqlite3';
import { type Compilable, Kysely, SqliteDialect } from 'kysely';
import { type Database, toConstraintError } from './database.js';
import type { Schema } from './schema.js';

/**
 * Opens the embedded database (a file, or `:memory:`) with foreign keys enforced, as D1 does.
 * @example const db = openSqliteDatabase('./data/loopbrug.db');
 */
export function openSqliteDatabase(path: string): Database & { sqlite: SQLite.Database } {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    kysely,
    sqlite,
    async atomically(writes: readonly Compilable[]) {
      try {
        await kysely.transaction().execute(async (trx) => {
          for (const write of writes) await trx.executeQuery(write.compile());
        });
      } catch (error) {
        throw toConstraintError(error) ?? error;
      }
    },
  };
}
