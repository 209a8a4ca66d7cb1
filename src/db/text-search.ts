import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * The accented letters a text search reads as their plain letter, so `cafe` finds `Café` and `Zoe`
 * finds `Zoë`: every one of Latin-1 (Dutch, French, German, Spanish, Portuguese and Nordic names) and
 * those of Latin Extended-A in Turkish and Polish names. Not every accented letter there is: the column
 * side is folded in SQL, with built-in functions only (D1 has no ICU and takes no functions of ours), by
 * one nested `replace()` a letter, and D1 refuses an expression nested more than 100 deep: these 72
 * leave room for the other conditions of a list query.
 */
const ACCENTED =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ' + // Latin-1
  'ĞğİŞş' + // Turkish
  'ĄąĆćĘęŃńŚśŹźŻż'; // Polish

/** Each accented letter and its plain letter, the first of its canonical decomposition (`é` → `e`). */
const FOLDS: readonly (readonly [string, string])[] = [...ACCENTED].map((ch) => [
  ch,
  ch.normalize('NFD').charAt(0),
]);
const PLAIN = new Map(FOLDS);

/**
 * The searched-for text as the folded column reads: accented letters plain, and lower case as SQLite's
 * own `lower()` makes it (ASCII letters only, so any other letter is compared as typed on both sides).
 * @example foldText('Café Zoë') // 'cafe zoe'
 */
function foldText(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => PLAIN.get(ch) ?? ch)
    .join('')
    .replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/**
 * A column as foldText makes text: its accented letters plain, then lower case. A value of ASCII alone
 * (as many bytes as characters) skips the replaces, which are most of a search's work.
 */
function foldedColumn(column: string): RawBuilder<string> {
  const ref = sql.ref(column);
  const plain = FOLDS.reduce<RawBuilder<string>>(
    (inner, [accented, letter]) => sql`replace(${inner}, ${sql.lit(accented)}, ${sql.lit(letter)})`,
    sql`${ref}`,
  );
  return sql`lower(CASE WHEN length(CAST(${ref} AS BLOB)) = length(${ref}) THEN ${ref} ELSE ${plain} END)`;
}

/**
 * A case- and accent-insensitive "contains" over one or more columns. `instr`, not `LIKE`: D1 refuses a
 * LIKE pattern over 50 bytes, and a search may be 100 characters; every character is taken literally.
 * @example query.where(containsText(['m.code', 'v.title'], 'gym'))
 */
export function containsText(columns: readonly string[], text: string): Expression<SqlBool> {
  const needle = foldText(text);
  const tests = columns.map((column) => sql<SqlBool>`instr(${foldedColumn(column)}, ${needle}) > 0`);
  return sql<SqlBool>`(${sql.join(tests, sql` OR `)})`;
}
