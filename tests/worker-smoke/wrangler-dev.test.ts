import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token-signer.js';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';

// The real worker as `npm run dev:workers` starts it: the script that migrates the local D1 and loads
// the fixtures, then `wrangler dev` (bundled by wrangler from wrangler.toml, not by the test pool), on
// its own persisted state, ports and keys. Only loopback is used; wrangler's failed attempt to fetch
// Request.cf is harmless.

const root = new URL('../../', import.meta.url).pathname;
const wrangler = join(createRequire(import.meta.url).resolve('wrangler/package.json'), '../bin/wrangler.js');
const settings = { issuer: 'loopbrug', audience: 'loopbrug' };
const kid = 'smoke';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

describe('the real worker under wrangler dev', () => {
  const state = mkdtempSync(join(tmpdir(), 'loopbrug-worker-smoke-'));
  // Nothing of the developer's own wrangler state, registry or .dev.vars takes part.
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_REGISTRY_PATH: join(state, 'registry'),
    WRANGLER_LOG_PATH: join(state, 'logs'),
  };
  let worker: ChildProcess | undefined;
  let output = '';
  let base = '';
  let tokenFor: (principal: Principal) => Promise<string> = async () => '';

  /** Stops wrangler and workerd, which it starts in the same process group. */
  const stop = () => {
    if (worker?.pid !== undefined && worker.exitCode === null && worker.signalCode === null) {
      try {
        process.kill(-worker.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', stop);

  const call = async (method: string, path: string, as?: Principal, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (as) headers.authorization = `Bearer ${await tokenFor(as)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] };
    tokenFor = (principal) => signToken(privateKey, kid, principal, settings, '10m');
    const envFile = join(state, 'smoke.env');
    writeFileSync(
      envFile,
      `JWKS='${JSON.stringify(jwks)}'\nKEY_ENCRYPTION_KEY='${randomKeyEncryptionKey()}'\n`,
    );
    const stateArgs = ['--persist-to', state, '--env-file', envFile];

    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/runtime/node/prepare-local-d1.ts'), ...stateArgs],
      { cwd: root, env },
    );

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = spawn(
      process.execPath,
      [
        wrangler,
        'dev',
        ...['--local', '--ip', '127.0.0.1', '--port', String(port)],
        ...['--inspector-port', String(await freePort())],
        ...['--var', `PUBLIC_URL:${base}`],
        ...stateArgs,
        '--show-interactive-dev-session=false',
      ],
      { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    worker.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    worker.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<never>((_, reject) => {
      worker?.once('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
    });
    const ready = (async () => {
      // Generous: wrangler bundles the worker and starts workerd, on a shared 2-core machine.
      const until = Date.now() + 150_000;
      while (Date.now() < until) {
        const health = await fetch(`${base}/health`).catch(() => undefined);
        if (health?.ok) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`wrangler dev did not answer /health within 150 s:\n${output}`);
    })();
    await Promise.race([ready, exited]);
  }, 240_000);

  afterAll(async () => {
    process.removeListener('exit', stop);
    if (worker?.pid !== undefined && worker.exitCode === null && worker.signalCode === null) {
      const gone = new Promise((resolve) => worker?.once('exit', resolve));
      process.kill(-worker.pid, 'SIGTERM');
      const killed = setTimeout(stop, 10_000);
      await gone;
      clearTimeout(killed);
    }
    rmSync(state, { recursive: true, force: true });
  }, 30_000);

  it('answers /health from its D1 database', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('serves the fixture catalog that `npm start` would have, to a bearer token from its JWKS', async () => {
    expect((await call('GET', '/modules?institution=han')).status).toBe(401);
    const modules = await call('GET', '/modules?institution=han', {
      sub: 'opleider-han',
      role: 'opleider',
      institution: 'han',
    });
    expect(modules.status, JSON.stringify(modules.body)).toBe(200);
    expect((modules.body.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('issues a credential and verifies it', async () => {
    const created = await call(
      'POST',
      '/institutions',
      { sub: 'admin-smoke', role: 'admin' },
      { id: 'smoke', name: 'Rooktest Hogeschool', kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The worker's PUBLIC_URL is where it listens (--var above).
    const urls = publicUrls(base);
    const issued = await call(
      'POST',
      '/credentials/issue',
      { sub: 'opleider-smoke', role: 'opleider', institution: 'smoke' },
      { credential: buildModuleCredential(sampleInput({ urls }, 'smoke')) },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const verifiableCredential = issued.body.verifiableCredential as { issuer: unknown };
    expect(verifiableCredential.issuer).toMatchObject({ id: urls.issuerDid('smoke') });

    const verified = await call('POST', '/credentials/verify', undefined, { verifiableCredential });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  });

  it('runs the owed-credential sweep on its cron trigger', async () => {
    // wrangler dev's way to fire a cron trigger; the worker logs what the sweep did.
    const fired = await fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`);
    expect(fired.status).toBe(200);
    await expect
      .poll(() => output, { timeout: 10_000 })
      .toMatch(/"message":"owed credentials swept","cron":"\*\/15 \* \* \* \*","issued":0/);
  });
});
