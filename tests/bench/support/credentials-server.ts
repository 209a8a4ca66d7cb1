// Child process of the credentials benchmark: serves the real app on the prepared database with the
// parent's keys (JSON in env BENCH_KEYS) and, beside it, the bare baseline (raw library behind plain
// Hono, in this one thread). PROOF_THREADS: the app's proof threads (0: inline; default one per core).
// Prints both ports and a token for the principal given as JSON.
import type { Principal } from '../../../src/auth/principal.js';
import { defaultProofThreads, proofPool } from '../../../src/runtime/node/proof-pool.js';
import { credentialsBenchApp, type SharedKeys } from './credentials-app.js';
import { bareCredentialsApp } from './credentials-bare.js';
import { servePair } from './serve-pair.js';

const [databasePath, principal] = process.argv.slice(2) as [string, string];
const keys = JSON.parse(process.env.BENCH_KEYS ?? '') as SharedKeys;
const threads = Number(process.env.PROOF_THREADS ?? defaultProofThreads());
const log = { error() {}, warn() {}, info() {} };
const proofWork = threads > 0 ? proofPool({ size: threads, log }) : undefined;
const { app, deps, db, token } = await credentialsBenchApp(
  databasePath,
  keys,
  proofWork ? { proofWork } : {},
);
const bearer = await token(JSON.parse(principal) as Principal);
const synchronous = Number(db.sqlite.pragma('synchronous', { simple: true }));
const bare = await bareCredentialsApp(deps, 'bench', `${databasePath}.bare`, synchronous);

servePair(app, bare, { token: bearer });
