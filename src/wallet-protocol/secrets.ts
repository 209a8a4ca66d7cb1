import { base64url } from 'jose';

/**
 * A random secret of `bytes` bytes, base64url: pre-authorized codes, access tokens, nonces and states.
 * @example randomSecret() // 'q2H0…' (43 characters for 32 bytes)
 */
export const randomSecret = (bytes = 32): string =>
  base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

/**
 * SHA-256 of a secret, hex: what is stored of a bearer secret, so a copy of the database redeems nothing.
 * @example await sha256Hex('abc') // 'ba7816bf…'
 */
export async function sha256Hex(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A six-digit transaction code, every code equally likely (bytes above the last whole million are drawn
 * again, so no code is favoured).
 * @example transactionCode() // '493536'
 */
export function transactionCode(): string {
  const limit = 2 ** 32 - (2 ** 32 % 1_000_000);
  for (;;) {
    const [value = limit] = crypto.getRandomValues(new Uint32Array(1));
    if (value < limit) return String(value % 1_000_000).padStart(6, '0');
  }
}
