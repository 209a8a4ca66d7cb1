import { chmodSync, mkdirSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createApp } from '../../app/create-app.js';
import { signToken } from '../../auth/token-signer.js';
import { openSqliteDatabase } from '../../db/sqlite-database.js';
import { applyMigrations } from '../../db/sqlite-migrator.js';
import { loadFixtures } from '../../fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../fixtures/read-fixture-files.js';
import { memoryRateLimiter } from '../../http/rate-limiters.js';
import { checkKeyEncryptionKey } from '../../issuance/index.js';
import { jsonLogger } from '../../kernel/logger.js';
import { memoryMetrics } from '../../kernel/metrics.js';
import { nodeTransport } from '../../outbound/node-transport.js';
import { appDeps } from '../app-deps.js';
import { productionProblems, readConfig } from '../config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';
import { devOidcProvider } from './dev-oidc-provider.js';
import { devPeople } from './dev-people.js';
import { nodeDocsAssets } from './docs-assets.js';
import { keyEncryptionKeyFor } from './key-encryption-key.js';
import { metricsServer } from './metrics-server.js';
import { clientAddressOf, nodeListener } from './node-server.js';
import { defaultProofThreads, proofPool } from './proof-pool.js';
import { sweepPendingJobs } from './start-up-sweep.js';

// Data files and folders are the owner's alone: the database, its WAL and SHM, the development keys.
process.umask(0o077);
const log = jsonLogger();
const config = readConfig(process.env);
const refusals = productionProblems(config);
if (refusals.length > 0) {
  log.error('Loopbrug will not start in production mode', { missing: refusals });
  console.error(`Loopbrug will not start in production mode:\n  - ${refusals.join('\n  - ')}`);
  process.exit(1);
}
const settings = { issuer: config.jwtIssuer, audience: config.jwtAudience };
const databasePath = resolve(config.databasePath);
mkdirSync(dirname(databasePath), { recursive: true, mode: 0o700 });
chmodSync(dirname(databasePath), 0o700);
const db = openSqliteDatabase(databasePath);
const applied = applyMigrations(db.sqlite);

// The key-encryption key must open every issuer key already stored before anything is served or made.
const storedKeys = (db.sqlite.prepare('SELECT count(*) AS n FROM issuer_key').get() as { n: number }).n;
let keyEncryptionKey: string;
try {
  keyEncryptionKey = keyEncryptionKeyFor(config, storedKeys);
  await checkKeyEncryptionKey({ db, keyEncryptionKey });
} catch (error) {
  log.error('Loopbrug cannot open its issuer keys', { error: (error as Error).message });
  console.error(`Loopbrug will not start: ${(error as Error).message}`);
  process.exit(1);
}

// Without a configured key set (development mode only), tokens are checked against the dev key kept
// under DATA_DIR; then, and only then, a dev token is printed below.
const devKeys = config.tokenKeys ? undefined : await loadOrCreateDevKeys(config.dataDir);
const tokenKeys = config.tokenKeys ?? devKeys?.jwks;
if (!tokenKeys) throw new Error('no key set for bearer tokens');

// Listen first: with PORT=0 the port is known only now, and every DID and status list URL names it.
// Until the app is built, requests are answered 503.
let listener: RequestListener = (_req, res) => {
  res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('starting\n');
};
const server = createServer((req, res) => listener(req, res));
await new Promise<void>((done) => server.listen(config.port, done));
const port = (server.address() as AddressInfo).port;
const publicUrl = process.env.PUBLIC_URL === undefined ? `http://localhost:${port}` : config.publicUrl;

// Without a configured OpenID provider, the pages sign in with a development one inside this process.
const devProvider = config.signIn
  ? undefined
  : await devOidcProvider(publicUrl, devPeople(readFixtureFiles()));
const metrics = memoryMetrics();
const proofThreads = config.proofThreads ?? defaultProofThreads();
const deps = appDeps(
  { ...config, publicUrl },
  {
    db,
    tokenKeys,
    keyEncryptionKey,
    transport: nodeTransport(config),
    ...(devProvider ? { devSignIn: devProvider.settings } : {}),
    docsAsset: nodeDocsAssets(),
    metrics,
    // Signing and verifying in threads, one per core unless PROOF_THREADS says otherwise (0: inline).
    ...(proofThreads > 0 ? { proofWork: proofPool({ size: proofThreads, log }) } : {}),
    ...(config.rateLimitPerMinute > 0
      ? {
          rateLimiter: memoryRateLimiter(config.rateLimitPerMinute, clientAddressOf(config.trustedProxyHops)),
        }
      : {}),
  },
);
// A database that just got its first migration is new: give it the scenario catalog (development only).
const fresh = applied.includes('0001_catalog.sql') && config.mode === 'development';
const loaded = fresh ? await loadFixtures(deps, readFixtureFiles()) : undefined;
listener = nodeListener(createApp(deps).fetch, devProvider);
const metricsAt =
  config.metricsPort === undefined ? undefined : await metricsServer(metrics, config.metricsPort);

const lines = [
  `Loopbrug is listening on http://localhost:${port} (public URL ${publicUrl}, ${config.mode} mode)`,
  `  pages         ${publicUrl}/   (sign in, the verification page)`,
  devProvider
    ? `  sign-in       development OpenID provider at ${devProvider.settings.issuer}: choose a fixture person`
    : `  sign-in       OpenID provider ${config.signIn?.issuer}`,
  `  API docs      ${publicUrl}/docs`,
  `  OpenAPI 3.1   ${publicUrl}/openapi.json`,
  `  health        ${publicUrl}/health`,
  `  database      ${databasePath}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`,
];
if (metricsAt) lines.push(`  metrics       ${metricsAt}/metrics   (Prometheus text, loopback only)`);
if (loaded)
  lines.push(
    `  fixtures      ${loaded.institutions} instellingen, ${loaded.competencies} competenties, ` +
      `${loaded.modules} modules, ${loaded.employers} werkgevers, ${loaded.roles} functies`,
  );
if (devKeys) {
  const token = await signToken(
    devKeys.privateJwk,
    devKeys.kid,
    { sub: 'opleider-han', role: 'opleider', institution: 'han' },
    settings,
  );
  lines.push(
    `  try it        curl -H "Authorization: Bearer $TOKEN" ${publicUrl}/modules?institution=han`,
    `                with TOKEN=${token}`,
    '  other tokens  npm run token -- --role werkgever --employer ksu   (roles: admin, opleider, …)',
  );
}
console.log(lines.join('\n'));

// Credentials owed by sign-offs that a crash interrupted are issued now that the server answers, so a
// large backlog never keeps /health down; the sweep logs its progress. Stopping mid-sweep is safe: each
// credential is issued once, and the next start picks up the rest.
void sweepPendingJobs(deps);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    db.sqlite.close();
    process.exit(0);
  });
}
