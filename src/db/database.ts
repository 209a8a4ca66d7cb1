import type { Compilable, Kysely } from 'kysely';
import type { Schema } from './schema.js';

/**
 * What the app needs from a storage backend: a query builder, and a way to apply
 * several writes all-or-nothing. D1 has no interactive transactions, so a write that
 * belongs together is handed over as one list (a transaction on SQLite, a batch on D1).
 *
 * @example
 * await db.atomically([db.kysely.insertInto('employer').values(row), audit(...)]);
 */
export interface Database {
  readonly kysely: Kysely<Schema>;
  atomically(writes: readonly Compilable[]): Promise<void>;
  /**
   * Moves what was written into the database file and empties the write-ahead log, so erased data
   * leaves no copy there (SQLite; D1 manages its own storage and has none).
   */
  forget?(): Promise<void>;
}

/**
 * A write the database refused because it would break a constraint. Its message is the columns the
 * database names (`learning_outcome.institution_id, learning_outcome.code`): for code to tell which
 * constraint it was, never for a client to read.
 */
export class ConstraintError extends Error {
  constructor(
    readonly kind: 'unique' | 'foreign-key' | 'check',
    readonly columns: readonly string[],
  ) {
    super(columns.join(', '));
  }
}

/**
 * Turns a driver's constraint failure into a ConstraintError. better-sqlite3 and D1 word them alike,
 * except that D1 adds `: SQLITE_CONSTRAINT` after the columns, which a column name never contains.
 * @example toConstraintError(new Error('UNIQUE constraint failed: employer.id'))?.kind // 'unique'
 * @example toConstraintError(new Error('D1_ERROR: UNIQUE constraint failed: m.a, m.b: SQLITE_CONSTRAINT'))?.columns // ['m.a', 'm.b']
 */
export function toConstraintError(error: unknown): ConstraintError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(UNIQUE|FOREIGN KEY|CHECK) constraint failed:?\s*([\w.]+(?:,\s*[\w.]+)*)?/.exec(message);
  if (!match) return undefined;
  const kind = match[1] === 'UNIQUE' ? 'unique' : match[1] === 'CHECK' ? 'check' : 'foreign-key';
  return new ConstraintError(kind, match[2]?.split(/,\s*/) ?? []);
}
