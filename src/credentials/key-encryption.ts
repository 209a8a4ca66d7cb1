/**
 * AES-256-GCM encryption of issuer secrets at rest under the key-encryption key (32 bytes, base64).
 * The associated data binds a ciphertext to its key row, so a secret copied to another row fails.
 * Format: `v1.<iv>.<ciphertext+tag>`, both base64url.
 */

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

async function importKek(keyEncryptionKey: string) {
  const raw = new Uint8Array(Buffer.from(keyEncryptionKey, 'base64'));
  if (raw.length !== 32) throw new Error('the key-encryption key must be 32 bytes, base64');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts a secret for storage.
 * @example const stored = await encryptSecret(kek, 'z3u2…', 'issuer_key:abc');
 */
export async function encryptSecret(
  keyEncryptionKey: string,
  secret: string,
  boundTo: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(boundTo) },
    await importKek(keyEncryptionKey),
    new TextEncoder().encode(secret),
  );
  return `v1.${b64url(iv)}.${b64url(new Uint8Array(ciphertext))}`;
}

/**
 * Decrypts what `encryptSecret` stored; throws if it was tampered with or moved.
 * @example const secret = await decryptSecret(kek, row.encrypted_secret, 'issuer_key:abc');
 */
export async function decryptSecret(
  keyEncryptionKey: string,
  stored: string,
  boundTo: string,
): Promise<string> {
  const [version, iv, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !ciphertext) throw new Error('unknown encrypted secret format');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromB64url(iv), additionalData: new TextEncoder().encode(boundTo) },
    await importKek(keyEncryptionKey),
    fromB64url(ciphertext),
  );
  return new TextDecoder().decode(plain);
}
