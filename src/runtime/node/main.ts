import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { createApp } from '../../app/create-app.js';
import { signToken } from '../../auth/token-signer.js';
import { openSqliteDatabase } from '../../db/sqlite-database.js';
import { applyMigrations } from '../../db/sqlite-migrator.js';
import { loadFixtures } from '../../fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../fixtures/read-fixture-files.js';
import { issueOwedModuleCredentials } from '../../issuance/index.js';
import { nodeTransport } from '../../outbound/node-transport.js';
import { appDeps } from '../app-deps.js';
import { readConfig } from '../config.js';
import { loadOrCreateDevKeys } from './dev-keys.js';
import { devOidcProvider } from './dev-oidc-provider.js';
import { devPeople } from './dev-people.js';
import { nodeDocsAssets } from './docs-assets.js';
import { keyEncryptionKeyFor } from './key-encryption-key.js';
import { nodeListener } from './node-server.js';

const config = readConfig(process.env);
const settings = { issuer: config.jwtIssuer, audience: config.jwtAudience };
const databasePath = resolve(config.databasePath);
mkdirSync(dirname(databasePath), { recursive: true });

const db = openSqliteDatabase(databasePath);
const applied = applyMigrations(db.sqlite);
// Without a configured key set, tokens are checked against the dev key kept under DATA_DIR.
const devKeys = config.tokenKeys ? undefined : await loadOrCreateDevKeys(config.dataDir);
const tokenKeys = config.tokenKeys ?? devKeys?.jwks;
if (!tokenKeys) throw new Error('no key set for bearer tokens');
// Without a configured OpenID provider, the pages sign in with a development one inside this process.
const devProvider = config.signIn
  ? undefined
  : await devOidcProvider(config.publicUrl, devPeople(readFixtureFiles()));
const deps = appDeps(config, {
  db,
  tokenKeys,
  keyEncryptionKey: keyEncryptionKeyFor(config),
  transport: nodeTransport(config),
  ...(devProvider ? { devSignIn: devProvider.settings } : {}),
  docsAsset: nodeDocsAssets(),
});

// A database that just got its first migration is new: give it the scenario catalog.
const fresh = applied.includes('0001_catalog.sql');
const loaded = fresh ? await loadFixtures(deps, readFixtureFiles()) : undefined;
// Credentials owed by sign-offs that a crash interrupted are issued before serving.
const owed = await issueOwedModuleCredentials(deps);

const server = createServer(nodeListener(createApp(deps).fetch, devProvider));
server.listen(config.port, async () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    `Loopbrug is listening on http://localhost:${port} (public URL ${config.publicUrl})`,
    `  pages         ${config.publicUrl}/   (sign in, the verification page)`,
    devProvider
      ? `  sign-in       development OpenID provider at ${devProvider.settings.issuer}: choose a fixture person`
      : `  sign-in       OpenID provider ${config.signIn?.issuer}`,
    `  API docs      ${config.publicUrl}/docs`,
    `  OpenAPI 3.1   ${config.publicUrl}/openapi.json`,
    `  health        ${config.publicUrl}/health`,
    `  database      ${databasePath}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`,
  ];
  if (owed > 0) lines.push(`  credentials   issued ${owed} that were owed after a restart`);
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
      '  try it        curl -H "Authorization: Bearer $TOKEN" ' +
        `${config.publicUrl}/modules?institution=han`,
      `                with TOKEN=${token}`,
      '  other tokens  npm run token -- --role werkgever --employer ksu   (roles: admin, opleider, …)',
    );
  }
  console.log(lines.join('\n'));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    db.sqlite.close();
    process.exit(0);
  });
}
