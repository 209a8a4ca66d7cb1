import { exportJWK, generateKeyPair } from 'jose';
import { createApp } from '../../../src/app/create-app.js';
import type { Principal } from '../../../src/auth/principal.js';
import { signToken } from '../../../src/auth/token-signer.js';
import { openSqliteDatabase } from '../../../src/db/sqlite-database.js';
import { nodeTransport } from '../../../src/outbound/node-transport.js';
import { appDeps } from '../../../src/runtime/app-deps.js';
import { readConfig } from '../../../src/runtime/config.js';
import { randomKeyEncryptionKey } from '../../../src/runtime/node/key-encryption-key.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };

/** The real app on a benchmark database, with a throwaway signing key for its tokens. */
export async function benchApp(databasePath: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA' }] };
  const config = readConfig({ PUBLIC_URL: 'http://127.0.0.1' });
  const built = appDeps(config, {
    db: openSqliteDatabase(databasePath),
    tokenKeys: jwks,
    keyEncryptionKey: randomKeyEncryptionKey(),
    transport: nodeTransport(config),
  });
  // A line per request would be most of what a benchmark prints, and costs time it would measure.
  const deps = { ...built, log: { error: built.log.error, warn() {}, info() {} } };
  return {
    app: createApp(deps),
    deps,
    token: (principal: Principal) => signToken(privateKey, 'bench', principal, settings),
  };
}
