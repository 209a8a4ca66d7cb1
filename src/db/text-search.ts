import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * A case-insensitive "contains" over one or more columns, with `%` and `_` in the text taken literally.
 * @example query.where(containsText(['m.code', 'v.title'], 'gym'))
 */
export function containsText(columns: readonly string[], text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const tests = columns.map((column) => sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`);
  return sql<SqlBool>`(${sql.join(tests, sql` OR `)})`;
}
