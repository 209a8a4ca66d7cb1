import type { JSONWebKeySet } from 'jose';

/** The variables both runtimes read: `process.env` on Node, the vars and secrets of the Worker. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** The service's settings, read the same way by the Node and the Workers entry. */
export interface RuntimeConfig {
  /** Node only: where the HTTP server listens (0: any free port). */
  port: number;
  /** Without a trailing slash: the base of every DID, status list and id the service publishes. */
  publicUrl: string;
  /** Node only: where the database and the development keys are kept. */
  dataDir: string;
  /** Node only: the SQLite file. */
  databasePath: string;
  /** The public keys of bearer tokens: JWKS_URL (fetched) or JWKS (inline JSON); undefined when neither is set. */
  tokenKeys: JSONWebKeySet | URL | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
  /** 32 bytes, base64: encrypts issuer private keys at rest; undefined when not set. */
  keyEncryptionKey: string | undefined;
  /**
   * Development mode for outbound fetches (DID documents, status lists of other issuers): loopback and
   * private addresses may be reached, and plain http to loopback. Off unless ALLOW_PRIVATE_NETWORK=true.
   */
  allowPrivateNetwork: boolean;
}

const wholeNumber = (name: string, value: string, min: number, max: number): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
};

function tokenKeysOf(env: ConfigEnv): JSONWebKeySet | URL | undefined {
  if (env.JWKS !== undefined && env.JWKS_URL !== undefined)
    throw new Error('Set JWKS or JWKS_URL for bearer tokens, not both');
  if (env.JWKS_URL !== undefined) return new URL(env.JWKS_URL);
  if (env.JWKS === undefined) return undefined;
  let keys: unknown;
  try {
    keys = JSON.parse(env.JWKS);
  } catch {
    throw new Error('JWKS is not JSON: set it to a JSON Web Key Set, {"keys": [...]}');
  }
  if (typeof keys !== 'object' || keys === null || !Array.isArray((keys as { keys?: unknown }).keys))
    throw new Error('JWKS is not a JSON Web Key Set: it needs a "keys" array');
  return keys as JSONWebKeySet;
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false, not '${value}'`);
}

function keyEncryptionKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let bytes: number;
  try {
    bytes = atob(value).length;
  } catch {
    bytes = -1;
  }
  if (bytes !== 32) throw new Error('KEY_ENCRYPTION_KEY must be 32 bytes, base64');
  return value;
}

/**
 * Reads the configuration from environment variables, with the defaults (written only here) that work
 * on a fresh clone. Throws naming the variable when a value cannot be used.
 * @example readConfig({ PORT: '9000' }).publicUrl // 'http://localhost:9000'
 * @example readConfig(process.env) // Node; the Worker passes its vars and secrets
 */
export function readConfig(env: ConfigEnv): RuntimeConfig {
  const port = wholeNumber('PORT', env.PORT ?? '8787', 0, 65535);
  const dataDir = (env.DATA_DIR ?? './data').replace(/(.)\/+$/, '$1');
  return {
    port,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir,
    databasePath: env.DATABASE_PATH ?? `${dataDir}/loopbrug.db`,
    tokenKeys: tokenKeysOf(env),
    jwtIssuer: env.JWT_ISSUER ?? 'loopbrug',
    jwtAudience: env.JWT_AUDIENCE ?? 'loopbrug',
    maxBodyBytes: wholeNumber('MAX_BODY_BYTES', env.MAX_BODY_BYTES ?? '1000000', 1, Number.MAX_SAFE_INTEGER),
    keyEncryptionKey: keyEncryptionKeyOf(env.KEY_ENCRYPTION_KEY),
    allowPrivateNetwork: flag('ALLOW_PRIVATE_NETWORK', env.ALLOW_PRIVATE_NETWORK),
  };
}
