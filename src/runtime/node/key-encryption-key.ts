import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../config.js';

/**
 * A fresh random key-encryption key (32 bytes, base64), for tests, benchmarks and development.
 * @example const deps = { ...otherDeps, keyEncryptionKey: randomKeyEncryptionKey() };
 */
export const randomKeyEncryptionKey = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');

const readKeyFile = (file: string): string => {
  const key = readFileSync(file, 'utf8').trim();
  if (Buffer.from(key, 'base64').length !== 32)
    throw new Error(`${file} does not hold a key-encryption key (32 bytes, base64)`);
  return key;
};

/**
 * The key that encrypts issuer private keys at rest on Node: KEY_ENCRYPTION_KEY, else the file
 * KEY_ENCRYPTION_KEY_FILE names, else (development mode only) a development key kept in SECRETS_DIR,
 * outside DATA_DIR, made on first start (mode 0600). A development key is only made for a database
 * that holds no issuer keys yet (`storedKeys`): a missing key for existing keys is an error, never a
 * new key. One left in DATA_DIR by an earlier version is moved to SECRETS_DIR.
 * @example const kek = keyEncryptionKeyFor(readConfig(process.env), 0);
 */
export function keyEncryptionKeyFor(
  config: Pick<
    RuntimeConfig,
    'keyEncryptionKey' | 'keyEncryptionKeyFile' | 'dataDir' | 'secretsDir' | 'mode'
  >,
  storedKeys: number,
): string {
  if (config.keyEncryptionKey !== undefined) return config.keyEncryptionKey;
  if (config.keyEncryptionKeyFile !== undefined) {
    if (!existsSync(config.keyEncryptionKeyFile))
      throw new Error(`KEY_ENCRYPTION_KEY_FILE ${config.keyEncryptionKeyFile} does not exist`);
    return readKeyFile(config.keyEncryptionKeyFile);
  }
  if (config.mode === 'production')
    throw new Error('production mode needs KEY_ENCRYPTION_KEY or KEY_ENCRYPTION_KEY_FILE');
  const file = join(config.secretsDir, 'dev-key-encryption-key');
  const old = join(config.dataDir, 'dev-key-encryption-key');
  if (!existsSync(file) && existsSync(old)) {
    mkdirSync(config.secretsDir, { recursive: true, mode: 0o700 });
    renameSync(old, file);
  }
  if (existsSync(file)) return readKeyFile(file);
  if (storedKeys > 0)
    throw new Error(
      `The database holds ${storedKeys} issuer keys but there is no key-encryption key to open them ` +
        `(${file} does not exist): set KEY_ENCRYPTION_KEY or KEY_ENCRYPTION_KEY_FILE to the key they were ` +
        'encrypted with. No new key was made.',
    );
  const key = randomKeyEncryptionKey();
  mkdirSync(config.secretsDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
