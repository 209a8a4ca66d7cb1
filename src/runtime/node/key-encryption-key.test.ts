import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../db/sqlite-database.js';
import { applyMigrations } from '../../db/sqlite-migrator.js';
import { checkKeyEncryptionKey, rotateKeyEncryptionKey } from '../../issuance/index.js';
import { ensureIssuerKey, signingKey } from '../../issuance/issuer-keys.js';
import { systemActor } from '../../kernel/audit.js';
import { publicUrls } from '../../kernel/urls.js';
import { productionProblems, readConfig } from '../config.js';
import { keyEncryptionKeyFor, randomKeyEncryptionKey } from './key-encryption-key.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the key-encryption key and the data files on Node', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopbrug-kek-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A database file with HAN and its first issuer key, encrypted under `kek`. */
  const databaseWithKey = async (dir: string, kek: string) => {
    const db = openSqliteDatabase(join(dir, 'loopbrug.db'));
    applyMigrations(db.sqlite);
    db.sqlite
      .prepare(
        "INSERT INTO institution (id, name, kind, country, quality_assurance, created_at, updated_at) VALUES ('han', 'HAN', 'hbo', 'NL', 'NVAO', '2026-01-01', '2026-01-01')",
      )
      .run();
    const deps = {
      db,
      keyEncryptionKey: kek,
      now: () => new Date(),
      newId: () => crypto.randomUUID(),
      urls: publicUrls('http://localhost:8787'),
    };
    await ensureIssuerKey(deps, 'han');
    return deps;
  };

  it('keeps the development key outside DATA_DIR, owner-only, and moves one an earlier version left there', () => {
    const root = tempDir();
    const config = readConfig({ DATA_DIR: join(root, 'data') });
    expect(config.secretsDir).toBe(join(root, 'data-secrets'));
    const key = keyEncryptionKeyFor(config, 0);
    const file = join(root, 'data-secrets', 'dev-key-encryption-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(key);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(root, 'data-secrets'))).toBe(0o700);
    expect(existsSync(join(root, 'data', 'dev-key-encryption-key'))).toBe(false);

    const other = tempDir();
    const old = readConfig({ DATA_DIR: other });
    const earlier = randomKeyEncryptionKey();
    writeFileSync(join(other, 'dev-key-encryption-key'), `${earlier}\n`, { mode: 0o600 });
    expect(keyEncryptionKeyFor(old, 3)).toBe(earlier);
    expect(existsSync(join(other, 'dev-key-encryption-key'))).toBe(false);
  });

  it('never makes a new key for a database that holds issuer keys, and production mode never makes one', () => {
    const dir = tempDir();
    expect(() => keyEncryptionKeyFor(readConfig({ DATA_DIR: dir }), 2)).toThrow(
      /holds 2 issuer keys but there is no key-encryption key.*No new key was made/,
    );
    expect(existsSync(join(`${dir}-secrets`, 'dev-key-encryption-key'))).toBe(false);
    const production = readConfig({ DATA_DIR: dir, LOOPBRUG_MODE: 'production' });
    expect(() => keyEncryptionKeyFor(production, 0)).toThrow(/production mode needs KEY_ENCRYPTION_KEY/);
    expect(productionProblems(production)).toEqual([
      expect.stringMatching(/^set JWKS or JWKS_URL/),
      expect.stringMatching(/^set KEY_ENCRYPTION_KEY/),
    ]);
    const file = join(dir, 'kek');
    writeFileSync(file, randomKeyEncryptionKey());
    const given = readConfig({
      LOOPBRUG_MODE: 'production',
      JWKS: '{"keys":[]}',
      KEY_ENCRYPTION_KEY_FILE: file,
    });
    expect(productionProblems(given)).toEqual([]);
    expect(keyEncryptionKeyFor(given, 5)).toBe(readFileSync(file, 'utf8'));
  });

  it('refuses a wrong key-encryption key for the keys stored, naming the key it cannot open', async () => {
    const kek = randomKeyEncryptionKey();
    const deps = await databaseWithKey(tempDir(), kek);
    expect(await checkKeyEncryptionKey(deps)).toBe(1);
    await expect(
      checkKeyEncryptionKey({ ...deps, keyEncryptionKey: randomKeyEncryptionKey() }),
    ).rejects.toThrow(/does not open issuer key z6Mk\w+ of instelling 'han'/);
  });

  it('rotates the key-encryption key: every issuer key re-encrypted in one transaction, audited', async () => {
    const kek = randomKeyEncryptionKey();
    const deps = await databaseWithKey(tempDir(), kek);
    const before = await signingKey(deps, 'han');
    const next = randomKeyEncryptionKey();
    expect(await rotateKeyEncryptionKey(deps, systemActor('rotate-kek'), next)).toBe(1);
    await expect(checkKeyEncryptionKey(deps)).rejects.toThrow(/does not open/);
    const rotated = { ...deps, keyEncryptionKey: next };
    expect(await checkKeyEncryptionKey(rotated)).toBe(1);
    expect((await signingKey(rotated, 'han')).key).toEqual(before.key);
    const audit = deps.db.sqlite
      .prepare("SELECT actor FROM audit_event WHERE action = 'key-encryption-key.rotated'")
      .all();
    expect(audit).toEqual([{ actor: 'system:rotate-kek' }]);
    // A wrong current key changes nothing.
    await expect(
      rotateKeyEncryptionKey({ ...deps, keyEncryptionKey: randomKeyEncryptionKey() }, systemActor('x'), kek),
    ).rejects.toThrow(/does not open/);
    expect(await checkKeyEncryptionKey(rotated)).toBe(1);
  });

  it('makes the database, its WAL and SHM owner-only, also when they were readable before', async () => {
    const dir = tempDir();
    const path = join(dir, 'loopbrug.db');
    writeFileSync(path, '', { mode: 0o644 });
    const db = openSqliteDatabase(path);
    applyMigrations(db.sqlite);
    expect(db.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600);
    db.sqlite.close();
  });
});
