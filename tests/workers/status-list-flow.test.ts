import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusList, STATUS_LIST_LENGTH } from '../../src/credentials/index.js';
import { checkOf, PUBLIC_URL, signedOffCredential, verify } from '../support/flow-builders.js';
import type { Json } from '../support/target.js';
import { d1Target } from './d1-target.js';

const t = d1Target();

const reason = 'Beoordeling bleek niet door de praktijkopleider gedaan.';
const listPath = (url: string) => new URL(url).pathname;

describe('status lists on workerd with D1', () => {
  let credential: Awaited<ReturnType<typeof signedOffCredential>>;
  const change = (action: string) =>
    t.call('POST', `/credentials/${encodeURIComponent(credential.id)}/${action}`, {
      as: credential.school,
      body: { reason },
    });
  /** The 2-bit value the published list holds for the entry: 0 active, 1 suspended, 2 revoked. */
  const valueIn = async (entry: Json) => {
    const list = (await t.call('GET', listPath(entry.statusListCredential))).body;
    return (await decodeStatusList(list.credentialSubject.encodedList)).valueAt(
      Number(entry.statusListIndex),
      2,
    );
  };

  beforeAll(async () => {
    credential = await signedOffCredential(t, 'zorghuis');
  });

  it('issues the module credential after the last sign-off with one 2-bit message entry', async () => {
    const { vc } = credential;
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    const entry = vc.credentialStatus;
    expect(entry).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusSize: 2,
      statusListCredential: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/status-lists/[^/]+$`)),
    });
    expect(entry.statusMessage.map((m: Json) => m.message)).toEqual([
      'active',
      'suspended',
      'revoked',
      'undefined',
    ]);
    expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);
    expect(Number(entry.statusListIndex)).toBeLessThan(STATUS_LIST_LENGTH);
    const res = await verify(t, vc);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(checkOf(res.body, 'status')).toEqual({
      check: 'status',
      ok: true,
      message: '1 status entry clear',
    });
  });

  it('serves each list publicly as a signed BitstringStatusListCredential that verifies', async () => {
    const entry = credential.vc.credentialStatus;
    const res = await t.call('GET', listPath(entry.statusListCredential));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: entry.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:localhost%3A8787:institutions:zorghuis',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'message' },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' },
    });
    const bits = await decodeStatusList(res.body.credentialSubject.encodedList);
    expect(bits.length).toBe(STATUS_LIST_LENGTH * 2);
    expect(bits.valueAt(Number(entry.statusListIndex), 2)).toBe(0);
    const verified = await verify(t, res.body);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    // Signed once per version and stored in D1: the next fetch is the same document, proof and all.
    expect((await t.call('GET', listPath(entry.statusListCredential))).body).toEqual(res.body);
    expect((await t.call('GET', '/status-lists/nope')).status).toBe(404);
  });

  it('suspend fails verification on "status", reinstate passes it again, revoke fails it for good', async () => {
    const { vc } = credential;
    const entry = vc.credentialStatus;
    const failed = async (message: string) => {
      const res = await verify(t, vc);
      expect(res.status).toBe(422);
      expect(checkOf(res.body, 'status')).toEqual({ check: 'status', ok: false, message });
      expect(res.body.checks.filter((c: Json) => !c.ok).map((c: Json) => c.check)).toEqual(['status']);
    };

    const suspended = await change('suspend');
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect(suspended.body).toMatchObject({ credentialId: credential.id, status: 'suspended' });
    await failed('suspended');
    expect(await valueIn(entry)).toBe(1);

    const reinstated = await change('reinstate');
    expect(reinstated.body).toEqual({ credentialId: credential.id, status: 'active' });
    expect((await verify(t, vc)).status).toBe(200);
    expect(await valueIn(entry)).toBe(0);

    const revoked = await change('revoke');
    expect(revoked.body).toMatchObject({ credentialId: credential.id, status: 'revoked' });
    await failed('revoked');
    expect(await valueIn(entry)).toBe(2);
    for (const action of ['revoke', 'suspend', 'reinstate']) expect((await change(action)).status).toBe(409);

    // The re-signed list still verifies on its own.
    const list = await t.call('GET', listPath(entry.statusListCredential));
    expect((await verify(t, list.body)).status).toBe(200);
  });
});
