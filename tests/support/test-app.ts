import { exportJWK, generateKeyPair } from 'jose';
import { type AppDeps, createApp } from '../../src/app/create-app.js';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token-signer.js';
import { createTokenVerifier } from '../../src/auth/token-verifier.js';
import { openSqliteDatabase } from '../../src/db/sqlite-database.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { jsonLogger } from '../../src/kernel/logger.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };

export interface CallOptions {
  as?: Principal;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The real app on a fresh in-memory SQLite database with a test signing key, and a helper that
 * calls it in-process the way an HTTP client would.
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
    now: () => new Date('2026-11-22T09:00:00.000Z'),
    newId: () => crypto.randomUUID(),
    urls: publicUrls(publicUrl),
    log: jsonLogger(),
    keyEncryptionKey,
    maxBodyBytes: 100_000,
    ...overrides,
  };
  const app = createApp(deps);
  const tokenFor = (principal: Principal) => signToken(privateKey, kid, principal, settings);

  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await tokenFor(options.as)}`;
    if (options.body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    const json = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, body: json, text };
  }

  /** Row counts of every table, to prove a failed request wrote nothing. */
  function rowCounts(): Record<string, number> {
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
      ]),
    );
  }

  return { app, db, deps, call, tokenFor, rowCounts };
}

export const admin: Principal = { sub: 'beheer', role: 'admin' };
export const opleider = (institution: string, sub = `opleider-${institution}`): Principal => ({
  sub,
  role: 'opleider',
  institution,
});
export const werkgever = (employer: string, sub = `hr-${employer}`): Principal => ({
  sub,
  role: 'werkgever',
  employer,
});
