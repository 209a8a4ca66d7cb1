import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that encrypts issuer private keys at rest: `KEY_ENCRYPTION_KEY` (32 bytes, base64) when set,
 * else a development key made on first start and kept in `DATA_DIR` (mode 0600).
 * @example const kek = loadOrCreateKeyEncryptionKey(process.env, './data');
 */
export function loadOrCreateKeyEncryptionKey(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.KEY_ENCRYPTION_KEY;
  if (configured !== undefined) {
    if (Buffer.from(configured, 'base64').length !== 32)
      throw new Error('KEY_ENCRYPTION_KEY must be 32 bytes, base64');
    return configured;
  }
  const file = join(dataDir, 'dev-key-encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** A fresh random key, for tests and benchmarks. */
export const randomKeyEncryptionKey = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
