import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { didKeyWallet, registerDid } from '../../src/learners/holder-wallet.test-support.js';
import { present } from '../../src/verification/holder.test-support.js';
import { type Deployment, startDeployments } from '../support/deployments.js';
import { praktijkopleider } from '../support/principals.js';
import { openScenario, type Scenario } from '../support/scenario.js';
import type { Json } from '../support/target.js';
import { opleider, werkgever } from '../support/test-app.js';

// What a learner proved at one deployment counts at the next (issue 9, "How it is checked"): two
// deployments, each its own database and public URL on loopback; B reaches A's DID document and status
// lists only over HTTPS. ROC Rivor at A issues through a real sign-off at Santé; Sanne presents the
// credential to ROC Rivor at B, which exempts VIG-OBS; then every replan at B reads A's status again.
// A status list is cached for its ttl (300000 ms), so after A changes one, B's clock moves past it.
const TTL_PASSED = 300_001;

describe('a credential from deployment A exempts at deployment B, as long as A says it stands', () => {
  let deployments: Awaited<ReturnType<typeof startDeployments<'a' | 'b'>>>;
  let a: Deployment;
  let b: Deployment;
  let atA: Scenario;
  let atB: Scenario;
  const rivor = opleider('roc-rivor');

  beforeAll(async () => {
    deployments = await startDeployments({ a: {}, b: {} });
    ({ a, b } = deployments);
    atA = await openScenario(a, readFixtureFiles());
    atB = await openScenario(b, readFixtureFiles());
  }, 120_000);
  afterAll(async () => deployments?.close());

  /** The learner registers at a deployment and proves the DID of her wallet there. */
  async function withDid(at: Scenario, wallet: Awaited<ReturnType<typeof didKeyWallet>>) {
    const sanne = await at.enrol('sanne', 'Sanne Vos', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    await registerDid(at.t, sanne, wallet);
    return sanne;
  }

  /** ROC Rivor composes a route toward Helpende plus at Santé. */
  const helpendePlus = (at: Scenario, learnerId: string, startDate: string) =>
    at.expectStatus(
      at.t.call('POST', '/routes', {
        as: rivor,
        body: { learnerId, roleId: at.roleId('sante/Helpende plus'), hoursPerWeek: 8, startDate },
      }),
      201,
    );

  it('B exempts; A suspends → suspended; A stopped → status-unavailable; A reinstates → exempt; A revokes → dropped', async () => {
    const wallet = await didKeyWallet();

    // At A: a route at ROC Rivor toward Helpende plus at Santé; VIG-OBS signed off; its credential issued.
    const atASanne = await withDid(atA, wallet);
    const route = await helpendePlus(atA, atASanne.id, '2026-11-02');
    await atA.expectStatus(
      a.call('POST', `/routes/${route.id}/assessors`, {
        as: werkgever('sante'),
        body: { assessorId: atA.assessorId('pol-sante-1') },
      }),
      201,
    );
    const assessor = praktijkopleider('sante', 'pol-sante-1');
    for (const as of [rivor, assessor, atASanne.as])
      await atA.expectStatus(a.call('POST', `/routes/${route.id}/approvals`, { as }), 200);
    await atA.expectStatus(
      a.call('POST', `/routes/${route.id}/signoffs`, {
        as: assessor,
        body: {
          outcomeId: atA.outcomeId('roc-rivor', 'VIG-LU-OR'),
          result: 'passed',
          date: '2026-11-20',
          evidence: [{ kind: 'text', text: 'Geobserveerd op de afdeling.' }],
        },
      }),
      201,
    );
    const held = await atA.expectStatus(
      a.call('GET', `/learners/${atASanne.id}/credentials`, { as: atASanne.as }),
      200,
    );
    const vc = (held.items as Json[])[0]?.verifiableCredential as Json;
    expect(vc.credentialSubject.id).toBe(wallet.did);
    const issuerAtA = a.deps.urls.issuerDid('roc-rivor');
    expect(vc.issuer.id).toBe(issuerAtA);

    // At B: the same person, the same DID; ROC Rivor at B recognises ROC Rivor at A.
    const sanne = await withDid(atB, wallet);
    await atB.expectStatus(
      b.call('POST', '/institutions/roc-rivor/recognitions', { as: rivor, body: { issuer: issuerAtA } }),
      201,
    );
    const request = await atB.expectStatus(
      b.call('POST', '/institutions/roc-rivor/presentation-requests', {
        as: sanne.as,
        body: { learnerId: sanne.id },
      }),
      201,
    );
    expect(request.domain).toBe(b.url);
    const fetched = a.received.length;
    const accepted = await b.call(
      'POST',
      `/institutions/roc-rivor/presentation-requests/${request.id}/responses`,
      {
        as: sanne.as,
        body: {
          verifiablePresentation: await present(b.deps, wallet, [vc], {
            challenge: request.challenge,
            domain: request.domain,
          }),
        },
      },
    );
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body.credentials[0]).toMatchObject({ credentialId: vc.id, issuer: issuerAtA });
    expect(a.received.slice(fetched)).toEqual(
      expect.arrayContaining([
        'GET /institutions/roc-rivor/did.json',
        expect.stringMatching(/^GET \/status-lists\//),
      ]),
    );

    // B plans with it: VIG-OBS is exempt, the credential from A its evidence.
    const composed = await helpendePlus(atB, sanne.id, '2027-02-01');
    const obs = (r: Json) => (r.plan.items as Json[]).find((i) => i.code === 'VIG-OBS');
    expect(obs(composed).status).toBe('exempt');
    expect(obs(composed).reasons[0]).toMatchObject({
      kind: 'exempt',
      evidence: { kind: 'verifiable-credential', id: vc.id },
    });
    const replan = async (reason: string) =>
      obs(
        await atB.expectStatus(
          b.call('POST', `/routes/${composed.id}/replan`, { as: rivor, body: { reason } }),
          200,
        ),
      );
    const statusAtA = (action: string) =>
      atA.expectStatus(
        a.call('POST', `/credentials/${encodeURIComponent(vc.id)}/${action}`, {
          as: rivor,
          body: { reason: action },
        }),
        200,
      );
    const lapsed = (kind: string) => ({
      status: 'planned',
      reasons: expect.arrayContaining([expect.objectContaining({ kind, credentialId: vc.id })]),
    });

    await statusAtA('suspend');
    b.advanceClock(TTL_PASSED);
    expect(await replan('A schorste het credential')).toMatchObject(lapsed('credential-suspended'));

    await a.stop();
    b.advanceClock(TTL_PASSED);
    const unavailable = await replan('A is onbereikbaar');
    expect(unavailable).toMatchObject(lapsed('status-unavailable'));
    expect(JSON.stringify(unavailable.reasons)).toContain('could not be fetched');
    await a.start();

    await statusAtA('reinstate');
    b.advanceClock(TTL_PASSED);
    expect(await replan('A herstelde het credential')).toMatchObject({ status: 'exempt' });

    await statusAtA('revoke');
    b.advanceClock(TTL_PASSED);
    expect(await replan('A trok het credential in')).toMatchObject(lapsed('credential-revoked'));

    const trail = await atB.expectStatus(
      b.call('GET', `/routes/${composed.id}/audit`, { as: sanne.as as Principal }),
      200,
    );
    const changes = (trail.items as Json[])
      .filter((e) => e.action.startsWith('route.exemption-'))
      .map((e) =>
        `${e.action.slice('route.exemption-'.length)} ${e.detail.code} ${e.detail.why ?? ''}`.trim(),
      );
    expect(changes).toEqual([
      'granted VIG-OBS',
      expect.stringMatching(/^dropped VIG-OBS credential-suspended: /),
      'granted VIG-OBS',
      expect.stringMatching(/^dropped VIG-OBS credential-revoked: /),
    ]);
  }, 120_000);
});
