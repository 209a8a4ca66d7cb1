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
    atomically: groupCommit(sqlite, cached.prepare),
    async forget() {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

/** A transaction waiting for the next commit, and the caller waiting for its outcome. */
interface Waiting {
  writes: readonly Compilable[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * `atomically` with group commit. A durable commit (synchronous FULL) is an fsync, and under load the
 * transactions asked for while the event loop is busy would each wait for their own. Here they are
 * gathered until the loop turns (setImmediate) and written in one SQLite transaction, each in a
 * savepoint of its own: a transaction that fails (a constraint, say) is rolled back to its savepoint
 * alone, exactly as if it had run by itself, and the rest share one commit. Should the commit itself
 * fail (a deferred constraint, the disk), nothing of the group stays and each transaction is run again
 * by itself, so that each caller still gets its own outcome. A caller hears only once its commit is
 * durable. Statements run synchronously from BEGIN to COMMIT, so no other query of this connection can
 * interleave.
 */
function groupCommit(
  sqlite: SQLite.Database,
  prepare: (sql: string) => SQLite.Statement,
): (writes: readonly Compilable[]) => Promise<void> {
  const run = (writes: readonly Compilable[]) => {
    for (const write of writes) {
      const { sql, parameters } = write.compile();
      const statement = prepare(sql);
      if (statement.reader) statement.all(...parameters);
      else statement.run(...parameters);
    }
  };
  /** Runs `work` in a transaction (or a savepoint, with `name`): its error, undefined when it stayed. */
  const inTransaction = (work: () => void, name?: string): unknown => {
    try {
      sqlite.exec(name ? `SAVEPOINT ${name}` : 'BEGIN');
      work();
      sqlite.exec(name ? `RELEASE ${name}` : 'COMMIT');
      return undefined;
    } catch (error) {
      try {
        if (name) sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        else if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      } catch {
        // Nothing to undo: the transaction or savepoint never began (a closed database, say).
      }
      return toConstraintError(error) ?? error ?? new Error('the transaction failed');
    }
  };
  const settle = (one: Waiting, failure: unknown) =>
    failure === undefined ? one.resolve() : one.reject(failure);

  let waiting: Waiting[] = [];
  const commit = () => {
    const group = waiting;
    waiting = [];
    const outcomes: unknown[] = [];
    const groupFailure = inTransaction(() => {
      for (const one of group) outcomes.push(inTransaction(() => run(one.writes), 'one'));
    });
    if (groupFailure === undefined) for (const [i, one] of group.entries()) settle(one, outcomes[i]);
    else
      for (const one of group)
        settle(
          one,
          inTransaction(() => run(one.writes)),
        );
  };
  return (writes) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(commit);
      waiting.push({ writes, resolve, reject });
    });
}
