import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteDatabase } from '../../db/sqlite-database.js';
import { applyMigrations } from '../../db/sqlite-migrator.js';
import { rotateKeyEncryptionKey } from '../../issuance/index.js';
import { systemActor } from '../../kernel/audit.js';
import { readConfig } from '../config.js';
import { keyEncryptionKeyFor, randomKeyEncryptionKey } from './key-encryption-key.js';

// Re-encrypts every issuer key under a new key-encryption key, in one transaction (stop the server
// first). The current key is found as `npm start` finds it; the new one comes from
// NEW_KEY_ENCRYPTION_KEY, or is made. Where the current key is a file (KEY_ENCRYPTION_KEY_FILE, or the
// development key in SECRETS_DIR), the new key replaces it there once the database has committed;
// with KEY_ENCRYPTION_KEY set, the new key is printed for you to put where that one came from.
//   npm run rotate-kek
//   NEW_KEY_ENCRYPTION_KEY=$(openssl rand -base64 32) npm run rotate-kek
const { values } = parseArgs({ options: { help: { type: 'boolean' } } });
if (values.help) {
  console.log('npm run rotate-kek   (NEW_KEY_ENCRYPTION_KEY=… to choose the new key)');
  process.exit(0);
}
process.umask(0o077);
const config = readConfig(process.env);
const db = openSqliteDatabase(resolve(config.databasePath));
applyMigrations(db.sqlite);
const stored = (db.sqlite.prepare('SELECT count(*) AS n FROM issuer_key').get() as { n: number }).n;
const current = keyEncryptionKeyFor(config, stored);
const next = readConfig({
  KEY_ENCRYPTION_KEY: process.env.NEW_KEY_ENCRYPTION_KEY ?? randomKeyEncryptionKey(),
}).keyEncryptionKey as string;
const deps = { db, keyEncryptionKey: current, now: () => new Date(), newId: () => crypto.randomUUID() };
const file =
  config.keyEncryptionKey === undefined
    ? (config.keyEncryptionKeyFile ?? join(config.secretsDir, 'dev-key-encryption-key'))
    : undefined;
// The new key is on disk before the database commits to it, so no crash can leave keys nobody can open.
if (file) writeFileSync(`${file}.new`, `${next}\n`, { mode: 0o600 });
let count: number;
try {
  count = await rotateKeyEncryptionKey(deps, systemActor('rotate-kek'), next);
} catch (error) {
  if (file) rmSync(`${file}.new`, { force: true });
  throw error;
}
await db.forget?.();
db.sqlite.close();
if (file) {
  renameSync(`${file}.new`, file);
  console.log(`Re-encrypted ${count} issuer keys; the new key-encryption key is in ${file}.`);
} else {
  console.log(
    `Re-encrypted ${count} issuer keys. Set KEY_ENCRYPTION_KEY to the new key before starting again:\n${next}`,
  );
}
