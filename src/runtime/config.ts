import type { JSONWebKeySet } from 'jose';
import { ROLES } from '../auth/principal.js';
import { TOKEN_LIMITS } from '../auth/token-verifier.js';
import { DEFAULT_WALLET_SETTINGS, type WalletSettings } from '../kernel/ports.js';
import { DEFAULT_CLAIMS, type OidcSettings } from '../web-auth/settings.js';

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
  /**
   * The wallet protocols: how long a credential offer (WALLET_OFFER_SECONDS, default 600) and an
   * OpenID4VP request (WALLET_REQUEST_SECONDS, default 600) may be used, and how many wrong transaction
   * codes burn an offer (WALLET_TX_CODE_ATTEMPTS, default 3). Minutes, not days: an offer is a bearer
   * secret until it is redeemed.
   */
  wallet: WalletSettings;
  /**
   * The OpenID Connect provider the pages sign in with (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and
   * the claim settings); undefined when OIDC_ISSUER is not set, and then Node runs its development provider.
   */
  signIn: OidcSettings | undefined;
  /** SESSION_MINUTES: how long a page session lasts after signing in. */
  sessionMinutes: number;
  /**
   * LOOPBRUG_MODE: `development` (the default: dev token keys, a dev key-encryption key and the fixtures
   * on a fresh database) or `production` (none of those: the keys must be given, see `productionProblems`).
   */
  mode: 'development' | 'production';
  /** TOKEN_MAX_HOURS (1 to 720, default 24) and TOKEN_CLOCK_SKEW_SECONDS (0 to 600, default 60). */
  tokens: { maxHours: number; clockSkewSeconds: number };
  /**
   * RATE_LIMIT_PER_MINUTE (default 60; 0 turns it off): requests per client and minute to each of the
   * CPU-heavy public endpoints (verify, presentations, the wallet's token and credential endpoints, share
   * links, the sign-in callback).
   */
  rateLimitPerMinute: number;
  /**
   * TRUST_PROXY_HOPS (0 to 10, default 0; Node): how many reverse proxies of your own stand in front of the
   * service. With N, the rate limit counts a client by the address the Nth proxy from the service saw (the
   * Nth entry of `X-Forwarded-For` from the right); with 0, by the connection's address, as no header is
   * trusted. On Workers `cf-connecting-ip` counts instead.
   */
  trustedProxyHops: number;
  /** MAX_PUBLIC_BODY_BYTES (default 262144): the body limit of the anonymous verify endpoints. */
  maxPublicBodyBytes: number;
  /** MAX_PRESENTED_CREDENTIALS (1 to 1000, default 20): credentials per presentation to verify. */
  maxPresentedCredentials: number;
  /** Node only, KEY_ENCRYPTION_KEY_FILE: a file holding the key-encryption key (instead of KEY_ENCRYPTION_KEY). */
  keyEncryptionKeyFile: string | undefined;
  /**
   * Node only, SECRETS_DIR (default: DATA_DIR's sibling `<DATA_DIR>-secrets`, `./data-secrets`): where
   * development mode keeps the key-encryption key it makes, outside DATA_DIR, so that a backup of the
   * data does not also hold the key to its secrets.
   */
  secretsDir: string;
  /** Node only, METRICS_PORT: Prometheus text at /metrics on 127.0.0.1 at this port; unset: no metrics server. */
  metricsPort: number | undefined;
  /**
   * Node only, PROOF_THREADS: the threads that sign and verify Data Integrity proofs (0: on the main
   * thread); unset: one per core.
   */
  proofThreads: number | undefined;
  /**
   * Workers only, JOB_SECONDS (1 to 900, default 20): how long one cron run, or one request's
   * `waitUntil`, works on background jobs (owed credentials, a reissue) before it stops between two
   * batches. The next cron run goes on where it stopped. A Worker may run 30 s past its response, and
   * a cron run within its plan's CPU limit; a job cut off there would lose the batch it was signing.
   */
  jobSeconds: number;
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

/** A JSON object of strings, e.g. OIDC_ROLE_VALUES='{"student":"learner"}'. */
function stringMap(name: string, value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  )
    throw new Error(`${name} must be a JSON object of strings, e.g. {"student":"learner"}`);
  return parsed as Record<string, string>;
}

const isRole = (value: string): value is OidcSettings['roleValues'][string] =>
  (ROLES as readonly string[]).includes(value);

function signInOf(env: ConfigEnv): OidcSettings | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (issuer === undefined) {
    if (clientId !== undefined || clientSecret !== undefined)
      throw new Error('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER, the provider they belong to');
    return undefined;
  }
  if (!URL.canParse(issuer)) throw new Error(`OIDC_ISSUER must be a URL, not '${issuer}'`);
  if (clientId === undefined || clientSecret === undefined)
    throw new Error(
      'With OIDC_ISSUER, set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (the client registered there)',
    );
  const roleValues = stringMap('OIDC_ROLE_VALUES', env.OIDC_ROLE_VALUES);
  const notRoles = Object.values(roleValues).filter((role) => !isRole(role));
  if (notRoles.length > 0)
    throw new Error(`OIDC_ROLE_VALUES maps to ${notRoles.join(', ')}: use ${ROLES.join(', ')}`);
  const scopes = env.OIDC_SCOPES ?? 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error('OIDC_SCOPES must include openid');
  return {
    issuer,
    clientId,
    clientSecret,
    scopes,
    claims: {
      role: env.OIDC_ROLE_CLAIM ?? DEFAULT_CLAIMS.role,
      institution: env.OIDC_INSTITUTION_CLAIM ?? DEFAULT_CLAIMS.institution,
      employer: env.OIDC_EMPLOYER_CLAIM ?? DEFAULT_CLAIMS.employer,
      name: env.OIDC_NAME_CLAIM ?? DEFAULT_CLAIMS.name,
    },
    roleValues: roleValues as OidcSettings['roleValues'],
    tenantValues: stringMap('OIDC_TENANT_VALUES', env.OIDC_TENANT_VALUES),
  };
}

function walletSettingsOf(env: ConfigEnv): WalletSettings {
  const { offerSeconds, requestSeconds, txCodeAttempts } = DEFAULT_WALLET_SETTINGS;
  return {
    offerSeconds: wholeNumber(
      'WALLET_OFFER_SECONDS',
      env.WALLET_OFFER_SECONDS ?? `${offerSeconds}`,
      30,
      86_400,
    ),
    requestSeconds: wholeNumber(
      'WALLET_REQUEST_SECONDS',
      env.WALLET_REQUEST_SECONDS ?? `${requestSeconds}`,
      30,
      86_400,
    ),
    txCodeAttempts: wholeNumber(
      'WALLET_TX_CODE_ATTEMPTS',
      env.WALLET_TX_CODE_ATTEMPTS ?? `${txCodeAttempts}`,
      1,
      10,
    ),
  };
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
    wallet: walletSettingsOf(env),
    signIn: signInOf(env),
    sessionMinutes: wholeNumber('SESSION_MINUTES', env.SESSION_MINUTES ?? '480', 1, 10_080),
    mode: modeOf(env.LOOPBRUG_MODE),
    tokens: {
      maxHours: wholeNumber('TOKEN_MAX_HOURS', env.TOKEN_MAX_HOURS ?? `${TOKEN_LIMITS.maxHours}`, 1, 720),
      clockSkewSeconds: wholeNumber(
        'TOKEN_CLOCK_SKEW_SECONDS',
        env.TOKEN_CLOCK_SKEW_SECONDS ?? `${TOKEN_LIMITS.clockSkewSeconds}`,
        0,
        600,
      ),
    },
    rateLimitPerMinute: wholeNumber('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE ?? '60', 0, 1_000_000),
    trustedProxyHops: wholeNumber('TRUST_PROXY_HOPS', env.TRUST_PROXY_HOPS ?? '0', 0, 10),
    maxPublicBodyBytes: wholeNumber(
      'MAX_PUBLIC_BODY_BYTES',
      env.MAX_PUBLIC_BODY_BYTES ?? '262144',
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxPresentedCredentials: wholeNumber(
      'MAX_PRESENTED_CREDENTIALS',
      env.MAX_PRESENTED_CREDENTIALS ?? '20',
      1,
      1000,
    ),
    keyEncryptionKeyFile: env.KEY_ENCRYPTION_KEY_FILE,
    secretsDir: (env.SECRETS_DIR ?? `${dataDir}-secrets`).replace(/(.)\/+$/, '$1'),
    metricsPort:
      env.METRICS_PORT === undefined ? undefined : wholeNumber('METRICS_PORT', env.METRICS_PORT, 0, 65535),
    proofThreads:
      env.PROOF_THREADS === undefined ? undefined : wholeNumber('PROOF_THREADS', env.PROOF_THREADS, 0, 256),
    jobSeconds: wholeNumber('JOB_SECONDS', env.JOB_SECONDS ?? '20', 1, 900),
  };
}

function modeOf(value: string | undefined): RuntimeConfig['mode'] {
  if (value === undefined || value === 'development') return 'development';
  if (value === 'production') return 'production';
  throw new Error(`LOOPBRUG_MODE must be development or production, not '${value}'`);
}

/**
 * What production mode is missing: a real key set for bearer tokens (JWKS or JWKS_URL, never the dev
 * keys) and an external key-encryption key (KEY_ENCRYPTION_KEY, or on Node KEY_ENCRYPTION_KEY_FILE).
 * Empty in development mode, or when all is there; each runtime refuses to start otherwise.
 * @example productionProblems(readConfig({ LOOPBRUG_MODE: 'production' })) // ['set JWKS or JWKS_URL …', …]
 */
export function productionProblems(config: RuntimeConfig): string[] {
  if (config.mode !== 'production') return [];
  const problems: string[] = [];
  if (config.tokenKeys === undefined)
    problems.push('set JWKS or JWKS_URL: production mode never trusts the development token keys');
  if (config.keyEncryptionKey === undefined && config.keyEncryptionKeyFile === undefined)
    problems.push(
      'set KEY_ENCRYPTION_KEY (or KEY_ENCRYPTION_KEY_FILE on Node): production mode never makes a key-encryption key',
    );
  return problems;
}
