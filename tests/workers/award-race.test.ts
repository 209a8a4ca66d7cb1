import { describe, expect, it } from 'vitest';
import { stackedQualification } from '../support/flow-builders.js';
import { d1Target } from './d1-target.js';
import { racingWorker } from './racing-d1.js';

const t = d1Target();
const awarding = 'race-hogeschool';
/** The tables the award writes to. */
const TABLES = ['credential', 'award', 'audit_event', 'status_list_entry'] as const;

describe('awarding a qualification on workerd with D1', () => {
  it('two awards that race past the standing-award check: one 201, one 409 naming it, only the winner stored', async () => {
    const stack = await stackedQualification(t, awarding, 'race-academie');
    await stack.recognise();
    const before = await t.rowCounts();

    const race = racingWorker((sql) => sql.startsWith('insert into "award"'));
    const first = stack.award(race.target, { ...stack.school, sub: 'eerste' });
    await Promise.race([race.held, first]);
    const second = await stack.award(race.target, { ...stack.school, sub: 'tweede' });
    race.open();
    const winner = await first;
    // The second request found no standing award and sent its batch: both read before either wrote.
    expect(race.raced()).toBe(true);

    expect([winner.status, second.status]).toEqual([201, 409]);
    const id: string = winner.body.id;
    expect(winner.body.verifiableCredential.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    // The unique index award_standing refused the second award; the 409 names the standing one.
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(second.body).toEqual({
      type: '/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail:
        `Learner '${stack.learnerId}' already holds qualification 'LER-2G': credential '${id}'. ` +
        'A qualification is awarded once; revoke that credential first to award it again.',
      instance: `/qualifications/${stack.qualificationId}/awards`,
    });

    expect(
      await t.query(
        'SELECT credential_id, qualification_id, retired_at FROM award WHERE learner_id = ?',
        stack.learnerId,
      ),
    ).toEqual([{ credential_id: id, qualification_id: stack.qualificationId, retired_at: null }]);
    const stored = await t.query<{ id: string; document: string }>(
      'SELECT id, document FROM credential WHERE learner_id = ?',
      stack.learnerId,
    );
    expect(stored.map((c) => [c.id, JSON.parse(c.document).type])).toEqual([
      [id, ['VerifiableCredential', 'ClrCredential']],
    ]);
    expect(
      await t.query(
        `SELECT actor, resource_type, resource_id FROM audit_event
         WHERE action = 'qualification.awarded' AND detail LIKE ?`,
        `%${stack.learnerId}%`,
      ),
    ).toEqual([{ actor: 'opleider:eerste', resource_type: 'credential', resource_id: id }]);
    // Both requests drew a status entry; only the winner's was written.
    expect(
      await t.query(
        `SELECT l.purpose, e.credential_id
         FROM status_list_entry e JOIN status_list l ON l.id = e.status_list_id
         WHERE l.institution_id = ? AND NOT EXISTS (SELECT 1 FROM credential c WHERE c.id = e.credential_id)`,
        awarding,
      ),
    ).toEqual([]);
    expect(
      await t.query(
        `SELECT l.purpose FROM status_list_entry e JOIN status_list l ON l.id = e.status_list_id
         WHERE e.credential_id = ? ORDER BY l.purpose`,
        id,
      ),
    ).toEqual([{ purpose: 'message' }]);
    // And nothing else: one credential, one award, one audit row, one status entry more than before.
    const after = await t.rowCounts();
    expect(
      Object.fromEntries(TABLES.map((table) => [table, (after[table] ?? 0) - (before[table] ?? 0)])),
    ).toEqual({
      credential: 1,
      award: 1,
      audit_event: 1,
      status_list_entry: 1,
    });
  });
});
