import { beforeAll, describe, expect, it } from 'vitest';
import { openWallet, type TestWallet } from '../support/oid4vc-wallet.js';
import { opleider } from '../support/principals.js';
import { openScenario } from '../support/scenario.js';
import { expectStatus, type Json, type TargetKind, type TestTarget } from '../support/target.js';
import { learnerWithModuleCredential } from '../support/wallet-scenario.js';

/**
 * The wallet on one target (one deployment, its development URL): the test wallet reaches the app through
 * the target's client. Sanne picks her VIG-OBS credential up in both formats; ROC Rivor asks her wallet for
 * her credentials for her next route (toward Verzorgende IG at Cordaan), and the replan exempts VIG-OBS.
 * @example walletSuite(d1); // tests/workers/wallet.test.ts
 */
export function walletSuite(kind: TargetKind) {
  describe(`the wallet (OpenID4VCI pickup, OpenID4VP presentation) on ${kind.name}`, () => {
    let t: TestTarget;
    let s: Awaited<ReturnType<typeof openScenario>>;
    let wallet: TestWallet;
    const rivor = opleider('roc-rivor');

    /** A fetch that goes through the target's HTTP client: in-process on SQLite, the Worker on workerd. */
    const viaTarget = async (url: string, init: RequestInit = {}) => {
      const { pathname, search } = new URL(url);
      const answer = await t.call(init.method ?? 'GET', pathname + search, {
        ...(init.body === undefined || init.body === null ? {} : { body: String(init.body) }),
        headers: (init.headers ?? {}) as Record<string, string>,
      });
      return new Response(answer.text, { status: answer.status, headers: answer.headers });
    };

    beforeAll(async () => {
      t = await kind.open();
      s = await openScenario(t, kind.fixtures());
      wallet = await openWallet(viaTarget, { didWebScheme: 'http', now: t.deps.now });
    }, 120_000);

    it('picks a credential up in ldp_vc and jwt_vc_json, and presents each for the next route’s plan', async () => {
      const sanne = await learnerWithModuleCredential(s, 'sanne');
      const path = `/credentials/${encodeURIComponent(sanne.credentialId)}/offer`;
      for (const format of ['ldp_vc', 'jwt_vc_json']) {
        const offer = await expectStatus(
          t.call('POST', path, { as: sanne.learner.as, body: { format } }),
          201,
        );
        const [held] = await wallet.pickUp(offer.credentialOfferUri, offer.txCode);
        expect(held?.content.credentialSubject.id).toBe(wallet.did);
      }
      const pickups = await t.query<{ n: number }>('SELECT count(*) AS n FROM credential_pickup');
      expect(pickups[0]?.n).toBe(2);

      const next = await expectStatus(
        t.call('POST', '/routes', {
          as: rivor,
          body: {
            learnerId: sanne.learner.id,
            roleId: s.roleId('cordaan/Verzorgende IG'),
            hoursPerWeek: 8,
            startDate: '2027-02-01',
          },
        }),
        201,
      );
      const obs = (r: Json) => (r.plan.items as Json[]).find((i) => i.code === 'VIG-OBS');
      expect(obs(next).status).toBe('planned');
      for (const only of ['ldp_vc', 'jwt_vc_json'] as const) {
        const ask = await expectStatus(
          t.call('POST', `/routes/${next.id}/wallet-requests`, { as: rivor, body: {} }),
          201,
        );
        expect(await wallet.answer(ask.authorizationRequest, { only })).toEqual({});
        const view = await expectStatus(
          t.call('GET', `/routes/${next.id}/wallet-requests/${ask.id}`, { as: sanne.learner.as }),
          200,
        );
        expect(view.status).toBe('answered');
      }
      const replanned = await expectStatus(
        t.call('POST', `/routes/${next.id}/replan`, { as: rivor, body: { reason: 'Wallet getoond' } }),
        200,
      );
      expect(obs(replanned).status).toBe('exempt');
      const verified = await expectStatus(
        t.call('GET', `/learners/${sanne.learner.id}/verified-credentials`, { as: sanne.learner.as }),
        200,
      );
      expect(verified.items).toHaveLength(2);
    }, 120_000);
  });
}
