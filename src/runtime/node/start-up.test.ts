import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startNodeEntry } from '../../../tests/support/node-entry.js';
import { randomKeyEncryptionKey } from './key-encryption-key.js';

const root = new URL('../../../', import.meta.url).pathname;
const script = (name: string) => join(root, 'src/runtime/node', name);
const run = (name: string, env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--import', 'tsx', script(name)], { env, cwd: root, encoding: 'utf8' });

describe('npm start: listening first, PORT=0, owner-only files, and the keys it will not start without', () => {
  const parent = mkdtempSync(join(tmpdir(), 'loopbrug-up-'));
  const dataDir = join(parent, 'data');
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0' };
  let started: StartedServer;
  let output = '';
  let base = '';
  let port = '';

  beforeAll(async () => {
    started = await startNodeEntry(env, 'owed-credential sweep done');
    ({ base, port } = started);
    output = started.output();
  }, 100_000);

  afterAll(() => {
    started.server.kill();
    rmSync(parent, { recursive: true, force: true });
  });

  it('publishes DIDs and URLs with the port it got, and sweeps after it listens', async () => {
    expect(port).not.toBe('0');
    expect(output).toContain(`public URL http://localhost:${port}`);
    expect(output.indexOf('listening on')).toBeLessThan(output.indexOf('owed-credential sweep started'));
    const did = await (await fetch(`${base}/institutions/han/did.json`)).json();
    expect(did.id).toBe(`did:web:localhost%3A${port}:institutions:han`);
    // One JSON line per request, naming the route pattern.
    expect(started.output()).toMatch(/"message":"request".*"route":"\/institutions\/:id\/did.json"/);
  });

  it('serves Prometheus metrics on loopback only, apart from the public port', async () => {
    const metricsAt = /metrics\s+(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output)?.[1];
    expect(metricsAt).toBeDefined();
    const text = await (await fetch(`${metricsAt}/metrics`)).text();
    expect(text).toMatch(
      /loopbrug_http_requests_total\{method="GET",route="\/institutions\/:id\/did.json",status="200"\} 1/,
    );
    expect(text).toContain('loopbrug_credentials_total');
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
  });

  it('keeps the data owner-only and the development key-encryption key outside DATA_DIR', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['loopbrug.db', 'loopbrug.db-wal', 'loopbrug.db-shm', 'dev-token-keys.json'])
      expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    expect(existsSync(join(dataDir, 'dev-key-encryption-key'))).toBe(false);
    expect(statSync(join(`${dataDir}-secrets`, 'dev-key-encryption-key')).mode & 0o777).toBe(0o600);
  });

  it('rotates the key-encryption key with a command, then refuses to start with a wrong one or none', async () => {
    const token = /TOKEN=(\S+)/.exec(output)?.[1];
    const rotated = await fetch(`${base}/institutions/han/issuer-keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rotated.status).toBe(200);
    started.server.kill();
    await new Promise((done) => started.server.once('exit', done));

    const kekFile = join(`${dataDir}-secrets`, 'dev-key-encryption-key');
    const before = readFileSync(kekFile, 'utf8');
    const rotation = run('rotate-kek.ts', env);
    expect(rotation.stdout, rotation.stderr).toContain('Re-encrypted 1 issuer keys');
    expect(readFileSync(kekFile, 'utf8')).not.toBe(before);

    const wrong = run('main.ts', { ...env, KEY_ENCRYPTION_KEY: randomKeyEncryptionKey() });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/does not open issuer key z6Mk\w+ of instelling 'han'.*No key was made/);
    rmSync(kekFile);
    const none = run('main.ts', env);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('holds 1 issuer keys but there is no key-encryption key');
    expect(existsSync(kekFile)).toBe(false);
  }, 90_000);

  it('will not start in production mode without a real key set and an external key-encryption key', () => {
    const refused = run('main.ts', { ...env, LOOPBRUG_MODE: 'production', DATA_DIR: join(parent, 'prod') });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('set JWKS or JWKS_URL');
    expect(refused.stderr).toContain('set KEY_ENCRYPTION_KEY');
    expect(refused.stdout).not.toContain('TOKEN=');
    expect(existsSync(join(parent, 'prod'))).toBe(false);
    // The token command says the same: the dev keys are not what a production deployment trusts.
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', script('token-cli.ts'), '--role', 'admin'], {
        env: { ...env, LOOPBRUG_MODE: 'production' },
        cwd: root,
        stdio: 'pipe',
      }),
    ).toThrow();
  }, 60_000);
});
