/**
 * How many values one `in (…)` list binds: D1 takes at most 100 bound parameters per statement, and
 * this leaves room for the statement's other conditions.
 */
export const IN_LIST_SIZE = 90;

/**
 * Lists split into runs of at most `size`: rows or `in (…)` lists that fit one statement's bound
 * parameters, or the batches of a job.
 * @example chunks([1, 2, 3], 2) // [[1, 2], [3]]
 */
export const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The rows `read` answers for all of `values`, asked in `in (…)` lists of at most IN_LIST_SIZE values,
 * one list after another.
 * @example await readInChunks(routeIds, (ids) => db.selectFrom('signoff').selectAll().where('route_id', 'in', ids).execute())
 */
export async function readInChunks<V, R>(
  values: readonly V[],
  read: (part: V[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const part of chunks(values, IN_LIST_SIZE)) rows.push(...(await read(part)));
  return rows;
}
