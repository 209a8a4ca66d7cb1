import { beforeAll, describe, expect, it } from 'vitest';
import { openWallet, WalletError } from '../../tests/support/oid4vc-wallet.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { expectStatus, type Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import { learnerWithModuleCredential } from '../../tests/support/wallet-scenario.js';

// What an instelling decides about a credential reaches the wallet: an offer made before a revocation
// or suspension issues nothing after it, and the copies wallets picked up follow their original's
// status, each under its own status entry, checked as a verifier checks it (the signed status list).
describe('a credential revoked or suspended once it was offered or picked up', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const rivor = opleider('roc-rivor');

  beforeAll(async () => {
    s = await startScenarioApp();
  }, 60_000);

  const path = (id: string, action: string) => `/credentials/${encodeURIComponent(id)}/${action}`;
  const change = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
    expectStatus(
      s.t.call('POST', path(id, action), { as: rivor, body: { reason: 'Onderzoek naar de beoordeling' } }),
      200,
    );
  const wallet = () =>
    openWallet(async (url, init) => s.t.app.request(url, init), { didWebScheme: 'http', now: s.t.deps.now });
  /** What a verifier sees of a credential's status. */
  const statusCheck = async (credential: Json) => {
    const answer = await s.t.call('POST', '/credentials/verify', {
      body: { verifiableCredential: credential },
    });
    return answer.body.checks.find((c: Json) => c.check === 'status');
  };

  it('issues nothing for an offer made before the credential was suspended', async () => {
    const { learner, credentialId } = await learnerWithModuleCredential(s, 'joris');
    const offer = await expectStatus(
      s.t.call('POST', path(credentialId, 'offer'), { as: learner.as, body: {} }),
      201,
    );
    await change(credentialId, 'suspend');
    const before = (await s.t.rowCounts()).credential;
    const refused = await (await wallet()).pickUp(offer.credentialOfferUri, offer.txCode).catch((e) => e);
    expect(refused).toBeInstanceOf(WalletError);
    expect(refused.body.error).toBe('credential_request_denied');
    expect(refused.body.error_description).toMatch(/suspended after it was offered/);
    expect((await s.t.rowCounts()).credential).toBe(before);
  });

  it('suspends, reinstates and revokes the copies a wallet picked up with their original', async () => {
    const { learner, routeId, credentialId } = await learnerWithModuleCredential(s, 'ilse');
    const held = await wallet();
    const copies: Json[] = [];
    for (const format of ['ldp_vc', 'jwt_vc_json']) {
      const offer = await expectStatus(
        s.t.call('POST', path(credentialId, 'offer'), { as: learner.as, body: { format } }),
        201,
      );
      const [copy] = await held.pickUp(offer.credentialOfferUri, offer.txCode);
      copies.push(copy?.credential);
      expect((await statusCheck(copy?.credential)).ok).toBe(true);
    }
    const ids = (
      await s.t.target.query<{ credential_id: string }>(
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
    const events = await s.t.target.query<{ action: string; detail: string }>(
      "SELECT action, detail FROM audit_event WHERE resource_type = 'credential' AND resource_id = ? ORDER BY at, rowid",
      ids[0],
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['credential.suspended', 'credential.reinstated', 'credential.revoked']),
    );
    for (const e of events.filter((e) => e.action !== 'credential.picked-up'))
      expect(JSON.parse(e.detail)).toMatchObject({ follows: credentialId });

    // The route's audit trail holds the changes of the instelling's credential, not the pickups nor
    // the copies' changes that followed (all at one instant on the test clock, so sorted here).
    const trail = await expectStatus(s.t.call('GET', `/routes/${routeId}/audit`, { as: rivor }), 200);
    expect(
      (trail.items as Json[])
        .filter((e) => e.resourceType === 'credential')
        .map((e) => `${e.action} ${e.resourceId}`)
        .sort(),
    ).toEqual(['issued', 'reinstated', 'revoked', 'suspended'].map((a) => `credential.${a} ${credentialId}`));
  }, 60_000);
});
