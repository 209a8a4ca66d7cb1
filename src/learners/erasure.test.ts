import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opleider } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { rowCountsSql, TABLES_SQL, type TestTarget } from '../../tests/support/target.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { openSqliteDatabase } from '../db/sqlite-database.js';
import { applyMigrations } from '../db/sqlite-migrator.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// What a learner leaves behind, spread over the service: their token subject, name and email, their
// free text in the profile and evidence, the accommodations in route versions and sign-offs, and
// their name in the credential issued to them. After erasure none of it is in any table, nor in the
// bytes of the database file, its WAL or its SHM.
const SUB = 'wilhelmina';
const NAME = `Leerling ${SUB}`;
const EMAIL = `${SUB}@example.nl`;
const FREE_TEXT = [
  'Zingt graag bij het kampvuur',
  'Wil na haar revalidatie weer voor de klas',
  'extra-tijd-wegens-dyslexie',
  'Zwemdiploma van de Hoornse Vaart',
  'Behaald na een lange revalidatie',
  // Written by someone else about them: the reason of a pause.
  'Zwangerschapsverlof na de zomer',
];
const NEEDLES = [SUB, NAME, EMAIL, ...FREE_TEXT];

describe('erasure (AVG art. 17) over HTTP on a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loopbrug-erasure-'));
  const path = join(dir, 'loopbrug.db');
  const db = openSqliteDatabase(path);
  applyMigrations(db.sqlite);
  let s: Scenario;
  let learnerId: string;
  let routeId: string;

  const allRows = () => {
    const tables = (db.sqlite.prepare(TABLES_SQL).all() as { name: string }[]).map(({ name }) => name);
    return Object.fromEntries(
      tables.map((table) => [table, db.sqlite.prepare(`SELECT * FROM "${table}"`).all()]),
    );
  };
  /** Where each needle is still found: a table, or one of the database files. */
  const whereFound = () => {
    const rows = allRows();
    const found: string[] = [];
    for (const needle of NEEDLES) {
      for (const [table, content] of Object.entries(rows))
        if (JSON.stringify(content).includes(needle)) found.push(`${needle} in table ${table}`);
      for (const file of [path, `${path}-wal`, `${path}-shm`])
        if (readFileSync(file).includes(Buffer.from(needle)))
          found.push(`${needle} in ${file.slice(dir.length + 1)}`);
    }
    return found;
  };

  beforeAll(async () => {
    const t = await startTestApp({ db });
    const query = async <T>(sql: string, ...params: unknown[]) =>
      db.sqlite.prepare(sql).all(...params) as T[];
    const target: TestTarget = {
      ...t.target,
      query,
      rowCounts: async () => {
        const tables = (await query<{ name: string }>(TABLES_SQL)).map(({ name }) => name);
        return db.sqlite.prepare(rowCountsSql(tables)).get() as Record<string, number>;
      },
    };
    s = await openScenario(target, readFixtureFiles());
    const agreed = await s.agreedRoute({
      sub: SUB,
      institution: 'han',
      employer: 'ksu',
      role: 'ksu/Leerkracht bewegingsonderwijs',
      assessors: ['pol-ksu-1'],
      profile: {
        talenten: [FREE_TEXT[0]],
        skills: [],
        drijfveren: [],
        wendbaarheid: 'Werkt graag samen.',
        doelEnMotivatie: FREE_TEXT[1],
        accommodations: [FREE_TEXT[2]],
      },
    });
    learnerId = agreed.learner.id;
    routeId = agreed.routeId;
    const me = agreed.learner.as;
    await s.expectStatus(
      s.t.call('POST', `/learners/${learnerId}/evidence`, {
        as: me,
        headers: { 'idempotency-key': 'evidence-1' },
        body: {
          kind: 'certificate',
          title: FREE_TEXT[3],
          issuer: 'Gemeente Hoorn',
          issuedOn: '2024-06-01',
          description: FREE_TEXT[4],
        },
      }),
      201,
    );
    await s.signOff(routeId, {
      employer: 'ksu',
      assessor: 'pol-ksu-1',
      institution: 'han',
      outcome: 'ALO-LU-KM1',
      date: '2026-11-20',
      text: `${NAME} gaf drie lessen in groep 5.`,
    });
    const credentials = await s.expectStatus(
      s.t.call('GET', `/learners/${learnerId}/credentials`, { as: me }),
      200,
    );
    const credentialId = encodeURIComponent(credentials.items[0].id);
    await s.expectStatus(s.t.call('POST', `/credentials/${credentialId}/shares`, { as: me }), 201);
    await s.expectStatus(
      s.t.call('POST', `/routes/${routeId}/pause`, {
        as: me,
        body: { from: '2027-07-01', until: '2027-09-01', reason: FREE_TEXT[5] },
      }),
      200,
    );
    // The opleider HAN was granted reads the profile: a grantee read, audited.
    await s.expectStatus(s.t.call('GET', `/learners/${learnerId}/profile`, { as: opleider('han') }), 200);
  }, 60_000);

  afterAll(() => {
    db.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports routes, versions, approvals, sign-offs and credentials, and who read the data', async () => {
    const me = { sub: SUB, role: 'learner' as const };
    // A refused attempt: an opleider the learner granted nothing.
    expect((await s.t.call('GET', `/learners/${learnerId}/profile`, { as: opleider('loi') })).status).toBe(
      403,
    );
    const exported = await s.t.call('GET', `/learners/${learnerId}/export`, { as: me });
    expect(exported.status).toBe(200);
    const [route] = exported.body.routes;
    expect(route).toMatchObject({ id: routeId, institutionId: 'han', employerId: 'ksu' });
    expect(route.versions[0].approvals.map((a: { party: string }) => a.party).sort()).toEqual([
      'learner',
      'opleider',
      'praktijkopleider',
    ]);
    expect(route.signoffs).toEqual([expect.objectContaining({ result: 'passed', date: '2026-11-20' })]);
    expect(exported.body.credentials).toHaveLength(1);
    expect(exported.body.credentials[0].document.credentialSubject).toBeDefined();
    const events = exported.body.auditEvents.map(
      (e: { actor: string; action: string }) => `${e.actor} ${e.action}`,
    );
    expect(events).toContain('opleider:opleider-han learner.profile.read');
    expect(events).toContain('opleider:opleider-loi learner.access-refused');
    // What was done with their route and their credential concerns them too.
    const actions = exported.body.auditEvents.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['route.composed', 'route.approved', 'signoff.recorded', 'credential.issued']),
    );
    // The learner reading their own data is not a grantee read; the export of a moment ago is audited now.
    expect(events).not.toContain(`learner:${SUB} learner.profile.read`);
    const again = await s.t.call('GET', `/learners/${learnerId}/export`, { as: me });
    expect(again.body.auditEvents.map((e: { action: string }) => e.action)).toContain('learner.exported');
  });

  it('leaves no name, email, subject or free text of the learner in any table or in the database files', async () => {
    // Before: everywhere (this is what makes the test mean something).
    const before = whereFound();
    for (const table of [
      'learner',
      'learner_profile',
      'route_version',
      'signoff',
      'credential',
      'audit_event',
      'idempotency_key',
      'route_approval',
    ])
      expect(
        before.some((line) => line.endsWith(`in table ${table}`)),
        table,
      ).toBe(true);

    const erased = await s.t.call('DELETE', `/learners/${learnerId}`, { as: { sub: SUB, role: 'learner' } });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.kept.map((k: { what: string }) => k.what).join('\n')).toMatch(/status entry/);

    expect(whereFound()).toEqual([]);
  });

  it('keeps what verifiers and the examination records need, without the person', async () => {
    const [credential] = db.sqlite
      .prepare('SELECT * FROM credential WHERE learner_id = ?')
      .all(learnerId) as {
      document: string;
      status_list_id: string;
    }[];
    const document = JSON.parse(credential?.document ?? '{}');
    expect(document).toMatchObject({ credentialStatus: expect.any(Object), erased: expect.any(String) });
    expect(document.credentialSubject).toBeUndefined();
    const [signoff] = db.sqlite
      .prepare('SELECT result, date, accommodations FROM signoff WHERE route_id = ?')
      .all(routeId);
    expect(signoff).toEqual({ result: 'passed', date: '2026-11-20', accommodations: '[]' });
    const approvals = db.sqlite
      .prepare('SELECT approved_by FROM route_approval WHERE route_id = ?')
      .all(routeId);
    expect(approvals).toContainEqual({ approved_by: `learner:${learnerId}` });
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM credential_share').get()).toEqual({ n: 0 });
    // The route's record stays valid data: its plan as planned, the learner's change by their id.
    const route = await s.expectStatus(s.t.call('GET', `/routes/${routeId}`, { as: opleider('han') }), 200);
    expect(route.status).toBe('ended');
    for (const item of route.plan.items) expect(['planned', 'exempt', 'completed']).toContain(item.status);
    expect(route.change).toMatchObject({ by: `learner:${learnerId}`, reason: '[gewist]' });
    expect(route.inputs.pauses).toEqual([{ from: '2027-07-01', until: '2027-09-01', reason: '[gewist]' }]);
    // Still immutable for anything else.
    expect(() =>
      db.sqlite.prepare("UPDATE signoff SET result = 'not-yet' WHERE route_id = ?").run(routeId),
    ).toThrow(/immutable/);
    // The status of the credential can still be changed by its issuer.
    const id = encodeURIComponent(document.id);
    const revoked = await s.t.call('POST', `/credentials/${id}/revoke`, {
      as: opleider('han'),
      body: { reason: 'Ten onrechte uitgereikt' },
    });
    expect(revoked.status, revoked.text).toBe(200);
  });
});
