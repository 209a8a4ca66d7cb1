// CPU time per issue and per verify on workerd (issue 14; Workers bills CPU time). The real worker runs
// under `wrangler dev` (tests/support/wrangler-dev.ts) with its local D1; the CPU time its workerd
// processes used is read from /proc (user + system) before and after N requests sent one at a time, so
// what is reported is CPU time, not wall time. It includes what workerd spends on HTTP and on the local
// D1 (in production D1 runs elsewhere and its time is not billed), so it is an upper bound of the
// billed figure. Its baseline in the same run is /health, measured the same way: what workerd spends on
// any request. BENCH_REQUESTS (default 200) per request kind.
import { readFileSync } from 'node:fs';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { startWranglerDev } from '../support/wrangler-dev.js';
import { machine } from './support/report.js';

const N = Number(process.env.BENCH_REQUESTS ?? 200);
const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the processes have used so far. */
const cpuSeconds = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  }, 0);

console.log(`workerd CPU time — ${machine()}`);
const worker = await startWranglerDev();
try {
  const pids = worker.workerdPids();
  if (pids.length === 0) throw new Error('no workerd process found under wrangler dev');
  const admin = { sub: 'admin-bench', role: 'admin' as const };
  const opleider = { sub: 'opleider-bench', role: 'opleider' as const, institution: 'bench' };
  const created = await worker.call('POST', '/institutions', admin, {
    id: 'bench',
    name: 'Benchmark Hogeschool',
    kind: 'hbo',
    qualityAssurance: 'NVAO-accreditatie',
  });
  if (created.status !== 201)
    throw new Error(`institution: ${created.status} ${JSON.stringify(created.body)}`);
  const unsigned = buildModuleCredential(sampleInput({ urls: publicUrls(worker.base) }, 'bench'));
  const issue = () =>
    worker.call('POST', '/credentials/issue', opleider, {
      credential: { ...unsigned, id: `urn:uuid:${crypto.randomUUID()}` },
    });
  const first = await issue();
  if (first.status !== 201) throw new Error(`issue: ${first.status} ${JSON.stringify(first.body)}`);
  const { verifiableCredential } = first.body;
  // Anyone may verify, 60 a minute per client address (`cf-connecting-ip`, wrangler.toml): each request
  // comes as another client, as it would from many verifiers.
  let client = 0;
  const verify = () =>
    worker.call(
      'POST',
      '/credentials/verify',
      undefined,
      { verifiableCredential },
      {
        'cf-connecting-ip': `10.0.${Math.floor(++client / 250)}.${client % 250}`,
      },
    );
  const health = () => worker.call('GET', '/health');

  /** CPU ms per request of workerd, and wall ms per request, over N requests one at a time. */
  const measure = async (call: () => Promise<{ status: number }>) => {
    for (let i = 0; i < 20; i++) await call(); // warm-up
    const cpu0 = cpuSeconds(pids);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const { status } = await call();
      if (status >= 300) throw new Error(`status ${status}`);
    }
    const wall = (performance.now() - t0) / N;
    return { cpu: ((cpuSeconds(pids) - cpu0) * 1000) / N, wall };
  };
  const rows = [];
  for (const [name, call] of [
    ['GET /health', health],
    ['POST /credentials/issue', issue],
    ['POST /credentials/verify', verify],
  ] as const) {
    const { cpu, wall } = await measure(call);
    rows.push({
      request: name,
      'workerd CPU ms/request': Number(cpu.toFixed(2)),
      'wall ms/request': Number(wall.toFixed(2)),
    });
  }
  console.log(
    `wrangler dev (local D1), ${N} requests each, one at a time; CPU time of ${pids.length} workerd process(es) from /proc`,
  );
  console.table(rows);
} finally {
  await worker.stop();
}
