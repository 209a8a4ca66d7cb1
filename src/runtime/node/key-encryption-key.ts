import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../config.js';

/**
 * A fresh random key-encryption key (32 bytes, base64), for tests, benchmarks and development.
 * @example const deps = { ...otherDeps, keyEncryptionKey: randomKeyEncryptionKey() };
 */
export const randomKeyEncryptionKey = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

/**
 * The key that encrypts issuer private keys at rest on Node: `KEY_ENCRYPTION_KEY` when set, else a
 * development key made on first start and kept in `DATA_DIR` (mode 0600), so `npm start` and
 * `npm run dev:workers` (through .dev.vars) keep reading the issuer keys they stored.
 * @example const kek = keyEncryptionKeyFor(readConfig(process.env));
 */
export function keyEncryptionKeyFor(config: Pick<RuntimeConfig, 'keyEncryptionKey' | 'dataDir'>): string {
  if (config.keyEncryptionKey !== undefined) return config.keyEncryptionKey;
  const { dataDir } = config;
  const file = join(dataDir, 'dev-key-encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomKeyEncryptionKey();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
