import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../tests/support/target.js';
import { startTestApp } from '../../tests/support/test-app.js';
import {
  BITSTRING_STATUS_CONTEXT,
  ED25519_2020_CONTEXT,
  type JsonObject,
  OB_EXTENSIONS_CONTEXT,
  OB_V3_CONTEXT,
  OB_V3_EARLIER_CONTEXTS,
  VC_V1_CONTEXT,
} from '../credentials/index.js';
import { guardedFetcher } from '../outbound/index.js';
import { nodeTransport } from '../outbound/node-transport.js';
import { type EcosystemIssuer, startEcosystemIssuer, walletPresentation } from './ecosystem.test-support.js';

const failed = (body: Json) => (body.checks as Json[]).filter((c) => !c.ok).map((c) => c.check);
const checkOf = (body: Json, name: string) => (body.checks as Json[]).find((c) => c.check === name);

// Credentials from outside Loopbrug, made with the ecosystem's own libraries (@digitalbazaar/vc with the
// Ed25519Signature2020 suite, as the Digital Credentials Consortium's issuer and wallet make them), by an
// issuer whose did:web and status list are served over real HTTPS on loopback; verified by our app.
describe('credentials of the ecosystem, verified (issuing stays VC 2.0 + eddsa-rdfc-2022)', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let dcc: EcosystemIssuer;
  let next = 1;
  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  /** An OBv3 OpenBadgeCredential on VC 1.1, as the DCC issues them: OB context, suite context, status. */
  const badge = (obContext: string = OB_V3_EARLIER_CONTEXTS[1], extra: JsonObject = {}): JsonObject => {
    const index = next++;
    return {
      '@context': [VC_V1_CONTEXT, obContext, ED25519_2020_CONTEXT, BITSTRING_STATUS_CONTEXT],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: dcc.did, type: ['Profile'], name: 'DCC Sandbox Issuer' },
      issuanceDate: '2026-01-01T00:00:00Z',
      name: 'Teamwork',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://dcc.example/achievements/teamwork',
          type: ['Achievement'],
          name: 'Teamwork',
          description: 'Works in a team.',
          criteria: { narrative: 'Completed the teamwork module.' },
        },
      },
      credentialStatus: {
        id: `${dcc.statusList}#${index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: dcc.statusList,
      },
      ...extra,
    };
  };

  beforeAll(async () => {
    const bootstrap = await startTestApp();
    dcc = await startEcosystemIssuer(bootstrap.deps);
    t = await startTestApp({
      fetchJson: guardedFetcher({
        allowPrivateNetwork: true,
        transport: nodeTransport({ allowPrivateNetwork: true, ca: dcc.ca }),
      }),
    });
  });
  afterAll(() => dcc.close());

  it('verifies an Ed25519Signature2020 VC 1.1 OBv3 credential of a did:web issuer, every check passing (VC Data Model 1.1 §4.7 Proofs; Data Integrity EdDSA Cryptosuites, Ed25519Signature2020)', async () => {
    const vc = await dcc.sign(badge());
    expect(vc.proof).toMatchObject({ type: 'Ed25519Signature2020', proofPurpose: 'assertionMethod' });
    const res = await verify(vc);
    expect(res.status, res.text).toBe(200);
    expect(res.body.issuer).toBe(dcc.did);
    expect(res.body.checks.map((c: Json) => c.check).sort()).toEqual(
      ['issuer', 'schema', 'signature', 'status', 'validity-period'].sort(),
    );
    expect(checkOf(res.body, 'status').message).toBe('1 status entry clear');
  });

  it.each([
    ['OB 3.0.0 (context.json)', OB_V3_EARLIER_CONTEXTS[0]],
    ['OB 3.0.1', OB_V3_EARLIER_CONTEXTS[1]],
    ['OB 3.0.2', OB_V3_EARLIER_CONTEXTS[2]],
    ['OB 3.0.3', OB_V3_CONTEXT],
  ])(
    'verifies a credential naming the %s context, bundled and never fetched (VC Data Model 2.0 §4.3 Contexts)',
    async (_, context) => {
      const res = await verify(await dcc.sign(badge(context)));
      expect(res.status, res.text).toBe(200);
    },
  );

  it("verifies a credential using OB's extensions.json context, a 1EdTechCredentialRefresh refreshService (VC Data Model 2.0 §4.3, §5.4)", async () => {
    const unsigned = badge(OB_V3_EARLIER_CONTEXTS[2], {
      refreshService: { id: 'https://dcc.example/refresh/teamwork', type: '1EdTechCredentialRefresh' },
    });
    unsigned['@context'] = [...(unsigned['@context'] as string[]), OB_EXTENSIONS_CONTEXT];
    const res = await verify(await dcc.sign(unsigned));
    expect(res.status, res.text).toBe(200);
  });

  it('refuses a tampered Ed25519Signature2020 credential as a bad signature, not as an unsupported suite (VC Data Integrity 1.0 §4 Algorithms: Verify Proof)', async () => {
    const vc = (await dcc.sign(badge())) as Json;
    const tampered = structuredClone(vc);
    tampered.credentialSubject.achievement.name = 'Leadership';
    const res = await verify(tampered);
    expect(res.status).toBe(422);
    expect(failed(res.body)).toEqual(['signature']);
    expect(checkOf(res.body, 'signature').message).toMatch(/invalid signature/i);
    expect(checkOf(res.body, 'signature').message).not.toMatch(/support/i);
    // A proof type we do not verify is named as such: that is a different answer.
    const other = await verify({ ...vc, proof: { ...vc.proof, type: 'RsaSignature2018' } });
    expect(checkOf(other.body, 'signature').message).toMatch(/"RsaSignature2018" is not supported/);
  });

  it('refuses an expired VC 1.1 credential on its expirationDate, as the validity period (VC Data Model 1.1 §4.8 Expiration), not the signature', async () => {
    const res = await verify(await dcc.sign(badge(undefined, { expirationDate: '2026-06-30T00:00:00Z' })));
    expect(res.status).toBe(422);
    expect(failed(res.body)).toEqual(['validity-period']);
    expect(checkOf(res.body, 'validity-period').message).toBe('expired at 2026-06-30T00:00:00.000Z');
    const early = await verify(await dcc.sign(badge(undefined, { issuanceDate: '2027-01-01T00:00:00Z' })));
    expect(failed(early.body)).toEqual(['validity-period']);
    expect(checkOf(early.body, 'validity-period').message).toBe('not valid before 2027-01-01T00:00:00.000Z');
  });

  it("refuses a revoked credential on the issuer's own Bitstring Status List, fetched over HTTPS and verified (Bitstring Status List v1.0 §2.1, §2.2)", async () => {
    const unsigned = badge();
    const vc = await dcc.sign(unsigned);
    expect((await verify(vc)).status).toBe(200);
    await dcc.revoke(Number((unsigned.credentialStatus as JsonObject).statusListIndex));
    // Another verifier (no cached list) reads the list as it is now.
    const fresh = await startTestApp({
      fetchJson: guardedFetcher({
        allowPrivateNetwork: true,
        transport: nodeTransport({ allowPrivateNetwork: true, ca: dcc.ca }),
      }),
    });
    const res = await fresh.call('POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(res.status).toBe(422);
    expect(failed(res.body)).toEqual(['status']);
    expect(checkOf(res.body, 'status').message).toBe('revoked');
  });

  it('verifies a wallet presentation signed with Ed25519Signature2020, with or without a holder (VC Data Model 2.0 §4.13)', async () => {
    const vc = await dcc.sign(badge());
    const options = { challenge: 'c-lcw-1', domain: 'https://verifier.example' };
    for (const holder of [true, false]) {
      const vp = await walletPresentation(t.deps, [vc], { ...options, holder });
      const res = await t.call('POST', '/presentations/verify', {
        body: { verifiablePresentation: vp, options },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.holder).toBe(holder ? vp.holder : undefined);
    }
  });
});
