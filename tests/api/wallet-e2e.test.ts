import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { registerDid } from '../../src/learners/holder-wallet.test-support.js';
import { type Deployment, startDeployments } from '../support/deployments.js';
import { openWallet } from '../support/oid4vc-wallet.js';
import { decodeQrPng, decodeQrSvg } from '../support/qr-decode.js';
import { openScenario } from '../support/scenario.js';
import { expectStatus, type Json } from '../support/target.js';
import { opleider } from '../support/test-app.js';
import { learnerWithModuleCredential } from '../support/wallet-scenario.js';

// The wallet end to end (issue 10, "How it is checked"): two deployments on real HTTPS on loopback, each
// its own database; a wallet written from the specifications (tests/support/oid4vc-wallet.ts, jose and the
// Digital Bazaar libraries: not the @openid4vc library the service uses) reaches them only over HTTPS.
// ROC Rivor at A offers Sanne's module credential; the wallet reads the QR code (PNG, then SVG), redeems
// the offer with the transaction code given apart, proves its key and picks the credential up in both
// formats, verifying each (A's signature, its binding to the wallet's DID). ROC Rivor at B, which
// recognises A's ROC Rivor, asks Sanne's wallet with OpenID4VP; the wallet answers; B's next plan exempts
// VIG-OBS on what it proved, reading A's DID document and status list over HTTPS; once A revokes the
// original, the wallet's copies follow, and B's next plan exempts nothing on them.

describe('a credential picked up from deployment A with OpenID4VCI, presented to deployment B with OpenID4VP', () => {
  let deployments: Awaited<ReturnType<typeof startDeployments<'a' | 'b'>>>;
  let a: Deployment;
  let b: Deployment;
  const rivor = opleider('roc-rivor');

  beforeAll(async () => {
    deployments = await startDeployments({ a: {}, b: {} });
    ({ a, b } = deployments);
  }, 120_000);
  afterAll(async () => deployments?.close());

  it('offer → QR → token with tx_code → nonce → credential with a key proof → verified → asked → answered → exempt, in ldp_vc and jwt_vc_json', async () => {
    const atA = await openScenario(a, readFixtureFiles());
    const atB = await openScenario(b, readFixtureFiles());
    const sanneAtA = await learnerWithModuleCredential(atA, 'sanne');
    const agent = new Agent({ connect: { ca: deployments.ca } });
    const overHttps = async (url: string, init?: RequestInit) =>
      (await undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as Response;
    const wallet = await openWallet(overHttps, { now: a.deps.now });
    const offerPath = `/credentials/${encodeURIComponent(sanneAtA.credentialId)}/offer`;

    // Sanne offers it herself in Data Integrity; the wallet scans the PNG.
    const ldpOffer = await expectStatus(
      a.call('POST', offerPath, { as: sanneAtA.learner.as, body: { format: 'ldp_vc' } }),
      201,
    );
    const scanned = decodeQrPng(ldpOffer.qrCode.png);
    expect(scanned).toBe(ldpOffer.credentialOfferUri);
    expect(scanned).not.toContain(ldpOffer.txCode);
    const [ldp] = await wallet.pickUp(scanned, ldpOffer.txCode);
    // ROC Rivor's opleider offers it on her behalf as a VC-JWT; the wallet scans the SVG.
    const jwtOffer = await expectStatus(
      a.call('POST', offerPath, { as: rivor, body: { format: 'jwt_vc_json' } }),
      201,
    );
    const [jwt] = await wallet.pickUp(decodeQrSvg(jwtOffer.qrCode.svg), jwtOffer.txCode);
    expect(ldp?.content).toMatchObject({
      credentialSubject: { id: wallet.did },
      issuer: { id: a.deps.urls.issuerDid('roc-rivor') },
    });
    expect(jwt?.content).toMatchObject({
      credentialSubject: { id: wallet.did },
      issuer: { id: a.deps.urls.issuerDid('roc-rivor') },
    });
    expect(ldp?.content.id).not.toBe(sanneAtA.credentialId);
    expect(a.received).toEqual(
      expect.arrayContaining([
        'GET /.well-known/openid-credential-issuer/institutions/roc-rivor',
        'GET /.well-known/oauth-authorization-server/institutions/roc-rivor',
        'POST /institutions/roc-rivor/oid4vci/token',
        'POST /institutions/roc-rivor/oid4vci/nonce',
        'POST /institutions/roc-rivor/oid4vci/credential',
        'GET /institutions/roc-rivor/did.json',
      ]),
    );

    // At B: Sanne enrols and proves her wallet's DID; ROC Rivor at B recognises ROC Rivor at A and plans.
    const sanne = await atB.enrol('sanne', 'Sanne Vos', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    await registerDid(b, sanne, wallet);
    await expectStatus(
      b.call('POST', '/institutions/roc-rivor/recognitions', {
        as: rivor,
        body: { issuer: a.deps.urls.issuerDid('roc-rivor') },
      }),
      201,
    );
    const route = await expectStatus(
      b.call('POST', '/routes', {
        as: rivor,
        body: {
          learnerId: sanne.id,
          roleId: atB.roleId('sante/Helpende plus'),
          hoursPerWeek: 8,
          startDate: '2027-02-01',
        },
      }),
      201,
    );
    const obs = (r: Json) => (r.plan.items as Json[]).find((i) => i.code === 'VIG-OBS');
    expect(obs(route).status).toBe('planned');

    // B asks the wallet (the QR code on the opleider's screen); the wallet answers in Data Integrity.
    const fetchedFromA = a.received.length;
    const ask = await expectStatus(
      b.call('POST', `/routes/${route.id}/wallet-requests`, { as: rivor, body: {} }),
      201,
    );
    expect(await wallet.answer(decodeQrPng(ask.qrCode.png), { only: 'ldp_vc' })).toEqual({});
    expect(a.received.slice(fetchedFromA)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GET \/status-lists\//)]),
    );
    const answered = await expectStatus(
      b.call('GET', `/routes/${route.id}/wallet-requests/${ask.id}`, { as: sanne.as }),
      200,
    );
    expect(answered).toMatchObject({ status: 'answered', credentials: [{ credentialId: ldp?.content.id }] });

    const replanned = await expectStatus(
      b.call('POST', `/routes/${route.id}/replan`, { as: rivor, body: { reason: 'Wallet getoond' } }),
      200,
    );
    expect(obs(replanned)).toMatchObject({
      status: 'exempt',
      reasons: expect.arrayContaining([
        expect.objectContaining({
          kind: 'exempt',
          evidence: expect.objectContaining({ kind: 'verifiable-credential', id: ldp?.content.id }),
        }),
      ]),
    });

    // And the VC-JWT, answering a second request.
    const again = await expectStatus(
      b.call('POST', `/routes/${route.id}/wallet-requests`, { as: rivor, body: {} }),
      201,
    );
    await wallet.answer(decodeQrSvg(again.qrCode.svg), { only: 'jwt_vc_json' });
    const verified = await expectStatus(
      b.call('GET', `/learners/${sanne.id}/verified-credentials`, { as: sanne.as }),
      200,
    );
    expect((verified.items as Json[]).map((c) => c.credentialId).sort()).toEqual(
      [ldp?.content.id, jwt?.content.id].sort(),
    );
    const once = await expectStatus(
      b.call('POST', `/routes/${route.id}/replan`, { as: rivor, body: { reason: 'Tweede keer' } }),
      200,
    );
    expect(obs(once).status).toBe('exempt');

    // A revokes the original: the copies in the wallet follow, and B, reading A's status list over HTTPS
    // once its cached list is stale, no longer exempts VIG-OBS on them.
    const revoked = await expectStatus(
      a.call('POST', `/credentials/${encodeURIComponent(sanneAtA.credentialId)}/revoke`, {
        as: rivor,
        body: { reason: 'Aftekening bleek niet door de praktijkopleider gedaan' },
      }),
      200,
    );
    expect([...revoked.copies].sort()).toEqual([ldp?.content.id, jwt?.content.id].sort());
    b.advanceClock(10 * 60_000);
    const afterRevocation = await expectStatus(
      b.call('POST', `/routes/${route.id}/replan`, { as: rivor, body: { reason: 'Na intrekking' } }),
      200,
    );
    expect(obs(afterRevocation)).toMatchObject({
      status: 'planned',
      reasons: expect.arrayContaining([expect.objectContaining({ kind: 'credential-revoked' })]),
    });
    await agent.close();
  }, 180_000);
});
