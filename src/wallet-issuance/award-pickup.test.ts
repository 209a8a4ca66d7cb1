import { beforeAll, describe, expect, it } from 'vitest';
import { openWallet } from '../../tests/support/oid4vc-wallet.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { expectStatus } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import { learnerWithModules, MODULES } from '../stacking/stacking.test-support.js';

// The qualification award (a CLR 2.0 ClrCredential) picked up in both formats: the copy is bound to the
// wallet, keeps the credentials it embeds, and meets the official CLR schema (issuing refuses otherwise).
describe('picking up a qualification award', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const han = opleider('han');

  beforeAll(async () => {
    s = await startScenarioApp();
    await expectStatus(
      s.t.call('POST', '/institutions/han/recognitions', { as: han, body: { issuer: 'ncoi' } }),
      201,
    );
  }, 60_000);

  it('is offered by HAN on the learner’s behalf and picked up as QualificationAward, in ldp_vc and jwt_vc_json', async () => {
    const learner = await learnerWithModules(s, 'krista', Object.keys(MODULES));
    const awarded = await expectStatus(
      s.t.call('POST', `/qualifications/${s.qualificationId('han/NED-2G')}/awards`, {
        as: han,
        body: { learnerId: learner.id, credentials: learner.parts },
      }),
      201,
    );
    const wallet = await openWallet(async (url, init) => s.t.app.request(url, init), {
      didWebScheme: 'http',
      now: s.t.deps.now,
    });
    for (const format of ['ldp_vc', 'jwt_vc_json']) {
      const offer = await expectStatus(
        s.t.call('POST', `/credentials/${encodeURIComponent(awarded.id)}/offer`, {
          as: han,
          body: { format },
        }),
        201,
      );
      expect(offer.credentials[0].configurationId).toBe(`QualificationAward_${format}`);
      const [held] = await wallet.pickUp(offer.credentialOfferUri, offer.txCode);
      expect(held?.content.type).toContain('ClrCredential');
      expect(held?.content.credentialSubject.id).toBe(wallet.did);
      expect(held?.content.credentialSubject.verifiableCredential).toHaveLength(Object.keys(MODULES).length);
      const verified = await s.t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: held?.credential },
      });
      expect(verified.status, verified.text).toBe(200);
    }
  }, 60_000);
});
