// Profiling helper (issue 14), not a benchmark: signs or verifies the bench's module credential in-process
// N times (PROFILE_N, default 300), 8 at a time, so that `node --cpu-prof` sees only that work. With
// PROOF_THREADS > 0 the work runs in the proof pool and the profile shows what stays on the main thread.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx tests/bench/credentials-profile.ts sign|verify
// then: npx tsx tests/bench/support/cpu-profile-summary.ts /tmp/prof/<largest>.cpuprofile
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential, type JsonObject, signCredential } from '../../src/credentials/index.js';
import { applyMigrations } from '../../src/db/sqlite-migrator.js';
import { signerFor } from '../../src/issuance/index.js';
import { randomKeyEncryptionKey } from '../../src/runtime/node/key-encryption-key.js';
import { proofPool } from '../../src/runtime/node/proof-pool.js';
import { verifyCredential } from '../../src/verification/index.js';
import { credentialsBenchApp, newSharedKeys } from './support/credentials-app.js';
import { generateCatalog } from './support/generate-catalog.js';

const N = Number(process.env.PROFILE_N ?? 300);
const what = process.argv[2] ?? 'sign';
const dir = mkdtempSync(join(tmpdir(), 'loopbrug-profile-'));
const threads = Number(process.env.PROOF_THREADS ?? 0);
const pool =
  threads > 0 ? proofPool({ size: threads, log: { error() {}, warn() {}, info() {} } }) : undefined;
const { deps, db } = await credentialsBenchApp(
  join(dir, 'p.db'),
  await newSharedKeys(randomKeyEncryptionKey()),
  pool ? { proofWork: pool } : {},
);
applyMigrations(db.sqlite);
await generateCatalog(deps, { modules: 1, competencies: 1 });
const credential = buildModuleCredential(sampleInput(deps, 'bench'));
const fresh = (): JsonObject => ({ ...credential, id: `urn:uuid:${crypto.randomUUID()}` });
const signed = await signCredential(await signerFor(deps, 'bench'), fresh());
const once = async () => {
  if (what === 'sign') await signCredential(await signerFor(deps, 'bench'), fresh());
  else if (!(await verifyCredential(deps, signed)).verified) throw new Error('does not verify');
};
const t0 = performance.now();
for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: 8 }, once));
await pool?.close();
console.log(
  `${what}: ${N} in ${(performance.now() - t0).toFixed(0)} ms, ${((performance.now() - t0) / N).toFixed(2)} ms each`,
);
