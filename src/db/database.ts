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

/** A write the database refused because it would break a constraint. */
export class ConstraintError extends Error {
  constructor(
    readonly kind: 'unique' | 'foreign-key' | 'check',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns a driver's constraint failure (better-sqlite3 and D1 word them alike) into a ConstraintError.
 * @example toConstraintError(new Error('UNIQUE constraint failed: employer.id'))?.kind // 'unique'
 */
export function toConstraintError(error: unknown): ConstraintError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(UNIQUE|FOREIGN KEY|CHECK) constraint failed:?\s*([^\s:]*)/.exec(message);
  if (!match) return undefined;
  const kind = match[1] === 'UNIQUE' ? 'unique' : match[1] === 'CHECK' ? 'check' : 'foreign-key';
  return new ConstraintError(kind, match[2] ?? '');
}
