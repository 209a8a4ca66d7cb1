import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { type Compilable, Kysely, SqliteDialect } from 'kysely';
import { type Database, toConstraintError } from './database.js';
import type { Schema } from './schema.js';

/**
 * Opens the embedded database (a file, or `:memory:`) with foreign keys enforced, as D1 does. A file is
 * owner-only (0600, made so when new, set so when older): SQLite gives its -wal and -shm files the
 * database file's mode. Deleted content is overwritten (`secure_delete`), and `forget()` checkpoints
 * and truncates the write-ahead log, so an erasure leaves no readable copy in the files.
 * @example const db = openSqliteDatabase('./data/loopbrug.db');
 */
export function openSqliteDatabase(path: string): Database & { sqlite: SQLite.Database } {
  if (path !== ':memory:' && path !== '') {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    for (const companion of [`${path}-wal`, `${path}-shm`])
      if (existsSync(companion)) chmodSync(companion, 0o600);
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('secure_delete = ON');
  // better-sqlite3 builds WAL mode with synchronous NORMAL, where the last commits may roll back after a
  // power loss; an issued credential or a sign-off must survive that too.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Kysely prepares every statement again on each execution; preparing costs more than running
  // most of our queries, so statements are kept per SQL text (the set of texts is small and fixed).
  const statements = new Map<string, SQLite.Statement>();
  const cached = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: cached }) });
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
    async forget() {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
