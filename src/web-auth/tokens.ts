/**
 * A random token of 32 bytes, base64url: session cookies, CSRF tokens, share links.
 * @example randomToken() // 'q3v…' (43 characters)
 */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The SHA-256 of a token, hex: what is stored in its place, so the table alone opens nothing.
 * @example await tokenHash(cookieValue) // '9f86d0…'
 */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two secrets in time that does not depend on where they differ.
 * @example sameSecret(sent, expected) // true only when equal
 */
export function sameSecret(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
