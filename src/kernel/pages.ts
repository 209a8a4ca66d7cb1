import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { fail } from './errors.js';

/** One page of a list, and the cursor of the next (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** What a list request asks for: where to continue, and how many. */
export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/**
 * Cursors are opaque to clients: the base64url of the last key of the page.
 * @example decodeCursor(encodeCursor('abc')) // 'abc'
 */
export function encodeCursor(lastKey: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(lastKey));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The key a cursor continues after; refused as the `cursor` field when it is not one of ours.
 * @example decodeCursor(undefined) // undefined
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
  } catch {
    throw fail.invalid('cursor', 'not a cursor from this API');
  }
}

/**
 * Cuts a result fetched with `limit + 1` rows into a page and the cursor that follows it.
 * @example toPage([a, b, c], 2, (x) => x.id) // { items: [a, b], nextCursor: encodeCursor(b.id) }
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last === undefined ? { items } : { items, nextCursor: encodeCursor(keyOf(last)) };
}

/**
 * Runs a list query one page at a time, ordered by a unique text key (`m.id`): the rows after the
 * cursor's key, one more than the limit to know whether a next page exists, turned into items.
 * @example await keysetPage(db.selectFrom('role as r').selectAll('r'), query, 'r.id', (rows) => rows.map(toRole), (r) => r.id)
 */
export async function keysetPage<DB, TB extends keyof DB, O, T>(
  select: SelectQueryBuilder<DB, TB, O>,
  request: PageRequest,
  key: string,
  toItems: (rows: O[]) => T[] | Promise<T[]>,
  keyOf: (item: T) => string,
): Promise<Page<T>> {
  const after = decodeCursor(request.cursor);
  const from = after === undefined ? select : select.where(sql<SqlBool>`${sql.ref(key)} > ${after}`);
  const rows = await from
    .orderBy(sql.ref(key))
    .limit(request.limit + 1)
    .execute();
  return toPage(await toItems(rows), request.limit, keyOf);
}
