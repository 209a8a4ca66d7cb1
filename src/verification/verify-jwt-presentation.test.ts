import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential, signVcJwt } from '../credentials/index.js';
import { signerFor } from '../issuance/index.js';
import { didKeyWallet } from '../learners/holder-wallet.test-support.js';
import { verifyJwtPresentation } from './verify-jwt-presentation.js';

// JWT presentations (OpenID4VP jwt_vc_json): the holder's proof for a nonce and an audience, and each
// VC-JWT in it, with the same answer as a Data Integrity presentation's.
const options = { nonce: 'n-4c1d', audience: 'decentralized_identifier:did:web:verifier.example' };

describe('verifyJwtPresentation', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  let holder: Awaited<ReturnType<typeof didKeyWallet>>;
  let vcJwt: string;
  const seconds = () => Math.floor(t.deps.now().getTime() / 1000);
  const vp = (claims: Record<string, unknown> = {}, signer = holder) =>
    signer.signJwt({
      iss: holder.did,
      aud: options.audience,
      nonce: options.nonce,
      iat: seconds(),
      exp: seconds() + 300,
      vp: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        verifiableCredential: [vcJwt],
      },
      ...claims,
    });
  const failed = async (jwt: string, opts = options) =>
    (await verifyJwtPresentation(t.deps, jwt, opts)).checks
      .filter((c) => !c.ok)
      .map((c) => `${c.target} ${c.check}`);

  beforeAll(async () => {
    t = await startCredentialsApp();
    holder = await didKeyWallet();
    const input = sampleInput(t.deps, 'han');
    vcJwt = await signVcJwt(
      await signerFor(t.deps, 'han'),
      buildModuleCredential({ ...input, learner: { ...input.learner, id: holder.did } }),
    );
  });

  it("verifies the holder's proof for the nonce and audience, and every VC-JWT in it", async () => {
    const result = await verifyJwtPresentation(t.deps, await vp(), options);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result).toMatchObject({
      verified: true,
      holder: holder.did,
      credentials: [{ verified: true, issuer: t.deps.urls.issuerDid('han') }],
    });
  });

  it('refuses another nonce or audience, an expired one, and one signed by another key', async () => {
    expect(await failed(await vp(), { ...options, nonce: 'n-other' })).toEqual(['presentation proof']);
    expect(await failed(await vp(), { ...options, audience: 'redirect_uri:https://elders.example' })).toEqual(
      ['presentation proof'],
    );
    expect(await failed(await vp({ exp: seconds() - 120 }))).toEqual(['presentation proof']);
    expect(await failed(await vp({}, await didKeyWallet()))).toEqual(['presentation proof']);
  });

  it('refuses a holder that is not its iss, a JWT without a presentation, and a tampered credential', async () => {
    expect(
      await failed(
        await vp({
          vp: {
            type: ['VerifiablePresentation'],
            holder: 'did:key:z6Mkanders',
            verifiableCredential: [vcJwt],
          },
        }),
      ),
    ).toEqual(['presentation holder']);
    expect(await failed(await vp({ vp: undefined }))).toEqual(['presentation type']);
    const [header, , signature] = vcJwt.split('.');
    const claims = JSON.parse(Buffer.from(vcJwt.split('.')[1] ?? '', 'base64url').toString());
    claims.credentialSubject.achievement.name = 'Iets anders';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(
      await failed(await vp({ vp: { type: ['VerifiablePresentation'], verifiableCredential: [tampered] } })),
    ).toEqual(['verifiableCredential[0] signature']);
    expect(
      await failed(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32))),
    ).toEqual(['presentation type', 'presentation holder', 'presentation proof']);
  });
});
