// Credentials benchmark (issue 4): module credentials signed and verified by the raw @digitalbazaar
// calls (through vc-library.ts) next to POST /credentials/issue and /credentials/verify over loopback
// HTTP in the same run; a cohort of sign-offs issued in one batch and verified; verification with a
// status check when credentials carry one. BENCH_SECONDS (per measurement), BENCH_COHORT (learners).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createDocumentLoader } from '../../src/credentials/document-loader.js';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { signingKey } from '../../src/credentials/issuer-keys.js';
import { buildModuleCredential } from '../../src/credentials/module-credential.js';
import { signCredential } from '../../src/credentials/sign.js';
import {
  canonize,
  type DocumentLoader,
  type JsonObject,
  signDataIntegrity,
  verifyDataIntegrity,
} from '../../src/credentials/vc-library.js';
import { verifyCredential } from '../../src/credentials/verify.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { issueOwedModuleCredentials } from '../../src/module-credentials/issue-module-credentials.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';
import { credentialsBenchApp, newSharedKeys } from './support/credentials-app.js';
import { generateCohort } from './support/credentials-cohort.js';
import { sequential, summarise, type Timing } from './support/credentials-measure.js';
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
// 1. The raw library: sign and verify one module credential, one call at a time.

/** The service's document loader (bundled contexts, our did:web), with DID documents kept in memory. */
function memoised(loader: DocumentLoader): DocumentLoader {
  const seen = new Map<string, ReturnType<DocumentLoader>>();
  return (url) => {
    let found = seen.get(url);
    if (!found) {
      found = loader(url);
      seen.set(url, found);
    }
    return found;
  };
}
const loader = memoised(createDocumentLoader(deps));
const key = await signingKey(deps, 'bench'); // made here, stored encrypted: the server child uses it too
const unsigned = (): JsonObject => buildModuleCredential(sampleInput(deps, 'bench'));
const credential = unsigned();
const rawSign = () =>
  signDataIntegrity({
    credential,
    keyId: key.keyId,
    controller: key.controller,
    key: key.key,
    documentLoader: loader,
    now: new Date(),
  });
const rawSigned = await rawSign();
const raw = {
  sign: await sequential('library: vc.issue (eddsa-rdfc-2022)', async () => void (await rawSign()), {
    seconds: SECONDS,
  }),
  verify: await sequential(
    'library: vc.verifyCredential',
    async () =>
      (await verifyDataIntegrity({ credential: rawSigned, documentLoader: loader, at: new Date() })).verified,
    { seconds: SECONDS },
  ),
  canonize: await sequential(
    'library: canonize alone (RDFC-1.0)',
    async () => void (await canonize(credential, loader)),
    {
      seconds: Math.max(1, SECONDS / 2),
    },
  ),
};
log('raw library measured');

// The service's functions in-process, no HTTP: where the overhead is, before the network.
const inProcess = {
  sign: await sequential(
    'service: signCredential() in-process',
    async () =>
      void (await signCredential(deps, 'bench', { ...credential, id: `urn:uuid:${crypto.randomUUID()}` })),
    { seconds: SECONDS },
  ),
  verify: await sequential(
    'service: verifyCredential() in-process',
    async () => (await verifyCredential(deps, rawSigned)).verified,
    { seconds: SECONDS },
  ),
};
log('in-process service functions measured');

// ---------------------------------------------------------------------------------------------
// 2. Through the service over loopback HTTP, the real app in a child process.

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(import.meta.dirname, 'support', 'credentials-server.ts'),
    databasePath,
    JSON.stringify({ sub: 'bench', role: 'opleider', institution: 'bench' }),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_KEYS: JSON.stringify(keys) } },
);
const { port, token: bearer } = JSON.parse(
  await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
) as { port: number; token: string };
const base = `http://127.0.0.1:${port}`;
const ID = 'urn:uuid:00000000-0000-4000-8000-000000000000';
const issueTemplate = JSON.stringify({ credential: { ...credential, id: ID } });
const jwtIssueTemplate = JSON.stringify({
  credential: { ...credential, id: ID },
  options: { format: 'vc+jwt' },
});
const post = (path: string, body: string, auth = true) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
const issue = (template: string) => () =>
  post('/credentials/issue', template.replace(ID, `urn:uuid:${crypto.randomUUID()}`));
const firstIssued = await issue(issueTemplate)();
if (firstIssued.status !== 201) throw new Error(`issue: ${firstIssued.status} ${await firstIssued.text()}`);
const verifyBody = JSON.stringify((await firstIssued.json()) as { verifiableCredential: JsonObject });
const jwtIssued = await issue(jwtIssueTemplate)();
if (jwtIssued.status !== 201) throw new Error(`issue vc+jwt: ${jwtIssued.status} ${await jwtIssued.text()}`);
const jwtVerifyBody = JSON.stringify(await jwtIssued.json());
const verify = (body: string) => () => post('/credentials/verify', body, false);

const http: Record<string, Awaited<ReturnType<typeof load>>> = {};
for (const [name, request, connections] of [
  ['POST /credentials/issue, 1 at a time', issue(issueTemplate), 1],
  ['POST /credentials/issue, 4 concurrent', issue(issueTemplate), 4],
  ['POST /credentials/verify, 1 at a time', verify(verifyBody), 1],
  ['POST /credentials/verify, 4 concurrent', verify(verifyBody), 4],
  ['POST /credentials/issue vc+jwt, 1 at a time', issue(jwtIssueTemplate), 1],
  ['POST /credentials/verify vc+jwt, 1 at a time', verify(jwtVerifyBody), 1],
] as const) {
  await load('warm-up', request, { connections, seconds: 0.5 });
  http[name] = await load(name, request, { connections, seconds: SECONDS });
}
child.kill();
log('HTTP measured');

// ---------------------------------------------------------------------------------------------
// 3. A cohort: every learner's single-outcome module signed off, issued in one batch, verified.

await generateCohort(deps, app, token, {
  size: COHORT,
  onProgress: (n) => n % 250 === 0 && log(`cohort: ${n} learners signed off`),
});
log(`cohort of ${COHORT} ready`);
const t0 = performance.now();
const issuedCount = await issueOwedModuleCredentials(deps);
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
const httpRow = (r: (typeof http)[string]) => ({
  name: r.name,
  'ops/s': r.rps,
  p50ms: r.p50ms,
  p95ms: '',
  p99ms: r.p99ms,
  ops: r.requests,
  failures: r.failures,
});
const h = (name: string) => http[name] as (typeof http)[string];

console.log(`\nCredentials benchmark — ${machine()}`);
console.log(
  `one OBv3 module credential (${JSON.stringify(credential).length} bytes unsigned), Ed25519, bundled document loader, SQLite file`,
);
console.table([
  row(raw.sign),
  row(raw.verify),
  row(raw.canonize),
  row(inProcess.sign),
  row(inProcess.verify),
  ...Object.values(http).map(httpRow),
  ...(statusTiming ? [row(statusTiming)] : []),
]);
const compare = (label: string, service: number, library: number) => {
  const overhead = library / service - 1;
  console.log(
    `${label}: ${service} ops/s vs library ${library} ops/s → service at ${((service / library) * 100).toFixed(1)} % of the library, ` +
      `overhead ${(overhead * 100).toFixed(1)} % per credential — ${overhead <= TARGET ? 'within' : 'NOT within'} the 15 % target`,
  );
};
compare('issue  (HTTP, 1 at a time)', h('POST /credentials/issue, 1 at a time').rps, raw.sign.opsPerSecond);
compare('issue  (in-process)       ', inProcess.sign.opsPerSecond, raw.sign.opsPerSecond);
compare(
  'verify (HTTP, 1 at a time)',
  h('POST /credentials/verify, 1 at a time').rps,
  raw.verify.opsPerSecond,
);
compare('verify (in-process)       ', inProcess.verify.opsPerSecond, raw.verify.opsPerSecond);
console.log(
  `at 4 concurrent (2 cores, client on the same machine): issue ${h('POST /credentials/issue, 4 concurrent').rps} ops/s, verify ${
    h('POST /credentials/verify, 4 concurrent').rps
  } ops/s`,
);
console.log(
  `\ncohort: ${COHORT} learners, ${issuedCount} credentials issued by issueOwedModuleCredentials in one batch in ${issueSeconds.toFixed(1)} s ` +
    `= ${(issuedCount / issueSeconds).toFixed(1)} credentials/s`,
);
console.log(
  `cohort: ${documents.length} verified one by one: ${cohortVerify.opsPerSecond} credentials/s (p50 ${cohortVerify.p50ms} ms, p95 ${cohortVerify.p95ms} ms), ` +
    `${cohortFailures} not verified${firstFailure ? `; first failure: ${JSON.stringify(firstFailure)}` : ''}`,
);
console.log(`verification with a status check: ${statusNote}`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
