import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { MODULES, moduleCredential } from './stacking.test-support.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
const base = 'http://localhost:8787';
const reason = 'Diploma ten onrechte toegekend: een deelcertificaat bleek vervalst.';
const han = opleider('han');

describe('an awarded qualification: status entries and our CLR schema', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let nedId: string;
  let enrolled = 0;

  /** A new learner who granted NCOI and HAN access, with the five credentials that meet NED-2G. */
  async function learnerWithStack() {
    const sub = `leerling-${++enrolled}`;
    const learner = await s.enrol(sub, `Leerling ${enrolled}`, {
      grants: [
        { kind: 'institution', id: 'ncoi' },
        { kind: 'institution', id: 'han' },
      ],
    });
    const parts = [];
    for (const key of Object.keys(MODULES)) parts.push(await moduleCredential(s, key, `${sub}@example.nl`));
    return { id: learner.id, parts };
  }
  const award = (learner: { id: string; parts: unknown[] }) =>
    s.t.call('POST', `/qualifications/${nedId}/awards`, {
      as: han,
      body: { learnerId: learner.id, credentials: learner.parts },
    });
  const verify = (verifiableCredential: unknown) =>
    s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const change = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
    s.t.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, { as: han, body: { reason } });
  const check = (body: Json, name: string) => body.checks.find((c: Json) => c.check === name);

  beforeAll(async () => {
    s = await startScenarioApp();
    nedId = s.qualificationId('han/NED-2G');
    const recognised = await s.t.call('POST', '/institutions/han/recognitions', {
      as: han,
      body: { issuer: 'ncoi' },
    });
    expect(recognised.status, recognised.text).toBe(201);
  }, 30_000);

  it("gives the ClrCredential revocation and suspension entries on HAN's lists and our schema; it verifies", async () => {
    const learner = await learnerWithStack();
    const res = await award(learner);
    expect(res.status, res.text).toBe(201);
    const clr = res.body.verifiableCredential as Json;

    expect(clr.credentialSchema).toEqual([
      { id: `${base}/schemas/clr-credential.schema.json`, type: 'JsonSchema' },
    ]);
    expect(clr.credentialStatus).toHaveLength(2);
    const [revocation, suspension] = clr.credentialStatus;
    const lists = s.t.db.sqlite
      .prepare("SELECT purpose, id FROM status_list WHERE institution_id = 'han'")
      .all() as { purpose: string; id: string }[];
    const listOf = (purpose: string) =>
      `${base}/status-lists/${lists.find((l) => l.purpose === purpose)?.id}`;
    for (const [entry, purpose] of [
      [revocation, 'revocation'],
      [suspension, 'suspension'],
    ])
      expect(entry).toEqual({
        id: `${listOf(purpose)}#${entry.statusListIndex}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: expect.stringMatching(/^\d+$/),
        statusListCredential: listOf(purpose),
      });

    // The row holds the revocation entry, and both entries are reserved for this credential.
    const row = s.t.db.sqlite
      .prepare('SELECT status_list_id, status_list_index FROM credential WHERE id = ?')
      .get(clr.id);
    expect(row).toEqual({
      status_list_id: revocation.statusListCredential.split('/status-lists/')[1],
      status_list_index: Number(revocation.statusListIndex),
    });
    const entries = s.t.db.sqlite
      .prepare('SELECT status_list_index FROM status_list_entry WHERE credential_id = ? ORDER BY rowid')
      .all(clr.id)
      .map((e) => (e as { status_list_index: number }).status_list_index);
    expect(entries).toEqual([Number(revocation.statusListIndex), Number(suspension.statusListIndex)]);

    const verified = await verify(clr);
    expect(verified.status, verified.text).toBe(200);
    expect(check(verified.body, 'schema')).toEqual({ check: 'schema', ok: true });
    expect(check(verified.body, 'status')).toEqual({
      check: 'status',
      ok: true,
      message: '2 status entries clear',
    });

    // The schema check is real: a ClrCredential without its associations breaks it (and its signature).
    const stripped = structuredClone(clr);
    delete stripped.credentialSubject.association;
    const refused = await verify(stripped);
    expect(refused.status).toBe(422);
    expect(check(refused.body, 'schema')).toEqual({
      check: 'schema',
      ok: false,
      message: "credentialSubject: 'association' is required",
    });
  });

  it('serves the CLR schema publicly at the URL the credential names', async () => {
    const res = await s.t.call('GET', '/schemas/clr-credential.schema.json'); // no token
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    expect(res.body).toEqual(PUBLISHED_SCHEMAS['clr-credential.schema.json']);
    expect(res.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(res.body.properties.type).toEqual({ type: 'array', contains: { const: 'ClrCredential' } });
  });

  it('HAN suspends, reinstates and revokes an award; a revoked award fails verification on status', async () => {
    const learner = await learnerWithStack();
    const awarded = await award(learner);
    expect(awarded.status, awarded.text).toBe(201);
    const { id, verifiableCredential: clr } = awarded.body;

    const suspended = await change(id, 'suspend');
    expect(suspended.status, suspended.text).toBe(200);
    expect(suspended.body).toEqual({
      credentialId: id,
      status: 'suspended',
      suspendedAt: '2026-11-22T09:00:00.000Z',
    });
    const whileSuspended = await verify(clr);
    expect(whileSuspended.status).toBe(422);
    expect(check(whileSuspended.body, 'status')).toEqual({
      check: 'status',
      ok: false,
      message: 'suspended',
    });

    const reinstated = await change(id, 'reinstate');
    expect(reinstated.body).toEqual({ credentialId: id, status: 'active' });
    expect((await verify(clr)).status).toBe(200);

    const revoked = await change(id, 'revoke');
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toEqual({
      credentialId: id,
      status: 'revoked',
      revokedAt: '2026-11-22T09:00:00.000Z',
    });
    const afterRevocation = await verify(clr);
    expect(afterRevocation.status).toBe(422);
    expect(afterRevocation.body.checks.filter((c: Json) => !c.ok)).toEqual([
      { check: 'status', ok: false, message: 'revoked' },
    ]);
    const actions = s.t.db.sqlite
      .prepare('SELECT action FROM audit_event WHERE resource_id = ? ORDER BY rowid')
      .all(id)
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual([
      'qualification.awarded',
      'credential.suspended',
      'credential.reinstated',
      'credential.revoked',
    ]);
  });
});
