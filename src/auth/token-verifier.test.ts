import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from './token-signer.js';
import { createTokenVerifier } from './token-verifier.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };

describe('bearer tokens against a remote JWKS (JWKS_URL)', () => {
  let server: Server;
  let url: URL;
  let privateKey: CryptoKey;
  let fetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    privateKey = pair.privateKey;
    const jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'EdDSA' }],
    });
    // An identity provider's key endpoint, on loopback.
    server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
  });

  afterAll(() => {
    server.close();
  });

  it('accepts a token signed by a key the provider publishes, and remembers it', async () => {
    const verify = createTokenVerifier(url, settings);
    const token = await signToken(
      privateKey,
      'idp-1',
      { sub: 'ans', role: 'opleider', institution: 'han' },
      settings,
    );
    expect(await verify(token)).toEqual({ sub: 'ans', role: 'opleider', institution: 'han' });
    expect(await verify(token)).toEqual({ sub: 'ans', role: 'opleider', institution: 'han' });
    expect(fetches).toBe(1);
  });

  it('refuses a token whose key the provider does not publish, or for another audience', async () => {
    const verify = createTokenVerifier(url, settings);
    const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await signToken(stranger.privateKey, 'idp-1', { sub: 'x', role: 'admin' }, settings);
    await expect(verify(forged)).rejects.toMatchObject({ status: 401 });
    const elsewhere = await signToken(
      privateKey,
      'idp-1',
      { sub: 'x', role: 'admin' },
      { ...settings, audience: 'other' },
    );
    await expect(verify(elsewhere)).rejects.toMatchObject({ status: 401 });
  });
});
