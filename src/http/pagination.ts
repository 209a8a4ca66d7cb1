import { ProblemError } from './problem.js';

/**
 * Cursors are opaque to clients: the base64url of the last key of the page.
 * @example decodeCursor(encodeCursor('abc')) // 'abc'
 */
export function encodeCursor(lastKey: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(lastKey));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
  } catch {
    throw new ProblemError(400, 'The request is not valid', 'query.cursor: not a cursor from this API', [
      { path: 'query.cursor', message: 'not a cursor from this API' },
    ]);
  }
}

/**
 * Cuts a result fetched with `limit + 1` rows into a page and the cursor that follows it.
 * @example toPage([a, b, c], 2, (x) => x.id) // { items: [a, b], nextCursor: encodeCursor(b.id) }
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string,
): { items: T[]; nextCursor?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last === undefined ? { items } : { items, nextCursor: encodeCursor(keyOf(last)) };
}
