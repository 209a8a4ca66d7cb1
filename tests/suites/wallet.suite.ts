import { beforeAll, describe, expect, it } from 'vitest';
import { openWallet, type TestWallet, WalletError } from '../support/oid4vc-wallet.js';
import { opleider } from '../support/principals.js';
import { openScenario } from '../support/scenario.js';
import { expectStatus, type Json, type TargetKind, type TestTarget } from '../support/target.js';
import { learnerWithModuleCredential } from '../support/wallet-scenario.js';

/**
 * The wallet on one target (one deployment, its development URL): the test wallet reaches the app through
 * the target's client. Sanne picks her VIG-OBS credential up in both formats; ROC Rivor asks her wallet for
 * her credentials for her next route (toward Verzorgende IG at Cordaan), and the replan exempts VIG-OBS.
 * What the instelling decides about a credential reaches the wallet: an offer made before a suspension
 * issues nothing after it, and the copies a wallet picked up follow their original's status, each under
 * its own status entry, checked as a verifier checks it (the signed status list).
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

    const credentialPath = (id: string, action: string) => `/credentials/${encodeURIComponent(id)}/${action}`;
    const change = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
      expectStatus(
        t.call('POST', credentialPath(id, action), {
          as: rivor,
          body: { reason: 'Onderzoek naar de beoordeling' },
        }),
        200,
      );
    /** What a verifier sees of a credential's status. */
    const statusCheck = async (credential: Json) => {
      const answer = await t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: credential },
      });
      return answer.body.checks.find((c: Json) => c.check === 'status');
    };

    it('issues nothing for an offer made before the credential was suspended', async () => {
      const { learner, credentialId } = await learnerWithModuleCredential(s, 'joris');
      const offer = await expectStatus(
        t.call('POST', credentialPath(credentialId, 'offer'), { as: learner.as, body: {} }),
        201,
      );
      await change(credentialId, 'suspend');
      const before = (await t.rowCounts()).credential;
      const refused = await wallet.pickUp(offer.credentialOfferUri, offer.txCode).catch((e) => e);
      expect(refused).toBeInstanceOf(WalletError);
      expect(refused.body.error).toBe('credential_request_denied');
      expect(refused.body.error_description).toMatch(/suspended after it was offered/);
      expect((await t.rowCounts()).credential).toBe(before);
    }, 60_000);

    it('suspends, reinstates and revokes the copies a wallet picked up with their original', async () => {
      const { learner, routeId, credentialId } = await learnerWithModuleCredential(s, 'ilse');
      const copies: Json[] = [];
      for (const format of ['ldp_vc', 'jwt_vc_json']) {
        const offer = await expectStatus(
          t.call('POST', credentialPath(credentialId, 'offer'), { as: learner.as, body: { format } }),
          201,
        );
        const [copy] = await wallet.pickUp(offer.credentialOfferUri, offer.txCode);
        copies.push(copy?.credential);
        expect((await statusCheck(copy?.credential)).ok).toBe(true);
      }
      const ids = (
        await t.query<{ credential_id: string }>(
          'SELECT credential_id FROM credential_pickup WHERE source_credential_id = ? ORDER BY credential_id',
          credentialId,
        )
      ).map((r) => r.credential_id);
      expect(ids).toHaveLength(2);

      const suspended = await change(credentialId, 'suspend');
      expect(suspended).toMatchObject({ status: 'suspended', copies: ids });
      for (const copy of copies) {
        const check = await statusCheck(copy);
        expect(check.ok, JSON.stringify(check)).toBe(false);
        expect(check.message).toMatch(/suspended/);
      }
      expect((await change(credentialId, 'reinstate')).copies).toEqual(ids);
      for (const copy of copies) expect((await statusCheck(copy)).ok).toBe(true);
      expect(await change(credentialId, 'revoke')).toMatchObject({ status: 'revoked', copies: ids });
      for (const copy of copies) expect((await statusCheck(copy)).message).toMatch(/revoked/);

      // Each copy's change is audited on the copy, naming the original it follows.
      const events = await t.query<{ action: string; detail: string }>(
        "SELECT action, detail FROM audit_event WHERE resource_type = 'credential' AND resource_id = ? ORDER BY rowid",
        ids[0],
      );
      expect(events.map((e) => e.action)).toEqual([
        'credential.picked-up',
        'credential.suspended',
        'credential.reinstated',
        'credential.revoked',
      ]);
      for (const e of events.slice(1)) expect(JSON.parse(e.detail)).toMatchObject({ follows: credentialId });

      // The route's audit trail holds the changes of the instelling's credential, in order, not the
      // pickups nor the copies' changes that followed.
      const trail = await expectStatus(t.call('GET', `/routes/${routeId}/audit`, { as: rivor }), 200);
      expect(
        (trail.items as Json[])
          .filter((e) => e.resourceType === 'credential')
          .map((e) => `${e.action} ${e.resourceId}`),
      ).toEqual(
        ['issued', 'suspended', 'reinstated', 'revoked'].map((a) => `credential.${a} ${credentialId}`),
      );
    }, 120_000);
  });
}
