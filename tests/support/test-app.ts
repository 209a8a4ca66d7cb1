import { exportJWK, generateKeyPair } from 'jose';
import { createApp } from '../../src/app/create-app.js';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token-signer.js';
import { createTokenVerifier } from '../../src/auth/token-verifier.js';
import { openSqliteDatabase } from '../../src/db/sqlite-database.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import type { AppDeps } from '../../src/http/app-env.js';
import { publications } from '../../src/issuance/index.js';
import { jsonLogger } from '../../src/kernel/logger.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { guardedFetcher } from '../../src/outbound/index.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';
import {
  httpCaller,
  rowCountsSql,
  TABLES_SQL,
  type TargetKind,
  TEST_NOW,
  type TestTarget,
} from './target.js';

export { admin, opleider, werkgever } from './principals.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };

/**
 * The guarded fetcher of a test app that reaches no network: a DID or status list of another issuer
 * fails closed, naming the URL. tests/support/deployments.ts passes one that reaches real servers.
 */
const offline = guardedFetcher({
  allowPrivateNetwork: false,
  transport: async () => {
    throw new Error('this test app reaches no network');
  },
});

/**
 * The real app on a fresh in-memory SQLite database with a test signing key and the clock at
 * TEST_NOW, and a helper that calls it in-process the way an HTTP client would. `target` is the same
 * app as a TestTarget, for the suites shared with the Workers runtime.
 * @example const t = await startTestApp(); await t.call('GET', '/health');
 */
export async function startTestApp(overrides: Partial<AppDeps> = {}) {
  const db = openSqliteDatabase(':memory:');
  applyMigrations(db.sqlite);
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = 'test-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] };
  const publicUrl = 'http://localhost:8787';
  const keyEncryptionKey = randomKeyEncryptionKey();
  const deps: AppDeps = {
    db,
    verifyToken: createTokenVerifier(jwks, settings),
    now: () => new Date(TEST_NOW),
    newId: () => crypto.randomUUID(),
    urls: publicUrls(publicUrl),
    log: jsonLogger(),
    keyEncryptionKey,
    published: publications,
    fetchJson: offline,
    maxBodyBytes: 100_000,
    ...overrides,
  };
  const app = createApp(deps);
  const tokenFor = (principal: Principal) => signToken(privateKey, kid, principal, settings);
  const call = httpCaller((path, init) => app.request(path, init), tokenFor);
  const rows = <T>(sql: string, ...params: unknown[]) => db.sqlite.prepare(sql).all(...params) as T[];

  /** Row counts of every table, to prove a failed request wrote nothing. */
  function rowCounts(): Record<string, number> {
    const tables = rows<{ name: string }>(TABLES_SQL).map(({ name }) => name);
    return db.sqlite.prepare(rowCountsSql(tables)).get() as Record<string, number>;
  }

  const target: TestTarget = {
    name: 'sqlite',
    deps,
    call,
    tokenFor,
    query: async (sql, ...params) => rows(sql, ...params),
    rowCounts: async () => rowCounts(),
  };
  return { app, db, deps, call, tokenFor, rowCounts, target };
}

/**
 * Node with SQLite, for a shared suite: a fresh app per `open()`, the fixtures read from disk.
 * @example scenariosSuite(sqlite);
 */
export const sqlite: TargetKind = {
  name: 'sqlite',
  open: async () => (await startTestApp()).target,
  fixtures: () => readFixtureFiles(),
};
