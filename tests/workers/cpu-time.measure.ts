import { it } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { admin, opleider } from '../support/principals.js';
import { d1Target } from './d1-target.js';

// CPU time per issue and per verify on workerd (Workers bills CPU time), run by tests/bench/workers-cpu.bench.ts
// (not a test: cpu-time.config.ts runs this file alone).
// workerd's clock moves only at I/O, so a request timed from the caller's side, one at a time, is the
// worker's CPU time plus the dispatch and D1 I/O of that request; /health one at a time is the part that
// is not the credential's work. On a shared machine these are upper bounds: wall time, not CPU time.
const N = 30;

it('CPU time per issue and per verify', async () => {
  const t = d1Target();
  await t.call('POST', '/institutions', {
    as: admin,
    body: { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
  });
  const han = opleider('han');
  const unsigned = buildModuleCredential(sampleInput(t.deps, 'han'));
  const issue = () =>
    t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: { ...unsigned, id: `urn:uuid:${crypto.randomUUID()}` } },
    });
  const first = await issue();
  if (first.status !== 201) throw new Error(`issue: ${first.status} ${first.text}`);
  const verifiableCredential = first.body.verifiableCredential;
  const verify = () => t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const health = () => t.call('GET', '/health');
  const time = async (call: () => Promise<{ status: number }>) => {
    for (let i = 0; i < 5; i++) await call();
    const samples: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const res = await call();
      samples.push(performance.now() - t0);
      if (res.status >= 300) throw new Error(`status ${res.status}`);
    }
    samples.sort((a, b) => a - b);
    return { p50: samples[Math.floor(N / 2)] ?? 0, mean: samples.reduce((s, x) => s + x, 0) / N };
  };
  const base = await time(health);
  const issued = await time(issue);
  const verified = await time(verify);
  const row = (name: string, m: { p50: number; mean: number }) =>
    `${name.padEnd(34)} p50 ${m.p50.toFixed(1).padStart(6)} ms, mean ${m.mean.toFixed(1).padStart(6)} ms, less /health ${(m.p50 - base.p50).toFixed(1).padStart(6)} ms`;
  console.log(
    [
      `workerd (vitest-pool-workers, local D1), ${N} requests each, one at a time:`,
      row('GET /health', base),
      row('POST /credentials/issue', issued),
      row('POST /credentials/verify', verified),
    ].join('\n'),
  );
}, 600_000);
