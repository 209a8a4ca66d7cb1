import { createExecutionContext, env, SELF } from 'cloudflare:test';
import type { D1Database } from '@cloudflare/workers-types';
import { importJWK, type JWK } from 'jose';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token-signer.js';
import worker from '../../src/runtime/workers/worker.js';
import { workerDeps } from '../../src/runtime/workers/worker-deps.js';
import {
  httpCaller,
  rowCountsSql,
  type Send,
  TABLES_SQL,
  type TargetKind,
  type TestTarget,
} from '../support/target.js';

// Any origin does: the worker builds its public URLs from PUBLIC_URL, not from the request.
const ORIGIN = 'http://loopbrug.test';
const jwk = JSON.parse(env.TEST_PRIVATE_JWK) as JWK;
const privateKey = importJWK(jwk, 'EdDSA');

/** A bearer token for the principal, signed with this run's test key (the worker's JWKS holds its public half). */
const tokenFor = async (principal: Principal) =>
  signToken(await privateKey, jwk.kid ?? '', principal, { issuer: 'loopbrug', audience: 'loopbrug' });

/**
 * The worker under test on this test file's D1 (storage is isolated per file): requests go to SELF, the
 * worker as the pool runs it; `deps` are the worker's own (workerDeps on the same bindings), so fixtures
 * loaded and keys made through them are what the worker reads. With `served`, the worker answers on that
 * database instead (a D1 that races or fails on purpose, see racing-d1.ts), on a fresh env object so it
 * builds a fresh app; lookups still read the real D1.
 * @example const t = d1Target(); await t.call('GET', '/health');
 */
export function d1Target(served?: D1Database): TestTarget {
  const bindings = served ? { ...env, DB: served } : env;
  const send: Send = served
    ? (path, init) => worker.fetch(new Request(ORIGIN + path, init), bindings, createExecutionContext())
    : (path, init) => SELF.fetch(ORIGIN + path, init);
  const query = async <T>(sql: string, ...params: unknown[]) =>
    (
      await env.DB.prepare(sql)
        .bind(...params)
        .all<T>()
    ).results;
  return {
    name: 'd1',
    deps: workerDeps(env),
    call: httpCaller(send, tokenFor),
    tokenFor,
    query,
    async rowCounts() {
      const tables = await query<{ name: string }>(TABLES_SQL);
      const [counts] = await query<Record<string, number>>(rowCountsSql(tables.map(({ name }) => name)));
      return counts ?? {};
    },
  };
}

/**
 * workerd with D1, for a shared suite: `open()` gives the worker on this file's D1, which every open
 * in the file shares; the fixtures come from the TEST_FIXTURES binding (vitest.workers.config.ts).
 * @example scenariosSuite(d1);
 */
export const d1: TargetKind = {
  name: 'd1',
  open: async () => d1Target(),
  fixtures: () => env.TEST_FIXTURES,
};
