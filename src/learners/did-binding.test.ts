import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../../tests/support/target.js';
import { opleider, startTestApp } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { didJwkWallet, didKeyWallet, proveDid, type TestWallet } from './holder-wallet.test-support.js';

const sanne: Principal = { sub: 'sanne', role: 'learner' };
const kees: Principal = { sub: 'kees', role: 'learner' };

describe('holder binding: a learner registers the DID they prove to hold', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let clock: Date;

  const register = async (as: Principal) => {
    const res = await t.call('POST', '/learners', {
      as,
      body: { name: `Lerende ${as.sub}`, email: `${as.sub}@example.nl` },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  const nonceFor = async (id: string, as: Principal) => {
    const res = await t.call('POST', `/learners/${id}/did-nonces`, { as });
    expect(res.status, res.text).toBe(201);
    return res.body as { nonce: string; audience: string; expiresAt: string };
  };
  const putDid = (id: string, as: Principal, proof: string) =>
    t.call('PUT', `/learners/${id}/did`, { as, body: { proof } });
  /** A fresh nonce signed now by the wallet, with what the test changes. */
  const proof = async (
    id: string,
    wallet: TestWallet,
    change: Parameters<typeof proveDid>[2] = { at: clock },
  ) => proveDid(wallet, await nonceFor(id, sanne), { ...change, at: change.at });
  const events = (id: string) =>
    t.db.sqlite
      .prepare(
        "SELECT action, detail FROM audit_event WHERE resource_type = 'learner' AND resource_id = ? ORDER BY at",
      )
      .all(id) as { action: string; detail: string | null }[];

  beforeEach(async () => {
    clock = new Date(TEST_NOW);
    t = await startTestApp({ now: () => clock });
  });

  it('a did:key registers with a signed nonce, is audited by its method, and shows on the learner', async () => {
    const id = await register(sanne);
    const wallet = await didKeyWallet();
    const nonce = await nonceFor(id, sanne);
    expect(nonce).toEqual({
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      audience: t.deps.urls.base,
      expiresAt: '2026-11-22T09:10:00.000Z',
    });
    const res = await putDid(id, sanne, await proveDid(wallet, nonce, { at: clock }));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id, did: wallet.did });
    expect((await t.call('GET', `/learners/${id}`, { as: sanne })).body.did).toBe(wallet.did);
    expect(events(id)).toContainEqual({
      action: 'learner.did.registered',
      detail: JSON.stringify({ method: 'did:key' }),
    });
    expect(JSON.stringify(events(id))).not.toContain(wallet.did);
  });

  it('the same proof is refused a second time: a nonce is used once', async () => {
    const id = await register(sanne);
    const signed = await proof(id, await didKeyWallet());
    expect((await putDid(id, sanne, signed)).status).toBe(200);
    const replay = await putDid(id, sanne, signed);
    expect(replay.status).toBe(422);
    expect(replay.body).toMatchObject({
      title: 'The DID proof is not accepted',
      detail: expect.stringContaining('already used'),
    });
    expect(replay.body.errors[0].path).toBe('body.proof');
  });

  it('refuses a proof for another audience, a stale one, one by another key, and an expired or foreign nonce', async () => {
    const id = await register(sanne);
    const other = await register(kees);
    const wallet = await didKeyWallet();
    const impostor = await didKeyWallet();
    const refusals: Array<[string, string, RegExp]> = [
      [
        'another audience',
        await proof(id, wallet, { at: clock, payload: { aud: 'https://elders.example' } }),
        /aud/,
      ],
      [
        'signed ten minutes ago',
        await proof(id, wallet, { at: new Date(clock.getTime() - 600_000) }),
        /iat|too old|age/i,
      ],
      [
        'the key of another DID',
        await proof(id, impostor, {
          at: clock,
          payload: { iss: wallet.did },
          header: { kid: `${wallet.did}#x` },
        }),
        /does not verify/,
      ],
      [
        'a kid of another DID',
        await proof(id, wallet, { at: clock, header: { kid: `${impostor.did}#k` } }),
        /kid/,
      ],
      [
        'no nonce of ours',
        await proveDid(wallet, { nonce: 'made-up', audience: t.deps.urls.base }, { at: clock }),
        /not issued/,
      ],
      [
        'the nonce of another learner',
        await proveDid(wallet, await nonceFor(other, kees), { at: clock }),
        /not issued/,
      ],
      [
        'a did:web',
        await proof(id, wallet, { at: clock, payload: { iss: 'did:web:elders.example' } }),
        /a did:key \(z6Mk…\) or did:jwk of an Ed25519 key/,
      ],
    ];
    for (const [why, signed, message] of refusals) {
      const res = await putDid(id, sanne, signed);
      expect(res.status, why).toBe(422);
      expect(res.body.detail, why).toMatch(message);
    }
    const late = await nonceFor(id, sanne);
    clock = new Date(clock.getTime() + 11 * 60_000);
    const expired = await putDid(id, sanne, await proveDid(wallet, late, { at: clock }));
    expect(expired.body.detail).toMatch(/expired/);
    expect((await t.call('GET', `/learners/${id}`, { as: sanne })).body.did).toBeUndefined();
  });

  it('a did:jwk replaces a did:key; one learner per DID; only the learner registers it', async () => {
    const id = await register(sanne);
    const first = await didKeyWallet();
    expect((await putDid(id, sanne, await proof(id, first))).status).toBe(200);
    const second = await didJwkWallet();
    const replaced = await putDid(id, sanne, await proof(id, second));
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body.did).toBe(second.did);
    expect(events(id).at(-1)).toEqual({
      action: 'learner.did.replaced',
      detail: JSON.stringify({ method: 'did:jwk' }),
    });

    const other = await register(kees);
    const taken = await putDid(
      other,
      kees,
      await proveDid(second, await nonceFor(other, kees), { at: clock }),
    );
    expect(taken.status).toBe(409);
    for (const as of [kees, opleider('roc-rivor')]) {
      expect((await t.call('POST', `/learners/${id}/did-nonces`, { as })).status).toBe(403);
      expect((await putDid(id, as, await proof(id, first))).status).toBe(403);
    }
  });

  it('erasure clears the DID, so another learner may register it', async () => {
    const id = await register(sanne);
    const wallet = await didKeyWallet();
    await putDid(id, sanne, await proof(id, wallet));
    expect((await t.call('DELETE', `/learners/${id}`, { as: sanne })).status).toBe(200);
    expect(t.db.sqlite.prepare('SELECT did FROM learner WHERE id = ?').get(id)).toEqual({ did: null });
    expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM learner_did_nonce').get()).toEqual({ n: 0 });
    const other = await register(kees);
    const res = await putDid(other, kees, await proveDid(wallet, await nonceFor(other, kees), { at: clock }));
    expect(res.status).toBe(200);
  });
});
