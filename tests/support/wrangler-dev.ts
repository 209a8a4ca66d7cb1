import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/token-signer.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';

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

/** The real worker under `wrangler dev`, and how to call it, watch it and stop it. */
export interface WranglerDev {
  /** Where it listens (its PUBLIC_URL too). */
  base: string;
  /** A JSON call, as `principal` when given (a bearer token from the worker's JWKS), with extra headers. */
  call(
    method: string,
    path: string,
    as?: Principal,
    body?: unknown,
    extra?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Everything wrangler and the worker printed so far. */
  output(): string;
  /** The process ids of the workerd processes serving the worker (for reading their CPU time). */
  workerdPids(): number[];
  stop(): Promise<void>;
}

/** The process ids under `pid` (its children, theirs, …), from /proc. */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/**
 * Starts the real worker as `npm run dev:workers` starts it: the script that migrates the local D1 and
 * loads the fixtures, then `wrangler dev` (bundled by wrangler from wrangler.toml, not by the test pool),
 * on its own persisted state, ports and keys. Only loopback is used; wrangler's failed attempt to fetch
 * Request.cf is harmless. Nothing of the developer's own wrangler state, registry or .dev.vars takes part.
 * @example const worker = await startWranglerDev(); await worker.call('GET', '/health'); await worker.stop();
 */
export async function startWranglerDev(): Promise<WranglerDev> {
  const state = mkdtempSync(join(tmpdir(), 'loopbrug-worker-'));
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_REGISTRY_PATH: join(state, 'registry'),
    WRANGLER_LOG_PATH: join(state, 'logs'),
  };
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] };
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
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const worker: ChildProcess = spawn(
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
  // wrangler starts workerd in its own process group: killing the group stops both.
  const kill = () => {
    if (worker.pid !== undefined && worker.exitCode === null && worker.signalCode === null) {
      try {
        process.kill(-worker.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', kill);
  const stop = async () => {
    process.removeListener('exit', kill);
    if (worker.pid !== undefined && worker.exitCode === null && worker.signalCode === null) {
      const gone = new Promise((resolve) => worker.once('exit', resolve));
      process.kill(-worker.pid, 'SIGTERM');
      const killed = setTimeout(kill, 10_000);
      await gone;
      clearTimeout(killed);
    }
    rmSync(state, { recursive: true, force: true });
  };

  const exited = new Promise<never>((_, reject) => {
    worker.once('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
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
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => {
    // Once ready, an exit is the caller's to notice (calls fail); not an unhandled rejection.
  });

  const call: WranglerDev['call'] = async (method, path, as, body, extra) => {
    const headers: Record<string, string> = { ...extra };
    if (as) headers.authorization = `Bearer ${await signToken(privateKey, kid, as, settings, '10m')}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  const workerdPids = () =>
    worker.pid === undefined
      ? []
      : descendantsOf(worker.pid).filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd';
          } catch {
            return false;
          }
        });
  return { base, call, output: () => output, workerdPids, stop };
}
