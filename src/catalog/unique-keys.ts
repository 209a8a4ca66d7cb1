import type { Compilable } from 'kysely';
import { ConstraintError } from '../db/database.js';
import { fail } from '../kernel/errors.js';
import type { DbDeps } from '../kernel/ports.js';

/**
 * A unique key a catalog write sets: the column the database names when it is taken again
 * (`learning_outcome.code`), the field of the write that sets it (`code`), and what the domain says then.
 */
export interface UniqueKey {
  column: string;
  field: string;
  taken(): string | Promise<string>;
}

/**
 * Writes all-or-nothing; a write that takes a key someone already has is refused as a conflict at the
 * field that set it, in the domain's words. The database decides, not a read before the write, so of
 * two writers that race the second hears what it would have heard after the first; and the tables and
 * constraints behind the key never reach the caller.
 * @example await writeUnique(deps, [insert, audit], { column: 'employer.id', field: 'id', taken: () => `There is already an employer 'ksu'.` })
 */
export async function writeUnique(
  deps: DbDeps,
  writes: readonly Compilable[],
  key: UniqueKey,
): Promise<void> {
  try {
    await deps.db.atomically(writes);
  } catch (error) {
    if (!(error instanceof ConstraintError && error.kind === 'unique' && error.columns.includes(key.column)))
      throw error;
    const detail = await key.taken();
    throw fail.conflict(detail, [{ field: key.field, message: detail }]);
  }
}

/**
 * The key of what an instelling numbers by code (its learning outcomes, modules, qualifications), whose
 * conflict names the instelling: "HAN already has a module with code ALO-KM."
 * @example await writeUnique(deps, writes, codeOf(deps, 'module', 'a module', 'han', 'ALO-KM'))
 */
export const codeOf = (
  deps: DbDeps,
  table: 'learning_outcome' | 'module' | 'qualification',
  what: string,
  institutionId: string,
  code: string,
): UniqueKey => ({
  column: `${table}.code`,
  field: 'code',
  taken: async () => {
    // Read here rather than through the institutions' store, which writes through writeUnique itself.
    const institution = await deps.db.kysely
      .selectFrom('institution')
      .select('name')
      .where('id', '=', institutionId)
      .executeTakeFirst();
    return `${institution?.name ?? institutionId} already has ${what} with code ${code}.`;
  },
});
