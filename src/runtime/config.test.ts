import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

const oidc = {
  OIDC_ISSUER: 'https://connect.example.nl',
  OIDC_CLIENT_ID: 'loopbrug',
  OIDC_CLIENT_SECRET: 's3cret',
};
const key = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

describe('readConfig, for both runtimes', () => {
  it('has defaults that work on a fresh clone', () => {
    expect(readConfig({})).toEqual({
      port: 8787,
      publicUrl: 'http://localhost:8787',
      dataDir: './data',
      databasePath: './data/loopbrug.db',
      tokenKeys: undefined,
      jwtIssuer: 'loopbrug',
      jwtAudience: 'loopbrug',
      maxBodyBytes: 1_000_000,
      keyEncryptionKey: undefined,
      allowPrivateNetwork: false,
      wallet: { offerSeconds: 600, requestSeconds: 600, txCodeAttempts: 3 },
      signIn: undefined,
      sessionMinutes: 480,
      proofThreads: undefined,
      mode: 'development',
      tokens: { maxHours: 24, clockSkewSeconds: 60 },
      rateLimitPerMinute: 60,
      trustedProxyHops: 0,
      maxPublicBodyBytes: 262_144,
      maxPresentedCredentials: 20,
      keyEncryptionKeyFile: undefined,
      secretsDir: './data-secrets',
      metricsPort: undefined,
      jobSeconds: 20,
    });
  });

  it('reads the hardening settings, and refuses what cannot be used', () => {
    expect(
      readConfig({
        LOOPBRUG_MODE: 'production',
        TOKEN_MAX_HOURS: '8',
        TOKEN_CLOCK_SKEW_SECONDS: '30',
        RATE_LIMIT_PER_MINUTE: '0',
        TRUST_PROXY_HOPS: '1',
        SECRETS_DIR: '/etc/loopbrug/',
        METRICS_PORT: '9464',
        JOB_SECONDS: '120',
      }),
    ).toMatchObject({
      mode: 'production',
      tokens: { maxHours: 8, clockSkewSeconds: 30 },
      rateLimitPerMinute: 0,
      trustedProxyHops: 1,
      secretsDir: '/etc/loopbrug',
      metricsPort: 9464,
      jobSeconds: 120,
    });
    expect(() => readConfig({ LOOPBRUG_MODE: 'prod' })).toThrow(
      /LOOPBRUG_MODE must be development or production/,
    );
    expect(() => readConfig({ TOKEN_MAX_HOURS: '87600' })).toThrow(
      /TOKEN_MAX_HOURS must be a whole number from 1 to 720/,
    );
    expect(() => readConfig({ TRUST_PROXY_HOPS: 'yes' })).toThrow(
      /TRUST_PROXY_HOPS must be a whole number from 0 to 10/,
    );
    expect(() => readConfig({ JOB_SECONDS: '0' })).toThrow(
      /JOB_SECONDS must be a whole number from 1 to 900/,
    );
  });

  it('takes what is set: the public URL without its trailing slash, the data folder for the database', () => {
    const config = readConfig({
      PORT: '9000',
      PUBLIC_URL: 'https://loopbrug.example.nl/',
      DATA_DIR: '/var/lib/loopbrug/',
      MAX_BODY_BYTES: '5000',
      KEY_ENCRYPTION_KEY: key,
      ALLOW_PRIVATE_NETWORK: 'true',
      WALLET_OFFER_SECONDS: '300',
      WALLET_TX_CODE_ATTEMPTS: '5',
    });
    expect(config).toMatchObject({
      wallet: { offerSeconds: 300, requestSeconds: 600, txCodeAttempts: 5 },
      port: 9000,
      publicUrl: 'https://loopbrug.example.nl',
      databasePath: '/var/lib/loopbrug/loopbrug.db',
      maxBodyBytes: 5000,
      keyEncryptionKey: key,
      allowPrivateNetwork: true,
    });
    expect(readConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
  });

  it('reads a real OpenID provider with its claim names and value maps', () => {
    expect(
      readConfig({
        ...oidc,
        OIDC_SCOPES: 'openid profile email eduperson_affiliation',
        OIDC_ROLE_CLAIM: 'eduperson_affiliation',
        OIDC_INSTITUTION_CLAIM: 'schac_home_organization',
        OIDC_ROLE_VALUES: '{"employee":"opleider","student":"learner"}',
        OIDC_TENANT_VALUES: '{"han.nl":"han"}',
        SESSION_MINUTES: '60',
      }),
    ).toMatchObject({
      signIn: {
        issuer: 'https://connect.example.nl',
        clientId: 'loopbrug',
        clientSecret: 's3cret',
        scopes: 'openid profile email eduperson_affiliation',
        claims: {
          role: 'eduperson_affiliation',
          institution: 'schac_home_organization',
          employer: 'loopbrug_employer',
          name: 'name',
        },
        roleValues: { employee: 'opleider', student: 'learner' },
        tenantValues: { 'han.nl': 'han' },
      },
      sessionMinutes: 60,
    });
  });

  it('reads the token keys from JWKS (inline) or JWKS_URL, not both', () => {
    expect(readConfig({ JWKS: '{"keys":[]}' }).tokenKeys).toEqual({ keys: [] });
    expect(readConfig({ JWKS_URL: 'https://login.example.nl/jwks' }).tokenKeys).toEqual(
      new URL('https://login.example.nl/jwks'),
    );
    expect(() => readConfig({ JWKS: '{"keys":[]}', JWKS_URL: 'https://login.example.nl/jwks' })).toThrow(
      'not both',
    );
  });

  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MAX_BODY_BYTES: '0' }, 'MAX_BODY_BYTES'],
    [{ JWKS: 'keys' }, 'JWKS is not JSON'],
    [{ JWKS: '{"kty":"OKP"}' }, 'JWKS is not a JSON Web Key Set'],
    [{ KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'KEY_ENCRYPTION_KEY'],
    [{ KEY_ENCRYPTION_KEY: '%%%' }, 'KEY_ENCRYPTION_KEY'],
    [{ ALLOW_PRIVATE_NETWORK: 'yes' }, 'ALLOW_PRIVATE_NETWORK'],
    [{ OIDC_ISSUER: 'https://connect.example.nl' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_CLIENT_ID: 'loopbrug' }, 'OIDC_ISSUER'],
    [{ OIDC_ISSUER: 'surf', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' }, 'OIDC_ISSUER must be a URL'],
    [{ ...oidc, OIDC_SCOPES: 'profile' }, 'OIDC_SCOPES'],
    [{ ...oidc, OIDC_ROLE_VALUES: '{"student":"student"}' }, 'OIDC_ROLE_VALUES'],
    [{ ...oidc, OIDC_TENANT_VALUES: '["han"]' }, 'OIDC_TENANT_VALUES'],
    [{ SESSION_MINUTES: '0' }, 'SESSION_MINUTES'],
    [{ WALLET_OFFER_SECONDS: '5' }, 'WALLET_OFFER_SECONDS'],
    [{ WALLET_REQUEST_SECONDS: 'soon' }, 'WALLET_REQUEST_SECONDS'],
    [{ WALLET_TX_CODE_ATTEMPTS: '0' }, 'WALLET_TX_CODE_ATTEMPTS'],
  ])('refuses %j naming the variable', (env, named) => {
    expect(() => readConfig(env)).toThrow(named);
  });
});
