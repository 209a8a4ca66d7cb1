import type { JSONWebKeySet } from 'jose';
import { ROLES } from '../auth/principal.js';
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
  };
}
