// The load test of issue 13: the real server (`npm start`'s entry, in its own process, on a fresh data
// directory, with the rate limiter on) on loopback only, for a bounded time. Two phases:
//   1. a mix of catalog reads, issues and verifies from 8 connections;
//   2. a verify flood from 32 connections, while /health is asked every 20 ms.
// It reports requests, answers by status, 5xx (must be 0), p50/p99, and /health's p99 during the flood,
// and fails when any 5xx was seen. `npm run bench hardening`; LOAD_SECONDS (default 5) per phase; the
// server's own RATE_LIMIT_PER_MINUTE (default 60 per client and endpoint group) unless set.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';

const seconds = Number(process.env.LOAD_SECONDS ?? '5');
const root = new URL('../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'loopbrug-load-'));

interface Tally {
  name: string;
  latencies: number[];
  statuses: Map<number, number>;
}
const tally = (name: string): Tally => ({ name, latencies: [], statuses: new Map() });
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function timed(into: Tally, request: () => Promise<Response>): Promise<void> {
  const t0 = performance.now();
  let status: number;
  try {
    const res = await request();
    await res.arrayBuffer();
    status = res.status;
  } catch {
    status = 599; // the connection failed: counted as a server error
  }
  into.latencies.push(performance.now() - t0);
  into.statuses.set(status, (into.statuses.get(status) ?? 0) + 1);
}

/** Loops from `connections` at once until the phase's time is up. */
async function phase(connections: number, step: (i: number) => Promise<void>): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await step(i++);
    }),
  );
}

function report(tallies: Tally[]): number {
  let serverErrors = 0;
  const rows = tallies.map((t) => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    const fives = [...t.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    serverErrors += fives;
    return {
      requests: t.latencies.length,
      statuses: Object.fromEntries([...t.statuses].sort(([a], [b]) => a - b)),
      '5xx': fives,
      p50ms: Number(percentile(sorted, 0.5).toFixed(1)),
      p99ms: Number(percentile(sorted, 0.99).toFixed(1)),
      name: t.name,
    };
  });
  console.table(
    Object.fromEntries(
      rows.map(({ name, ...row }) => [name, { ...row, statuses: JSON.stringify(row.statuses) }]),
    ),
  );
  return serverErrors;
}

async function startServer(): Promise<{ server: ChildProcess; base: string; token: string }> {
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/runtime/node/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 120 s:\n${output}`)),
      120_000,
    );
    server.stdout?.on('data', (chunk) => {
      output += chunk;
      const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      const token = /TOKEN=(\S+)/.exec(output)?.[1];
      if (port && token && output.includes('owed-credential sweep done')) {
        clearTimeout(timer);
        // Its request log goes nowhere from now on: the load would fill the terminal.
        server.stdout?.removeAllListeners('data');
        server.stdout?.resume();
        resolve({ server, base: `http://127.0.0.1:${port}`, token });
      }
    });
  });
}

const { server, base, token } = await startServer();
try {
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const urls = publicUrls(`http://localhost:${new URL(base).port}`);
  const issue = () =>
    fetch(`${base}/credentials/issue`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ credential: buildModuleCredential(sampleInput({ urls }, 'han')) }),
    });
  const issued = await issue();
  const credential = ((await issued.json()) as { verifiableCredential: unknown }).verifiableCredential;
  const verifyBody = JSON.stringify({ verifiableCredential: credential });
  const verify = () =>
    fetch(`${base}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: verifyBody,
    });

  console.log(`Phase 1: a mix of reads, issues and verifies, 8 connections, ${seconds} s`);
  const reads = tally('GET /modules?institution=han');
  const issues = tally('POST /credentials/issue');
  const verifies = tally('POST /credentials/verify');
  await phase(8, (i) =>
    i % 10 < 6
      ? timed(reads, () => fetch(`${base}/modules?institution=han`, { headers: auth }))
      : i % 10 < 8
        ? timed(issues, issue)
        : timed(verifies, verify),
  );
  const mixed = report([reads, issues, verifies]);

  console.log(`\nPhase 2: a verify flood from 32 connections, /health every 20 ms, ${seconds} s`);
  const flood = tally('POST /credentials/verify (flood)');
  const health = tally('GET /health during the flood');
  let flooding = true;
  const probe = (async () => {
    while (flooding) {
      await timed(health, () => fetch(`${base}/health`));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await phase(32, () => timed(flood, verify));
  flooding = false;
  await probe;
  const flooded = report([flood, health]);

  const errors = mixed + flooded;
  console.log(errors === 0 ? '\n0 server errors.' : `\n${errors} server errors: that is a failure.`);
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  server.kill();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-secrets`, { recursive: true, force: true });
}
