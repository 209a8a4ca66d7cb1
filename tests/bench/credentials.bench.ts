// Credentials benchmark (issue 4): module credentials signed and verified by the raw @digitalbazaar
// calls (through vc-library.ts) next to the service's functions in-process, and POST /credentials/issue
// and /credentials/verify over loopback HTTP next to the same library calls behind bare Hono, in turns
// in the same run; a cohort of sign-offs issued in one batch and verified; verification with a
// status check when credentials carry one. BENCH_SECONDS (per measurement), BENCH_COHORT (learners).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  canonize,
  type JsonObject,
  signCredential,
  signDataIntegrity,
  verifyProofs,
} from '../../src/credentials/index.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { issueOwedModuleCredentials, signerFor } from '../../src/issuance/index.js';
import { rotateIssuerKey } from '../../src/issuance/issuer-keys.js';
import { runReissueJob, startReissueJob } from '../../src/issuance/reissue-jobs.js';
import type { LogFields } from '../../src/kernel/logger.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';
import { defaultProofThreads, proofPool } from '../../src/runtime/node/proof-pool.js';
import { verifyCredential } from '../../src/verification/index.js';
import { startChildServer } from './support/child-server.js';
import { credentialsBenchApp, newSharedKeys } from './support/credentials-app.js';
import { memoisedLoader } from './support/credentials-bare.js';
import { generateCohort } from './support/credentials-cohort.js';
import { interleaved, sequential, summarise, type Timing } from './support/credentials-measure.js';
import { generateCatalog } from './support/generate-catalog.js';
import { load } from './support/load.js';
import { machine } from './support/report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COHORT = Number(process.env.BENCH_COHORT ?? 1000);
const TARGET = 0.15;
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'loopbrug-credentials-'));
const databasePath = join(dir, 'bench.db');
const keys = await newSharedKeys(randomKeyEncryptionKey());
const { app, deps, db, token } = await credentialsBenchApp(databasePath, keys);
applyMigrations(db.sqlite);
await generateCatalog(deps, { modules: 1, competencies: 1 });
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`);

// ---------------------------------------------------------------------------------------------
// 1. In-process: the raw library next to the service's functions, one call at a time, in turns.

const loader = memoisedLoader(deps);
const { key } = await signerFor(deps, 'bench'); // made here, stored encrypted: the server child uses it too
const credential = buildModuleCredential(sampleInput(deps, 'bench'));
const fresh = (): JsonObject => ({ ...credential, id: `urn:uuid:${crypto.randomUUID()}` });
const rawSign = () =>
  signDataIntegrity({
    credential: fresh(),
    keyId: key.keyId,
    key: key.key,
    documentLoader: loader,
    now: new Date(),
  });
const rawSigned = await rawSign();
const inProcess = await interleaved(
  {
    librarySign: async () => void (await rawSign()),
    serviceSign: async () => void (await signCredential(await signerFor(deps, 'bench'), fresh())),
    libraryVerify: async () =>
      (await verifyProofs({ credential: rawSigned, documentLoader: loader, at: new Date() })).verified,
    serviceVerify: async () => (await verifyCredential(deps, rawSigned)).verified,
    canonize: async () => void (await canonize(credential, loader)),
  },
  { seconds: SECONDS * 2 },
);
inProcess.librarySign.name = 'library: vc.issue (eddsa-rdfc-2022)';
inProcess.serviceSign.name = 'service: signCredential() in-process';
inProcess.libraryVerify.name = 'library: every proof verified (jsonld-signatures suites)';
inProcess.serviceVerify.name = 'service: verifyCredential() in-process (all five checks)';
inProcess.canonize.name = 'library: canonize alone (RDFC-1.0)';
log('in-process measured');

// ---------------------------------------------------------------------------------------------
// 2. Over loopback HTTP: the real app, and the bare baseline, in a child process, in turns.

/** A server child: the app (with PROOF_THREADS proof threads; 0: inline) and the bare baseline beside it. */
async function startServers(threads?: number) {
  const { child, ready: ports } = await startChildServer<{ ours: number; bare: number; token: string }>(
    join(import.meta.dirname, 'support', 'credentials-server.ts'),
    [databasePath, JSON.stringify({ sub: 'bench', role: 'opleider', institution: 'bench' })],
    {
      BENCH_KEYS: JSON.stringify(keys),
      ...(threads === undefined ? {} : { PROOF_THREADS: String(threads) }),
    },
  );
  return { child, ports };
}
const { child, ports } = await startServers();
const inlineServer = await startServers(0);

/** The single-process signer: the libraries as published, behind bare Hono, in a process of its own. */
async function startPublishedSigner() {
  const documents: Record<string, Awaited<ReturnType<typeof loader>>> = {};
  for (const url of [key.keyId, key.controller]) documents[url] = await loader(url);
  const { child: signer, ready: started } = await startChildServer<{ port: number; copiedBy: string }>(
    join(import.meta.dirname, 'support', 'published-signer.ts'),
    [],
    {
      BENCH_SIGNER: JSON.stringify({
        keyId: key.keyId,
        key: key.key,
        publicUrl: deps.urls.base,
        documents,
        databasePath: `${databasePath}.published`,
        synchronous: Number(db.sqlite.pragma('synchronous', { simple: true })),
      }),
    },
  );
  if (started.copiedBy !== '_cloneActiveContext')
    throw new Error(`the published signer does not run jsonld.js as published (${started.copiedBy})`);
  return { signer, port: started.port };
}
const published = await startPublishedSigner();
const ID = 'urn:uuid:00000000-0000-4000-8000-000000000000';
const issueTemplate = JSON.stringify({ credential: { ...credential, id: ID } });
const jwtIssueTemplate = JSON.stringify({
  credential: { ...credential, id: ID },
  options: { format: 'vc+jwt' },
});
const post = (port: number, path: string, body: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ports.token}` },
    body,
  });
const answered = (status: number) => async (response: Promise<Response>) => {
  const res = await response;
  await res.arrayBuffer();
  return res.status === status;
};
const issueBody = (template: string) => template.replace(ID, `urn:uuid:${crypto.randomUUID()}`);
const firstIssued = await post(ports.ours, '/credentials/issue', issueBody(issueTemplate));
if (firstIssued.status !== 201) throw new Error(`issue: ${firstIssued.status} ${await firstIssued.text()}`);
const verifyBody = JSON.stringify((await firstIssued.json()) as { verifiableCredential: JsonObject });
const jwtIssued = await post(ports.ours, '/credentials/issue', issueBody(jwtIssueTemplate));
if (jwtIssued.status !== 201) throw new Error(`issue vc+jwt: ${jwtIssued.status} ${await jwtIssued.text()}`);
const jwtVerifyBody = JSON.stringify(await jwtIssued.json());

const overHttp = await interleaved(
  {
    bareIssue: () => answered(201)(post(ports.bare, '/credentials/issue', issueBody(issueTemplate))),
    serviceIssue: () => answered(201)(post(ports.ours, '/credentials/issue', issueBody(issueTemplate))),
    bareVerify: () => answered(200)(post(ports.bare, '/credentials/verify', verifyBody)),
    serviceVerify: () => answered(200)(post(ports.ours, '/credentials/verify', verifyBody)),
  },
  { seconds: SECONDS * 2 },
);
overHttp.bareIssue.name = 'bare Hono + library + SQLite insert: POST issue';
overHttp.serviceIssue.name = 'service: POST /credentials/issue';
overHttp.bareVerify.name = 'bare Hono + library: POST verify';
overHttp.serviceVerify.name = 'service: POST /credentials/verify';
const jwt = await interleaved(
  {
    issue: () => answered(201)(post(ports.ours, '/credentials/issue', issueBody(jwtIssueTemplate))),
    verify: () => answered(200)(post(ports.ours, '/credentials/verify', jwtVerifyBody)),
  },
  { seconds: SECONDS },
);
jwt.issue.name = 'service: POST /credentials/issue vc+jwt';
jwt.verify.name = 'service: POST /credentials/verify vc+jwt';
const concurrent: Record<string, Awaited<ReturnType<typeof load>>> = {};
for (const [name, request] of [
  [
    'POST /credentials/issue, 4 concurrent',
    () => post(ports.ours, '/credentials/issue', issueBody(issueTemplate)),
  ],
  ['POST /credentials/verify, 4 concurrent', () => post(ports.ours, '/credentials/verify', verifyBody)],
] as const) {
  await load('warm-up', request, { connections: 4, seconds: 0.5 });
  concurrent[name] = await load(name, request, { connections: 4, seconds: SECONDS });
}
log('HTTP measured');

// ---------------------------------------------------------------------------------------------
// 2b. Eight connections (issue 14): the single-process signer (the libraries as published behind bare
// Hono, one thread, its own process) next to the same bare route on the libraries as we load them
// (jsonld-active-context.ts), the service inline (PROOF_THREADS=0) and with its pool of proof threads,
// in turns, two rounds; and /health, one request at a time, while verify is flooded.

const CONNECTIONS = 8;
const eight: Record<string, Awaited<ReturnType<typeof load>>[]> = {};
const health: Record<string, Awaited<ReturnType<typeof load>>[]> = {};
const targets = [
  ['single-process signer (published libraries, bare Hono)', published.port],
  ['bare Hono + libraries as we load them, one thread', ports.bare],
  ['service, inline (PROOF_THREADS=0)', inlineServer.ports.ours],
  [`service, pool of ${defaultProofThreads()} proof threads`, ports.ours],
] as const;
for (let round = 0; round < 2; round++)
  for (const [op, path, body, status] of [
    ['issue', '/credentials/issue', () => issueBody(issueTemplate), 201],
    ['verify', '/credentials/verify', () => verifyBody, 200],
  ] as const)
    for (const [name, port] of targets) {
      const request = () => post(port, path, body());
      await load('warm-up', request, { connections: CONNECTIONS, seconds: 0.5 });
      const measured = await load(`${op}: ${name}`, request, { connections: CONNECTIONS, seconds: SECONDS });
      if (measured.failures > 0)
        throw new Error(`${measured.name}: ${measured.failures} failures (${status})`);
      eight[measured.name] = [...(eight[measured.name] ?? []), measured];
    }
for (const [name, port] of targets.slice(2)) {
  const flood = load('flood', () => post(port, '/credentials/verify', verifyBody), {
    connections: CONNECTIONS,
    seconds: SECONDS,
  });
  const probe = load(
    `/health while verify is flooded: ${name}`,
    () => fetch(`http://127.0.0.1:${port}/health`),
    {
      connections: 1,
      seconds: SECONDS,
    },
  );
  const [, probed] = await Promise.all([flood, probe]);
  health[probed.name] = [...(health[probed.name] ?? []), probed];
}
child.kill();
inlineServer.child.kill();
published.signer.kill();
log('8 connections measured');

// ---------------------------------------------------------------------------------------------
// 3. A cohort: every learner's single-outcome module signed off, issued in one batch, verified.

await generateCohort(deps, app, token, {
  size: COHORT,
  onProgress: (n) => n % 250 === 0 && log(`cohort: ${n} learners signed off`),
});
log(`cohort of ${COHORT} ready`);
// The pool as a server has it when a cohort comes due: started at boot, each thread having loaded the
// credential libraries and signed a credential or two. Its start is timed apart: once per process.
const p0 = performance.now();
const pool = proofPool({ size: defaultProofThreads(), log: { error() {}, warn() {}, info() {} } });
const pooled = { ...deps, proofWork: pool };
await Promise.all(
  Array.from({ length: pool.size * 2 }, async () =>
    signCredential(await signerFor(pooled, 'bench'), fresh()),
  ),
);
const poolStartSeconds = (performance.now() - p0) / 1000;
const t0 = performance.now();
// When the first tenth was done, from the progress line the job logs (it reads nothing more for it):
// what the cold code paths cost shows there (V8 compiles the issuing path on the main thread and
// jsonld.js in each proof thread).
let firstTenth: { done: number; seconds: number } | undefined;
const issuedCount = await issueOwedModuleCredentials({
  ...pooled,
  log: {
    ...pooled.log,
    info(message: string, fields?: LogFields) {
      if (!firstTenth && message === 'issuance job progress' && typeof fields?.done === 'number')
        firstTenth = { done: fields.done, seconds: (performance.now() - t0) / 1000 };
    },
  },
});
const issueSeconds = (performance.now() - t0) / 1000;
const documents = (
  db.sqlite.prepare('SELECT document FROM credential WHERE route_id IS NOT NULL').all() as {
    document: string;
  }[]
).map((row) => JSON.parse(row.document) as JsonObject);
const cohortLatencies: number[] = [];
let cohortFailures = 0;
let firstFailure: unknown;
const v0 = performance.now();
for (const document of documents) {
  const t = performance.now();
  const result = await verifyCredential(deps, document);
  cohortLatencies.push(performance.now() - t);
  if (!result.verified) {
    cohortFailures++;
    firstFailure ??= result.checks.filter((c) => !c.ok);
  }
}
const cohortVerify = summarise(
  'cohort: verifyCredential() each',
  cohortLatencies,
  (performance.now() - v0) / 1000,
  cohortFailures,
);
log('cohort issued and verified');

// The same cohort reissued after the issuer's key is rotated: the job an instelling runs after a
// compromise, on the same started pool.
await rotateIssuerKey(pooled, { role: 'system', sub: 'bench' }, 'bench');
const r0 = performance.now();
const reissueJob = await startReissueJob(pooled, { role: 'system', sub: 'bench' }, 'bench');
const reissued = await runReissueJob(pooled, reissueJob.id);
const reissueSeconds = (performance.now() - r0) / 1000;
log('cohort reissued');

// ---------------------------------------------------------------------------------------------
// 4. Verification with a status check: only if the issued credentials carry a credentialStatus.

const withStatus = documents.filter((d) => d.credentialStatus !== undefined);
let statusTiming: Timing | undefined;
let statusNote: string;
if (withStatus.length === 0)
  statusNote =
    'not available yet: the issued module credentials carry no credentialStatus — skipped, not faked';
else {
  const sample = withStatus[0] as JsonObject;
  const check = (await verifyCredential(deps, sample)).checks.find((c) => c.check === 'status');
  statusTiming = await sequential(
    'verifyCredential() with a status check',
    async () => (await verifyCredential(deps, sample)).verified,
    {
      seconds: SECONDS,
    },
  );
  statusNote = `${withStatus.length} of ${documents.length} cohort credentials carry a credentialStatus; status check: ${
    check?.ok ? 'ok' : 'FAILED'
  }${check?.message ? ` (${check.message})` : ''}`;
}

await pool.close();
db.sqlite.close();
rmSync(dir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Report.

const row = (t: Timing) => ({
  name: t.name,
  'ops/s': t.opsPerSecond,
  p50ms: t.p50ms,
  p95ms: t.p95ms,
  p99ms: t.p99ms,
  ops: t.ops,
  failures: t.failures,
});
const loadRow = (r: (typeof concurrent)[string]) => ({
  name: r.name,
  'ops/s': r.rps,
  p50ms: r.p50ms,
  p95ms: '',
  p99ms: r.p99ms,
  ops: r.requests,
  failures: r.failures,
});

console.log(`\nCredentials benchmark — ${machine()}`);
console.log(
  `one OBv3 module credential (${JSON.stringify(credential).length} bytes unsigned), Ed25519, bundled document loader, SQLite file; ` +
    'each group measured in turns (10 rounds)',
);
console.table([
  ...Object.values(inProcess).map(row),
  ...Object.values(overHttp).map(row),
  ...Object.values(jwt).map(row),
  ...Object.values(concurrent).map(loadRow),
  ...(statusTiming ? [row(statusTiming)] : []),
]);
const compare = (label: string, service: Timing, baseline: Timing) => {
  const overhead = baseline.opsPerSecond / service.opsPerSecond - 1;
  console.log(
    `${label}: ${service.opsPerSecond} vs ${baseline.opsPerSecond} ops/s → service at ${((service.opsPerSecond / baseline.opsPerSecond) * 100).toFixed(1)} %, ` +
      `overhead ${(overhead * 100).toFixed(1)} % per credential — ${overhead <= TARGET ? 'within' : 'NOT within'} the 15 % target`,
  );
};
compare('issue,  in-process vs library          ', inProcess.serviceSign, inProcess.librarySign);
compare('verify, in-process vs library          ', inProcess.serviceVerify, inProcess.libraryVerify);
compare('issue,  HTTP vs bare Hono + library    ', overHttp.serviceIssue, overHttp.bareIssue);
compare('verify, HTTP vs bare Hono + library    ', overHttp.serviceVerify, overHttp.bareVerify);
compare('issue,  HTTP vs library in-process     ', overHttp.serviceIssue, inProcess.librarySign);
compare('verify, HTTP vs library in-process     ', overHttp.serviceVerify, inProcess.libraryVerify);
console.log(
  '(the last two include loopback HTTP with the client on the same 2 cores and, for issue, a durable SQLite commit)',
);
console.log(
  `at 4 concurrent: issue ${concurrent['POST /credentials/issue, 4 concurrent']?.rps} ops/s, verify ${
    concurrent['POST /credentials/verify, 4 concurrent']?.rps
  } ops/s`,
);
console.log(
  `\ncohort: ${COHORT} learners, ${issuedCount} credentials issued by the owed-credential job (pool of ${defaultProofThreads()}, started) in ${issueSeconds.toFixed(1)} s ` +
    `= ${(issuedCount / issueSeconds).toFixed(1)} credentials/s (target ≤ 2 s for 1,000: ${issueSeconds <= 2 ? 'met' : 'not met'}); ` +
    `the pool's start, once per process (threads loading the libraries, ${pool.size * 2} first signatures): ${poolStartSeconds.toFixed(1)} s`,
);
if (firstTenth)
  console.log(
    `cohort job: the first ${firstTenth.done} credentials in ${firstTenth.seconds.toFixed(2)} s, the other ${issuedCount - firstTenth.done} ` +
      `at ${((issuedCount - firstTenth.done) / (issueSeconds - firstTenth.seconds)).toFixed(0)} credentials/s`,
  );
console.log(
  `cohort: ${documents.length} verified one by one: ${cohortVerify.opsPerSecond} credentials/s (p50 ${cohortVerify.p50ms} ms, p95 ${cohortVerify.p95ms} ms), ` +
    `${cohortFailures} not verified${firstFailure ? `; first failure: ${JSON.stringify(firstFailure)}` : ''}`,
);
console.log(
  `cohort reissued after a key rotation: ${reissued.done} of ${reissued.total} (${reissued.failed} failed) by the reissue job in ${reissueSeconds.toFixed(1)} s ` +
    `= ${(reissued.done / reissueSeconds).toFixed(1)} credentials/s, vs the library signing one at a time in this process: ${inProcess.librarySign.opsPerSecond} credentials/s`,
);
console.log(`verification with a status check: ${statusNote}`);
const spread = (runs: { rps: number }[]) => runs.map((r) => r.rps).join(' / ');
const best = (name: string) => Math.max(...(eight[name] ?? []).map((r) => r.rps));
console.log(
  `\n${CONNECTIONS} connections, ${SECONDS} s each, two rounds in turns (req/s per round; p50 / p99 ms of the last):`,
);
for (const [name, runs] of Object.entries(eight)) {
  const last = runs[runs.length - 1];
  console.log(`  ${name.padEnd(60)} ${spread(runs).padEnd(12)} p50 ${last?.p50ms} ms, p99 ${last?.p99ms} ms`);
}
for (const op of ['issue', 'verify']) {
  const baseline = Math.max(...(eight[`${op}: ${targets[0][0]}`] ?? []).map((r) => r.rps));
  for (const [name] of targets.slice(1)) {
    const ratio = best(`${op}: ${name}`) / baseline;
    console.log(
      `  ${op}: ${name} at ${ratio.toFixed(2)}× the single-process signer (best rounds)${name.includes('pool') ? ` — target ≥ 1.6×: ${ratio >= 1.6 ? 'met' : 'NOT met'}` : ''}`,
    );
  }
}
for (const [name, runs] of Object.entries(health))
  for (const r of runs)
    console.log(
      `  ${name}: ${r.requests} answered, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms — target p99 < 50 ms: ${r.p99ms < 50 ? 'met' : 'NOT met'}`,
    );
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
