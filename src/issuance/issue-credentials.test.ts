import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../credentials/index.js';
import { systemActor } from '../kernel/audit.js';
import { type IssueSpec, issueCredentials } from './issue-credential.js';

// A batch of credentials (issue 14): one commit for all when all can be stored, and each stored by
// itself when the batch's transaction is refused, so that one spec's refusal stays its own.
describe('issuing a batch of credentials, on SQLite', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const actor = systemActor('issuer');
  const spec = (extra: Partial<IssueSpec> = {}): IssueSpec => ({
    institutionId: 'han',
    format: 'ldp',
    build: (id, credentialStatus) => ({
      ...buildModuleCredential(sampleInput(t.deps, 'han')),
      id,
      credentialStatus,
    }),
    audit: { actor, action: 'credential.issued' },
    ...extra,
  });
  const count = (table: string, id: string) =>
    (
      t.db.sqlite
        .prepare(
          `SELECT count(*) AS n FROM ${table} WHERE ${table === 'status_list_entry' ? 'credential_id' : table === 'audit_event' ? 'resource_id' : 'id'} = ?`,
        )
        .get(id) as { n: number }
    ).n;

  beforeAll(async () => {
    t = await startTestApp();
    await t.call('POST', '/institutions', {
      as: admin,
      body: { id: 'han', name: 'HAN', kind: 'hbo', qualityAssurance: 'NVAO' },
    });
  });

  it('stores every credential with its own status entry and audit event, each one verifying', async () => {
    const issued = await issueCredentials(t.deps, [spec(), spec(), spec()]);
    const ids = issued.map((i) => (i instanceof Error ? i.message : i.id));
    expect(new Set(ids).size).toBe(3);
    const indexes = new Set(issued.map((i) => (i instanceof Error ? -1 : i.status?.slot.index)));
    expect(indexes.size).toBe(3);
    for (const one of issued) {
      if (one instanceof Error) throw one;
      for (const table of ['credential', 'status_list_entry', 'audit_event'])
        expect(count(table, one.id), table).toBe(1);
      const verified = await t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: one.credential },
      });
      expect(verified.body.verified, JSON.stringify(verified.body)).toBe(true);
    }
  });

  it('when the batch is refused, stores the others by themselves and leaves nothing of the refused one', async () => {
    const taken = 'urn:uuid:0b9c2e1e-9a55-4f0b-9d57-3c5b8f0b6d21';
    // A write alongside the second credential that breaks a unique constraint: the batch's one
    // transaction fails, and only that credential may stay unissued.
    const clash = () => [
      {
        compile: () =>
          sql`INSERT INTO employer VALUES ('dup', 'a', 'zorg', '[]', '', '')`.compile(t.deps.db.kysely),
      },
      {
        compile: () =>
          sql`INSERT INTO employer VALUES ('dup', 'b', 'zorg', '[]', '', '')`.compile(t.deps.db.kysely),
      },
    ];
    const issued = await issueCredentials(t.deps, [
      spec(),
      spec({ credentialId: taken, alongside: clash }),
      spec(),
    ]);
    expect(issued[1]).toBeInstanceOf(Error);
    expect((issued[1] as Error).message).toBe('employer.id');
    for (const table of ['credential', 'status_list_entry', 'audit_event'])
      expect(count(table, taken)).toBe(0);
    for (const i of [0, 2]) {
      const one = issued[i];
      if (one instanceof Error || one === undefined) throw one ?? new Error('missing');
      expect(count('credential', one.id)).toBe(1);
      expect(count('status_list_entry', one.id)).toBe(1);
    }
    // An id issued before is refused again, in a batch as alone.
    const first = issued[0];
    if (first instanceof Error || first === undefined) throw first;
    const again = await issueCredentials(t.deps, [spec({ credentialId: first.id })]);
    expect(again[0]).toBeInstanceOf(Error);
    expect((again[0] as Error).message).toContain('already issued');
  });

  it('draws again, before signing, every index a stored credential holds, so the batch stays one commit', async () => {
    const [first] = await issueCredentials(t.deps, [spec()]);
    if (!first || first instanceof Error || !first.status) throw first ?? new Error('missing');
    const { listId } = first.status.slot;
    // Nine in ten indexes of the list held by stored credentials: each random draw is taken with that
    // chance, so a batch of five drawn blind would almost surely fail its one transaction.
    t.db.sqlite
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 131071)
         INSERT INTO credential (id, institution_id, document, issued_at, status_list_id, status_list_index)
         SELECT 'urn:uuid:filler-' || i, 'han', '{}', '2026-11-22T09:00:00Z', ?, i FROM n
         WHERE i % 10 <> 0 AND i NOT IN (SELECT status_list_index FROM credential WHERE status_list_id = ?)`,
      )
      .run(listId, listId);
    const commits: number[] = [];
    const db = Object.assign(Object.create(t.deps.db), {
      atomically: (writes: Parameters<typeof t.deps.db.atomically>[0]) => {
        commits.push(writes.length);
        return t.deps.db.atomically(writes);
      },
    });
    const issued = await issueCredentials({ ...t.deps, db }, [spec(), spec(), spec(), spec(), spec()]);
    t.db.sqlite.prepare("DELETE FROM credential WHERE id LIKE 'urn:uuid:filler-%'").run();
    expect(issued.filter((i) => i instanceof Error)).toEqual([]);
    for (const one of issued) expect(one instanceof Error ? -1 : (one.status?.slot.index ?? -1) % 10).toBe(0);
    expect(commits).toHaveLength(1);
  }, 60_000);
});
