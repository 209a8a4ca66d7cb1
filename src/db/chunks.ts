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
