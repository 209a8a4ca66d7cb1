import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  type JsonSchema,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  statusEntry,
  validateJsonSchema,
} from '../credentials/index.js';
import { learnerWithModules, MODULES } from './stacking.test-support.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
const base = 'http://localhost:8787';
const reason = 'Diploma ten onrechte toegekend: een deelcertificaat bleek vervalst.';
const han = opleider('han');

describe("an awarded qualification: once per learner, with a status entry and 1EdTech's CLR schema", () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let nedId: string;
  let enrolled = 0;

  /** A new learner who granted NCOI and HAN access, with the five credentials that meet NED-2G. */
  const learnerWithStack = () => learnerWithModules(s, `leerling-${++enrolled}`, Object.keys(MODULES));
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
  const awards = (learnerId: string) =>
    s.t.db.sqlite
      .prepare('SELECT credential_id, retired_at FROM award WHERE learner_id = ? ORDER BY awarded_at, rowid')
      .all(learnerId) as { credential_id: string; retired_at: string | null }[];
  const conflict = (learnerId: string, credentialId: string) => ({
    type: '/problems/conflict',
    title: 'Conflict',
    status: 409,
    detail:
      `Learner '${learnerId}' already holds qualification 'NED-2G': credential '${credentialId}'. ` +
      'A qualification is awarded once; revoke that credential first to award it again.',
    instance: `/qualifications/${nedId}/awards`,
  });

  beforeAll(async () => {
    s = await startScenarioApp();
    nedId = s.qualificationId('han/NED-2G');
    const recognised = await s.t.call('POST', '/institutions/han/recognitions', {
      as: han,
      body: { issuer: 'ncoi' },
    });
    expect(recognised.status, recognised.text).toBe(201);
  }, 30_000);

  it("gives the ClrCredential one status entry on HAN's list and the official CLR schema, which it meets; it verifies", async () => {
    const learner = await learnerWithStack();
    const res = await award(learner);
    expect(res.status, res.text).toBe(201);
    const clr = res.body.verifiableCredential as Json;

    expect(clr['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://id.loopbrug.nl/contexts/microcredential-v2.jsonld',
    ]);
    expect(clr.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json',
        type: 'JsonSchema',
      },
    ]);
    // 1EdTech's schemas, with no error: the award, and each credential embedded in it.
    expect(validateJsonSchema(BUNDLED_SCHEMAS.get(CLR_CREDENTIAL_SCHEMA) as JsonSchema, clr)).toEqual([]);
    for (const part of clr.credentialSubject.verifiableCredential)
      expect(
        validateJsonSchema(BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema, part),
      ).toEqual([]);

    const entry = clr.credentialStatus;
    const lists = s.t.db.sqlite
      .prepare("SELECT purpose, id FROM status_list WHERE institution_id = 'han'")
      .all() as { purpose: string; id: string }[];
    expect(lists.map((l) => l.purpose)).toEqual(['message']);
    const list = `${base}/status-lists/${lists[0]?.id}`;
    expect(entry).toEqual(statusEntry(list, Number(entry.statusListIndex)));
    expect(entry).toMatchObject({ statusPurpose: 'message', statusSize: 2 });

    // The row holds the entry, and it belongs to this credential.
    const row = s.t.db.sqlite
      .prepare('SELECT status_list_id, status_list_index FROM credential WHERE id = ?')
      .get(clr.id);
    expect(row).toEqual({
      status_list_id: entry.statusListCredential.split('/status-lists/')[1],
      status_list_index: Number(entry.statusListIndex),
    });
    const entries = s.t.db.sqlite
      .prepare('SELECT status_list_index FROM status_list_entry WHERE credential_id = ? ORDER BY rowid')
      .all(clr.id)
      .map((e) => (e as { status_list_index: number }).status_list_index);
    expect(entries).toEqual([Number(entry.statusListIndex)]);
    expect(awards(learner.id)).toEqual([{ credential_id: clr.id, retired_at: null }]);

    const verified = await verify(clr);
    expect(verified.status, verified.text).toBe(200);
    expect(check(verified.body, 'schema')).toEqual({ check: 'schema', ok: true });
    expect(check(verified.body, 'status')).toEqual({
      check: 'status',
      ok: true,
      message: '1 status entry clear',
    });

    // The schema check is real: a ClrCredential without its embedded credentials breaks it (and its signature).
    const stripped = structuredClone(clr);
    delete stripped.credentialSubject.verifiableCredential;
    const refused = await verify(stripped);
    expect(refused.status).toBe(422);
    expect(check(refused.body, 'schema')).toEqual({
      check: 'schema',
      ok: false,
      message: expect.stringContaining(
        'credentialSubject: Instance does not have required property "verifiableCredential"',
      ),
    });
  });

  it('names a CLR schema every deployment bundles; the one we published before is still served for earlier awards', async () => {
    expect(BUNDLED_SCHEMAS.get(CLR_CREDENTIAL_SCHEMA)?.$id).toBe(CLR_CREDENTIAL_SCHEMA);
    const res = await s.t.call('GET', '/schemas/clr-credential.schema.json'); // no token
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    expect(res.body).toEqual(PUBLISHED_SCHEMAS['clr-credential.schema.json']);
    expect(res.body.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(res.body.properties.type).toEqual({ type: 'array', contains: { const: 'ClrCredential' } });
  });

  it("names the learner's registered DID as the award's credentialSubject.id, beside the identity objects", async () => {
    const learner = await learnerWithStack();
    const did = 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH';
    s.t.db.sqlite.prepare('UPDATE learner SET did = ? WHERE id = ?').run(did, learner.id);
    const res = await award(learner);
    expect(res.status, res.text).toBe(201);
    const subject = res.body.verifiableCredential.credentialSubject;
    expect(subject.id).toBe(did);
    expect(subject.identifier.map((i: Json) => i.identityType)).toEqual(['name', 'emailAddress']);
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

  it('awards a qualification once: a repeat is a 409 naming the standing award and writes nothing', async () => {
    const learner = await learnerWithStack();
    const first = await award(learner);
    expect(first.status, first.text).toBe(201);

    const before = s.t.rowCounts();
    const again = await award(learner);
    expect(again.status, again.text).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toEqual(conflict(learner.id, first.body.id));
    expect(s.t.rowCounts()).toEqual(before);

    // A suspended award still stands.
    expect((await change(first.body.id, 'suspend')).status).toBe(200);
    expect((await award(learner)).body).toEqual(conflict(learner.id, first.body.id));

    // Once revoked, it can be awarded again; the revoked award is kept, retired.
    expect((await change(first.body.id, 'revoke')).status).toBe(200);
    const reawarded = await award(learner);
    expect(reawarded.status, reawarded.text).toBe(201);
    expect(reawarded.body.id).not.toBe(first.body.id);
    expect((await verify(reawarded.body.verifiableCredential)).status).toBe(200);
    expect(awards(learner.id)).toEqual([
      { credential_id: first.body.id, retired_at: '2026-11-22T09:00:00.000Z' },
      { credential_id: reawarded.body.id, retired_at: null },
    ]);
    expect((await award(learner)).body).toEqual(conflict(learner.id, reawarded.body.id));
  });

  it('two concurrent awards give one credential: one 201, one 409 naming it, nothing else kept', async () => {
    const learner = await learnerWithStack();
    const before = s.t.rowCounts();
    const results = await Promise.all([award(learner), award(learner)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = results.find((r) => r.status === 201);
    const lost = results.find((r) => r.status === 409);
    expect(lost?.body).toEqual(conflict(learner.id, won?.body.id));

    const after = s.t.rowCounts();
    expect(after.credential).toBe((before.credential ?? 0) + 1);
    expect(after.award).toBe((before.award ?? 0) + 1);
    expect(after.audit_event).toBe((before.audit_event ?? 0) + 1);
    // Only the stored credential holds a status entry: the loser's was freed.
    expect(after.status_list_entry).toBe((before.status_list_entry ?? 0) + 1);
    expect(awards(learner.id)).toEqual([{ credential_id: won?.body.id, retired_at: null }]);
  });

  it('the database itself refuses a second standing award of a qualification to a learner', async () => {
    const learner = await learnerWithStack();
    const first = await award(learner);
    expect(first.status, first.text).toBe(201);
    // Another credential of the learner's, as if a second award had slipped past the check.
    const other = learner.parts[0] as Json;
    const insert = s.t.db.sqlite.prepare(
      `INSERT INTO award (credential_id, institution_id, qualification_id, learner_id, awarded_at)
       VALUES (?, 'han', ?, ?, '2026-11-22T09:00:00.000Z')`,
    );
    expect(s.t.db.sqlite.prepare('SELECT count(*) AS n FROM credential WHERE id = ?').get(other.id)).toEqual({
      n: 1,
    });
    expect(() => insert.run(other.id, nedId, learner.id)).toThrow(
      'UNIQUE constraint failed: award.institution_id, award.qualification_id, award.learner_id',
    );
  });
});
