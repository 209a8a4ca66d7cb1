import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createApp } from '../../../src/app/create-app.js';
import type { Principal } from '../../../src/auth/principal.js';
import { signToken } from '../../../src/auth/token-signer.js';
import type { ProofWork } from '../../../src/credentials/index.js';
import { openSqliteDatabase } from '../../../src/db/sqlite-database.js';
import { nodeTransport } from '../../../src/outbound/node-transport.js';
import { appDeps } from '../../../src/runtime/app-deps.js';
import { readConfig } from '../../../src/runtime/config.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };

/** What a credentials benchmark process shares with its server child: the keys, so both see one issuer. */
export interface SharedKeys {
  /** Encrypts the issuer keys at rest: the child must decrypt what the parent stored. */
  keyEncryptionKey: string;
  /** The private JWK that signs bearer tokens. */
  tokenKey: JWK;
}

export async function newSharedKeys(keyEncryptionKey: string): Promise<SharedKeys> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { keyEncryptionKey, tokenKey: await exportJWK(privateKey) };
}

/**
 * The real app on a benchmark database, like `benchApp`, but with the key-encryption and token keys
 * given, so that the benchmark process and its server child sign with the same issuer key; with
 * `proofWork` (a pool) signing and verifying run in threads.
 */
export async function credentialsBenchApp(
  databasePath: string,
  keys: SharedKeys,
  options: { proofWork?: ProofWork } = {},
) {
  const { d: _secret, ...publicJwk } = keys.tokenKey;
  const privateKey = await importJWK(keys.tokenKey, 'EdDSA');
  const jwks = { keys: [{ ...publicJwk, kid: 'bench', alg: 'EdDSA' }] };
  const db = openSqliteDatabase(databasePath);
  const config = readConfig({ PUBLIC_URL: 'http://127.0.0.1' });
  const built = appDeps(config, {
    db,
    tokenKeys: jwks,
    keyEncryptionKey: keys.keyEncryptionKey,
    transport: nodeTransport(config),
    ...options,
  });
  // A line per request would be most of what a benchmark prints, and costs time it would measure.
  const deps = { ...built, log: { error: built.log.error, warn() {}, info() {} } };
  return {
    app: createApp(deps),
    deps,
    /** The same database, with the raw better-sqlite3 handle. */
    db,
    token: (principal: Principal) =>
      signToken(privateKey as Parameters<typeof signToken>[0], 'bench', principal, settings),
  };
}
