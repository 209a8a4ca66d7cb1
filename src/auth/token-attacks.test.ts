import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { createTokenVerifier } from './token-verifier.js';

const settings = { issuer: 'loopbrug', audience: 'loopbrug' };
const now = () => Math.floor(Date.now() / 1000);
const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('bearer tokens under attack, over HTTP', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let key: CryptoKey;
  let publicJwk: JWK;
  let stranger: CryptoKey;
  let strangerJwk: JWK;

  /** A token as the service's identity provider signs it, with whatever header and claims the case needs. */
  const sign = (
    claims: Record<string, unknown>,
    { header = {}, with: signer = key }: { header?: Record<string, unknown>; with?: CryptoKey } = {},
  ) =>
    new SignJWT({
      sub: 'ans',
      role: 'admin',
      iss: 'loopbrug',
      aud: 'loopbrug',
      iat: now(),
      exp: now() + 600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'idp-1', ...header })
      .sign(signer);

  /** Keeps the signature, changes the payload. */
  const edited = (token: string, change: Record<string, unknown>) => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? '')));
    return `${header}.${encode({ ...claims, ...change })}.${signature}`;
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    key = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'EdDSA' };
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    stranger = other.privateKey;
    strangerJwk = await exportJWK(other.publicKey);
    t = await startTestApp({ verifyToken: createTokenVerifier({ keys: [publicJwk] }, settings) });
  });

  const attacks: Array<[string, () => Promise<string>]> = [
    [
      'alg none',
      async () =>
        `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'x', role: 'admin', iss: 'loopbrug', aud: 'loopbrug', exp: now() + 600 })}.`,
    ],
    [
      'HS256 signed with the public key as the secret',
      () =>
        new SignJWT({ sub: 'x', role: 'admin' })
          .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
          .setIssuer('loopbrug')
          .setAudience('loopbrug')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode(JSON.stringify(publicJwk))),
    ],
    ['an unknown kid', () => sign({}, { header: { kid: 'idp-9' } })],
    ['a foreign key under our kid', () => sign({}, { with: stranger })],
    [
      'an embedded jwk of its own',
      () => sign({}, { header: { kid: undefined, jwk: strangerJwk }, with: stranger }),
    ],
    ['expired', () => sign({ iat: now() - 7200, exp: now() - 3600 })],
    ['not valid yet (nbf in an hour)', () => sign({ nbf: now() + 3600 })],
    ['issued in the future (iat in an hour)', () => sign({ iat: now() + 3600, exp: now() + 4200 })],
    ['another issuer', () => sign({ iss: 'elsewhere' })],
    ['another audience', () => sign({ aud: 'elsewhere' })],
    ['no exp', () => sign({ exp: undefined })],
    ['exp in the year 2500', () => sign({ exp: Math.floor(Date.UTC(2500, 0, 1) / 1000) })],
    ['a lifetime over the 24-hour maximum', () => sign({ exp: now() + 48 * 3600 })],
    [
      'an edited payload (learner made admin)',
      async () => edited(await sign({ role: 'learner' }), { role: 'admin' }),
    ],
    ['an unknown role', () => sign({ role: 'rector' })],
    [
      'a tampered tenant (opleider of han claims loi)',
      async () => edited(await sign({ role: 'opleider', institution: 'han' }), { institution: 'loi' }),
    ],
    ['an opleider without its tenant', () => sign({ role: 'opleider' })],
    ['not a JWT', async () => 'not.a.jwt'],
  ];

  it.each(attacks)('refuses %s with 401', async (_name, token) => {
    const res = await t.call('GET', '/institutions', {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('accepts the genuine token the attacks were made from, within the clock skew', async () => {
    for (const token of [await sign({}), await sign({ nbf: now() + 30, iat: now() + 30 })])
      expect(
        (await t.call('GET', '/institutions', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
  });
});
