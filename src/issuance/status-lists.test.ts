import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { admin, opleider, werkgever } from '../../tests/support/test-app.js';
import {
  decodeStatusList,
  encodeStatusList,
  type JsonObject,
  STATUS_LIST_LENGTH,
  signCredential,
  statusEntry,
} from '../credentials/index.js';
import { credentialRow } from './credential-row.js';
import { issueCredential } from './issue-credential.js';
import { signerFor } from './signer.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
type Stored = { id: string; routeId: string; moduleId: string; status: string; verifiableCredential: Json };
const evidence = [{ kind: 'text', text: 'Geobserveerd tijdens de dienst.' }];
const reason = 'Beoordeling bleek niet door de praktijkopleider gedaan.';
const hoven = opleider('de-hoven');

describe('Bitstring Status Lists: revocation and suspension of credentials in one 2-bit entry', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let credentials: Stored[];

  beforeAll(async () => {
    s = await startScenarioApp();
    const { routeId } = await s.agreedRoute({
      sub: 'zorgmedewerker-hoven',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-2'],
      startDate: '2026-11-02',
    });
    const pol = praktijkopleider('de-hoven', 'pol-de-hoven-2');
    for (const code of ['DH-LU-WAK', 'DH-LU-VOE', 'DH-LU-STK']) {
      const res = await s.t.call('POST', `/routes/${routeId}/signoffs`, {
        as: pol,
        body: { outcomeId: s.outcomeId('de-hoven', code), result: 'passed', date: '2026-11-20', evidence },
      });
      expect(res.status).toBe(201);
    }
    const res = await s.t.call('GET', `/routes/${routeId}/credentials`, { as: hoven });
    credentials = res.body.items;
    expect(credentials).toHaveLength(3);
  }, 60_000);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const verify = (verifiableCredential: Json) =>
    s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const statusCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'status');
  const change = (id: string, action: string, as = hoven, body: object = { reason }) =>
    s.t.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, { as, body });
  const nth = (i: number) => credentials[i] as Stored;
  const listIdOf = (url: string) => url.split('/status-lists/')[1] as string;
  /** The value the published list holds for an entry now. */
  const publishedValue = async (entry: Json) => {
    const list = (await s.t.call('GET', new URL(entry.statusListCredential).pathname)).body;
    return (await decodeStatusList(list.credentialSubject.encodedList)).valueAt(
      Number(entry.statusListIndex),
      2,
    );
  };

  it("gives every issued credential one message entry at a random index of its instelling's list, and it verifies", async () => {
    const seen = new Set<string>();
    const lists = new Set<string>();
    for (const { id, verifiableCredential: vc } of credentials) {
      // The entry of src/credentials/status-list-credential.ts (purpose message, 2 bits), on our list.
      const entry = vc.credentialStatus;
      expect(entry.statusListCredential).toMatch(/^http:\/\/localhost:8787\/status-lists\/[^/]+$/);
      expect(entry.statusListIndex).toMatch(/^\d+$/);
      expect(entry).toEqual(statusEntry(entry.statusListCredential, Number(entry.statusListIndex)));
      expect(Number(entry.statusListIndex)).toBeLessThan(STATUS_LIST_LENGTH);
      seen.add(entry.statusListIndex);
      lists.add(entry.statusListCredential);
      const row = s.t.db.sqlite
        .prepare('SELECT status_list_id, status_list_index FROM credential WHERE id = ?')
        .get(id) as { status_list_id: string; status_list_index: number };
      expect(row).toEqual({
        status_list_id: listIdOf(entry.statusListCredential),
        status_list_index: Number(entry.statusListIndex),
      });
      const res = await verify(vc);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(statusCheck(res.body)).toEqual({ check: 'status', ok: true, message: '1 status entry clear' });
    }
    // One list per institution; every credential at its own index in it.
    expect(lists.size).toBe(1);
    expect(seen.size).toBe(3);
    const purposes = s.t.db.sqlite
      .prepare("SELECT purpose, status_size FROM status_list WHERE institution_id = 'de-hoven'")
      .all();
    expect(purposes).toEqual([{ purpose: 'message', status_size: 2 }]);
  });

  it('publishes each status list publicly as a signed BitstringStatusListCredential that verifies', async () => {
    const entry = nth(0).verifiableCredential.credentialStatus;
    const url = new URL(entry.statusListCredential);
    const res = await s.t.call('GET', url.pathname); // no token
    expect(res.status).toBe(200);
    const list = res.body;
    expect(list).toMatchObject({
      id: entry.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:localhost%3A8787:institutions:de-hoven',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'message' },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' },
    });
    expect(list.credentialSubject.encodedList).toMatch(/^u/);
    const bits = await decodeStatusList(list.credentialSubject.encodedList);
    expect(bits.length).toBe(STATUS_LIST_LENGTH * 2); // 131,072 entries of 2 bits
    expect(bits.valueAt(Number(entry.statusListIndex), 2)).toBe(0);
    expect((await verify(list)).status).toBe(200);
    // Signed once per version: fetching again gives the same document, proof and all.
    expect((await s.t.call('GET', url.pathname)).body).toEqual(list);
    expect((await s.t.call('GET', '/status-lists/nope')).status).toBe(404);
  });

  it('revokes for good: verification fails with "revoked", and a second revoke, suspend or reinstate is a 409', async () => {
    const { id, verifiableCredential: vc } = nth(0);
    const entry = vc.credentialStatus;
    const before = (await s.t.call('GET', new URL(entry.statusListCredential).pathname)).body;

    expect((await change(id, 'revoke', opleider('han'))).status).toBe(403);
    expect((await change(id, 'revoke', werkgever('de-hoven'))).status).toBe(403);
    expect((await change(id, 'revoke', hoven, {})).status).toBe(422);
    expect(
      (await s.t.call('POST', `/credentials/${encodeURIComponent(id)}/revoke`, { body: { reason } })).status,
    ).toBe(401);
    expect((await change('urn:uuid:nope', 'revoke')).status).toBe(404);

    const revoked = await change(id, 'revoke');
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toEqual({
      credentialId: id,
      status: 'revoked',
      revokedAt: '2026-11-22T09:00:00.000Z',
    });

    const res = await verify(vc);
    expect(res.status).toBe(422);
    expect(statusCheck(res.body)).toEqual({ check: 'status', ok: false, message: 'revoked' });
    expect(res.body.checks.filter((c: Json) => !c.ok).map((c: Json) => c.check)).toEqual(['status']);

    for (const action of ['revoke', 'reinstate', 'suspend'])
      expect((await change(id, action)).status).toBe(409);

    // The list was signed again with the entry at 0x2 (revoked); the credential row and the audit trail agree.
    const after = (await s.t.call('GET', new URL(entry.statusListCredential).pathname)).body;
    expect(after.credentialSubject.encodedList).not.toBe(before.credentialSubject.encodedList);
    expect(await publishedValue(entry)).toBe(2);
    expect((await verify(after)).status).toBe(200);
    const stored = await s.t.call('GET', `/credentials/${encodeURIComponent(id)}`, { as: hoven });
    expect(stored.body.status).toBe('revoked');
    const audit = s.t.db.sqlite
      .prepare(
        "SELECT action, actor, detail FROM audit_event WHERE resource_id = ? AND action LIKE 'credential.%' ORDER BY at",
      )
      .all(id) as { action: string; actor: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['credential.issued', 'credential.revoked']);
    expect(JSON.parse(audit[1]?.detail ?? '{}')).toMatchObject({ reason });
  });

  it('suspends until reinstated: verification fails with "suspended", then verifies again', async () => {
    const { id, verifiableCredential: vc } = nth(1);
    expect((await change(id, 'reinstate')).status).toBe(409); // not suspended
    // Verified lists are cached: a change must still show at once, because the re-signed list differs.
    expect((await verify(vc)).status).toBe(200);
    const suspended = await change(id, 'suspend');
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body.status).toBe('suspended');
    expect((await change(id, 'suspend')).status).toBe(409);

    const res = await verify(vc);
    expect(res.status).toBe(422);
    expect(statusCheck(res.body)).toEqual({ check: 'status', ok: false, message: 'suspended' });
    expect(await publishedValue(vc.credentialStatus)).toBe(1);

    const reinstated = await change(id, 'reinstate', admin);
    expect(reinstated.status, reinstated.text).toBe(200);
    expect(reinstated.body).toEqual({ credentialId: id, status: 'active' });
    expect((await verify(vc)).status).toBe(200);
    expect(await publishedValue(vc.credentialStatus)).toBe(0);
    const actions = s.t.db.sqlite
      .prepare(
        "SELECT action FROM audit_event WHERE resource_id = ? AND action LIKE 'credential.%' ORDER BY rowid",
      )
      .all(id)
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['credential.issued', 'credential.suspended', 'credential.reinstated']);
  });

  it('takes the VC-API status update in both shapes, with the same rules', async () => {
    const { id, verifiableCredential: vc } = nth(2);
    const update = (body: object, as = hoven) => s.t.call('POST', '/credentials/status', { as, body });
    const suspension = { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' };
    const revocation = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' };

    expect(
      (await update({ credentialId: id, credentialStatus: suspension, status: true }, opleider('han')))
        .status,
    ).toBe(403);
    const suspended = await update({ credentialId: id, credentialStatus: suspension, status: true, reason });
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body.status).toBe('suspended');
    expect(statusCheck((await verify(vc)).body).message).toBe('suspended');

    const active = await update({
      credentialId: id,
      credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'active' }],
    });
    expect(active.body).toEqual({ credentialId: id, status: 'active' });
    expect((await verify(vc)).status).toBe(200);

    expect((await update({ credentialId: id, credentialStatus: revocation, status: false })).status).toBe(
      409,
    );
    expect((await update({ credentialId: id, credentialStatus: revocation })).status).toBe(422);
    expect(
      (await update({ credentialId: id, credentialStatus: [{ type: 'Other', status: 'revoked' }] })).status,
    ).toBe(422);

    // Suspended, then revoked: revocation is final, and the entry says revoked (0x2), not both.
    expect(
      (await update({ credentialId: id, credentialStatus: suspension, status: true, reason })).status,
    ).toBe(200);
    const revoked = await update({
      credentialId: id,
      credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' }],
    });
    expect(revoked.body.status).toBe('revoked');
    expect(await publishedValue(vc.credentialStatus)).toBe(2);
    expect(statusCheck((await verify(vc)).body).message).toBe('revoked');
    expect(
      (
        await update({
          credentialId: id,
          credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'active' }],
        })
      ).status,
    ).toBe(409);
  });

  it('fails closed on a status list it cannot load or verify, naming why', async () => {
    const { proof: _proof, ...unsigned } = nth(1).verifiableCredential;
    const elsewhere = await signCredential(await signerFor(s.t.deps, 'de-hoven'), {
      ...unsigned,
      credentialStatus: {
        id: 'https://elders.example/status/1#7',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '7',
        statusListCredential: 'https://elders.example/status/1',
      },
    });
    const res = await verify(elsewhere);
    expect(res.status).toBe(422);
    expect(statusCheck(res.body)).toEqual({
      check: 'status',
      ok: false,
      message: expect.stringContaining('status list https://elders.example/status/1 could not be fetched'),
    });
    expect(res.body.checks.filter((c: Json) => !c.ok).map((c: Json) => c.check)).toEqual(['status']);

    const missing = await signCredential(await signerFor(s.t.deps, 'de-hoven'), {
      ...unsigned,
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '7',
        statusListCredential: 'http://localhost:8787/status-lists/no-such-list',
      },
    });
    expect(statusCheck((await verify(missing)).body).message).toContain('there is no such list');

    // A cached list document whose bits were changed without re-signing does not verify: fail closed.
    const entry = nth(1).verifiableCredential.credentialStatus;
    const listId = listIdOf(entry.statusListCredential);
    await s.t.call('GET', new URL(entry.statusListCredential).pathname); // signed and stored now
    const row = s.t.db.sqlite.prepare('SELECT signed_document FROM status_list WHERE id = ?').get(listId) as {
      signed_document: string;
    };
    const forged = JSON.parse(row.signed_document);
    forged.credentialSubject.encodedList = await encodeStatusList(STATUS_LIST_LENGTH, 2, [
      [Number(entry.statusListIndex), 3],
    ]);
    s.t.db.sqlite
      .prepare('UPDATE status_list SET signed_document = ? WHERE id = ?')
      .run(JSON.stringify(forged), listId);
    const tampered = await verify(nth(1).verifiableCredential);
    expect(statusCheck(tampered.body).message).toContain('does not verify');
    s.t.db.sqlite
      .prepare('UPDATE status_list SET signed_document = ? WHERE id = ?')
      .run(row.signed_document, listId);
  });

  it('refuses to change the status of a credential issued without status entries', async () => {
    // Every path issues with status entries now; a row from before status lists existed has none.
    const { proof: _proof, credentialStatus: _status, ...unsigned } = nth(0).verifiableCredential;
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const document = await signCredential(await signerFor(s.t.deps, 'de-hoven'), { ...unsigned, id });
    await s.t.deps.db.atomically([
      s.t.deps.db.kysely
        .insertInto('credential')
        .values(credentialRow({ id, institutionId: 'de-hoven', document, issuedAt: '2026-01-05T10:00:00Z' })),
    ]);
    const res = await change(id, 'revoke');
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe(
      `Credential '${id}' was issued without a revocation status entry, so its status cannot be changed.`,
    );
  });

  it('draws, signs and stores again when a drawn index is taken, in one transaction each time', async () => {
    const [taken] = credentials.map((c) => c.verifiableCredential.credentialStatus);
    const takenIndex = Number(taken.statusListIndex);
    const fresh = (takenIndex + 1) % STATUS_LIST_LENGTH;
    let draws = 0;
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(
      <T extends ArrayBufferView | null>(array: T): T => {
        // The first draw hits the index a credential already holds; every later draw is free.
        (array as unknown as Uint32Array)[0] = draws++ === 0 ? takenIndex : fresh;
        return array;
      },
    );
    const id = 'urn:uuid:7a1d0c8e-0000-4000-8000-000000000001';
    const signed: number[] = [];
    const { proof: _proof, credentialStatus: _status, ...unsigned } = nth(1).verifiableCredential;
    const before = s.t.rowCounts();
    const { status } = await issueCredential(s.t.deps, {
      institutionId: 'de-hoven',
      credentialId: id,
      format: 'ldp',
      build: (credentialId, credentialStatus) => {
        signed.push(Number((credentialStatus as JsonObject).statusListIndex));
        return { ...unsigned, id: credentialId, credentialStatus };
      },
      audit: { actor: admin, action: 'credential.issued' },
    });
    expect(signed).toEqual([takenIndex, fresh]); // signed twice: the first signature named a taken index
    expect(status?.slot.index).toBe(fresh);
    const after = s.t.rowCounts();
    expect([after.credential, after.status_list_entry]).toEqual([
      (before.credential ?? 0) + 1,
      (before.status_list_entry ?? 0) + 1,
    ]);
  });

  it('writes no status entry for a credential whose row the batch does not store', async () => {
    // As when a concurrent issuer's credential for the same (route, module) won: this insert is ignored.
    const { routeId, moduleId, verifiableCredential } = nth(2);
    const { proof: _proof, credentialStatus: _status, ...unsigned } = verifiableCredential;
    const before = s.t.rowCounts();
    const { status } = await issueCredential(s.t.deps, {
      institutionId: 'de-hoven',
      format: 'ldp',
      build: (id, credentialStatus) => ({ ...unsigned, id, credentialStatus }),
      holder: { routeId, moduleId },
      audit: { actor: admin, action: 'credential.issued' },
      conflict: 'once-per-module',
    });
    expect(status?.credentialStatus).toMatchObject({ statusPurpose: 'message', statusSize: 2 });
    expect(s.t.rowCounts()).toEqual(before);
  });
});
