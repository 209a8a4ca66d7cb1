import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

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
    });
  });

  it('takes what is set: the public URL without its trailing slash, the data folder for the database', () => {
    const config = readConfig({
      PORT: '9000',
      PUBLIC_URL: 'https://loopbrug.example.nl/',
      DATA_DIR: '/var/lib/loopbrug/',
      MAX_BODY_BYTES: '5000',
      KEY_ENCRYPTION_KEY: key,
      ALLOW_PRIVATE_NETWORK: 'true',
    });
    expect(config).toMatchObject({
      port: 9000,
      publicUrl: 'https://loopbrug.example.nl',
      databasePath: '/var/lib/loopbrug/loopbrug.db',
      maxBodyBytes: 5000,
      keyEncryptionKey: key,
      allowPrivateNetwork: true,
    });
    expect(readConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
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
  ])('refuses %j naming the variable', (env, named) => {
    expect(() => readConfig(env)).toThrow(named);
  });
});
