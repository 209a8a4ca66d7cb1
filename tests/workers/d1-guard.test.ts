import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openD1Database } from '../../src/db/d1-database.js';
import { ConstraintError } from '../../src/db/database.js';
import { agreedRoute, signedOffCredential, signOff } from '../support/flow-builders.js';
import { d1Target } from './d1-target.js';
import { racingWorker } from './racing-d1.js';

const t = d1Target();
const reason = 'Beoordeling bleek niet door de praktijkopleider gedaan.';
const count = async (sql: string, ...values: unknown[]) =>
  (await t.query<{ n: number }>(sql, ...values))[0]?.n;

describe('the write guards of D1 batches', () => {
  it('two revokes that race: both pass the check, the changes() guard keeps the second from being audited', async () => {
    const { id, school } = await signedOffCredential(t, 'guard-revoke');
    const path = `/credentials/${encodeURIComponent(id)}/revoke`;
    const race = racingWorker((sql) => sql.startsWith('update "credential"'));
    const first = race.target.call('POST', path, { as: { ...school, sub: 'eerste' }, body: { reason } });
    await Promise.race([race.held, first]);
    const second = await race.target.call('POST', path, {
      as: { ...school, sub: 'tweede' },
      body: { reason },
    });
    race.open();
    const winner = await first;
    expect(race.raced()).toBe(true);

    // The second request read the credential as active and sent its batch (a 409 would mean no race).
    expect([winner.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(winner.body);
    expect(winner.body.status).toBe('revoked');
    // Its UPDATE changed no row, so `WHERE changes() = 1` kept its audit row out of the same batch.
    const audits = await t.query<{ actor: string }>(
      "SELECT actor FROM audit_event WHERE resource_id = ? AND action = 'credential.revoked'",
      id,
    );
    expect(audits).toEqual([{ actor: 'opleider:eerste' }]);
    const [row] = await t.query<{ revoked_at: string }>('SELECT revoked_at FROM credential WHERE id = ?', id);
    expect(row?.revoked_at).toBe(winner.body.revokedAt);
  });

  it('a sign-off and a reconcile that race to issue: one credential, one audit row, the loser holds no index', async () => {
    const route = await agreedRoute(t, 'guard-issue');
    const { routeId, assessorAs } = route;
    const race = racingWorker((sql) => sql.startsWith('insert into "credential"'));
    const signoff = signOff(race.target, route);
    await Promise.race([race.held, signoff]);
    const reconcile = await race.target.call('POST', `/routes/${routeId}/signoffs/reconcile`, {
      as: assessorAs,
    });
    race.open();
    expect(race.raced()).toBe(true);
    expect([(await signoff).status, reconcile.status]).toEqual([201, 200]);

    const stored = await t.query<{ id: string }>('SELECT id FROM credential WHERE route_id = ?', routeId);
    expect(stored).toHaveLength(1);
    const id = stored[0]?.id;
    expect(
      await count(
        "SELECT count(*) AS n FROM audit_event WHERE action = 'credential.issued' AND detail LIKE ?",
        `%${routeId}%`,
      ),
    ).toBe(1);
    // Both requests drew a status entry; the loser's batch wrote none.
    expect(await count('SELECT count(*) AS n FROM status_list_entry WHERE credential_id = ?', id)).toBe(1);
    expect(
      await count(
        'SELECT count(*) AS n FROM status_list_entry e WHERE NOT EXISTS (SELECT 1 FROM credential c WHERE c.id = e.credential_id)',
      ),
    ).toBe(0);
  });

  it('a batch whose last write breaks a constraint writes nothing at all, and says which constraint', async () => {
    const db = openD1Database(env.DB);
    const at = '2026-11-22T09:00:00.000Z';
    const institution = (name: string) =>
      db.kysely.insertInto('institution').values({
        id: 'eerste',
        name,
        kind: 'hbo',
        country: 'NL',
        quality_assurance: 'NVAO',
        website: null,
        created_at: at,
        updated_at: at,
      });
    await db.atomically([institution('Eerste')]);
    const employer = db.kysely.insertInto('employer').values({
      id: 'nooit',
      name: 'Nooit',
      sector: 'zorg',
      locations: '[]',
      created_at: at,
      updated_at: at,
    });

    const error = await db.atomically([employer, institution('Tweede')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConstraintError);
    expect(error).toMatchObject({ kind: 'unique', message: 'institution.id' });
    expect(await count("SELECT count(*) AS n FROM employer WHERE id = 'nooit'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM institution WHERE name = 'Tweede'")).toBe(0);
    // The same write alone goes through: it was the batch that refused it.
    await db.atomically([employer]);
    expect(await count("SELECT count(*) AS n FROM employer WHERE id = 'nooit'")).toBe(1);
  });
});
