import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { admin, opleider } from '../../tests/support/test-app.js';
import { systemActor } from '../kernel/audit.js';
import { randomKeyEncryptionKey } from '../runtime/node/key-encryption-key.js';
import { proofPool } from '../runtime/node/proof-pool.js';
import { recordSignoff } from '../signoffs/index.js';
import { runOwedCredentialsJob } from './cohort-jobs.js';
import { issueOwedOnRoutes } from './module-credentials.js';

// The owed-credential sweep as a job (issue 14): it is stopped part-way, as a crash would stop it, and
// started again; every owed credential is then issued exactly once, its status entry and audit event
// with it. No timing: the stop comes from the job's own progress.
describe('the owed-credential job', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const pool = proofPool({ size: 2, log: { error() {}, warn() {}, info() {} } });
  afterAll(() => pool.close());
  const routes: string[] = [];
  const codes = ['DH-LU-WAK', 'DH-LU-VOE', 'DH-LU-STK'];

  /**
   * Agreed routes for learners `cohort-<n>`, each with its three outcomes signed off through the store
   * alone (nothing issued), as when the process stops right after the sign-offs.
   */
  const signedOffRoutes = async (numbers: number[], date: string): Promise<string[]> => {
    const made: string[] = [];
    for (const n of numbers) {
      const { routeId } = await s.agreedRoute({
        sub: `cohort-${n}`,
        institution: 'de-hoven',
        employer: 'de-hoven',
        role: 'de-hoven/Zorgondersteuner / mantelzorger',
        assessors: ['pol-de-hoven-1'],
        startDate: '2026-11-02',
      });
      made.push(routeId);
      for (const code of codes)
        await recordSignoff(s.t.deps, praktijkopleider('de-hoven', 'pol-de-hoven-1'), routeId, {
          outcomeId: s.outcomeId('de-hoven', code),
          result: 'passed',
          date,
          evidence: [{ kind: 'text', text: 'Geobserveerd.' }],
        });
    }
    return made;
  };

  beforeAll(async () => {
    s = await startScenarioApp();
    routes.push(...(await signedOffRoutes([1, 2, 3, 4, 5], '2026-11-20')));
  }, 60_000);

  const count = (sql: string) => (s.t.db.sqlite.prepare(sql).get() as { n: number }).n;
  const cohort = () => `route_id IN (${routes.map((r) => `'${r}'`).join(', ')})`;

  it('stopped part-way and started again, issues every owed credential exactly once', async () => {
    const deps = { ...s.t.deps, proofWork: pool };
    const stop = new AbortController();
    const first = await runOwedCredentialsJob(deps, {
      batchSize: 1,
      concurrency: 1,
      signal: stop.signal,
      onProgress: (p) => p.done > 0 && stop.abort(),
    });
    expect(first).toMatchObject({ state: 'running', total: 15, done: 3, failed: 0 });
    const jobId = first?.id as string;
    expect(count(`SELECT count(*) AS n FROM credential WHERE ${cohort()}`)).toBe(3);

    // A crash right after a route's credentials were stored, before the job marked the route: the
    // route is still pending, with its credentials in the database.
    s.t.db.sqlite
      .prepare("UPDATE issuance_job_item SET state = 'pending', issued = 0 WHERE job_id = ?")
      .run(jobId);
    const stored = await s.t.call('GET', `/issuance-jobs/${jobId}`, { as: admin });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ id: jobId, state: 'running', total: 15, done: 0, failed: 0 });

    const resumed = await runOwedCredentialsJob(deps, { batchSize: 2 });
    expect(resumed).toMatchObject({ id: jobId, state: 'done', total: 15, failed: 0, failures: [] });
    // The route done before the crash issued nothing again, so it counts what it issued then as none.
    expect(resumed?.done).toBe(12);

    expect(count(`SELECT count(*) AS n FROM credential WHERE ${cohort()}`)).toBe(15);
    expect(
      count(
        `SELECT count(*) AS n FROM (SELECT route_id, module_id FROM credential WHERE ${cohort()} GROUP BY route_id, module_id HAVING count(*) > 1)`,
      ),
    ).toBe(0);
    expect(
      count(
        `SELECT count(*) AS n FROM status_list_entry e JOIN credential c ON c.id = e.credential_id WHERE c.${cohort()}`,
      ),
    ).toBe(15);
    expect(
      count(
        `SELECT count(*) AS n FROM audit_event a JOIN credential c ON c.id = a.resource_id WHERE a.action = 'credential.issued' AND c.${cohort()}`,
      ),
    ).toBe(15);
    for (const routeId of routes) {
      const res = await s.t.call('GET', `/routes/${routeId}/credentials`, { as: opleider('de-hoven') });
      expect(res.body.items).toHaveLength(3);
      for (const { verifiableCredential } of res.body.items) {
        const verified = await s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
        expect(verified.body.verified, JSON.stringify(verified.body)).toBe(true);
      }
    }

    // Nothing owed any more: no new job.
    expect(await runOwedCredentialsJob(deps)).toBeUndefined();
    const list = await s.t.call('GET', '/issuance-jobs', { as: admin });
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    expect((await s.t.call('GET', '/issuance-jobs', { as: opleider('de-hoven') })).status).toBe(403);
    expect((await s.t.call('GET', '/issuance-jobs/nope', { as: admin })).status).toBe(404);
  }, 120_000); // the pool's threads load the credential libraries first: seconds on a busy machine

  it('names the routes it could not issue for, counts what they owe as failed, and the next job issues it', async () => {
    const later = await signedOffRoutes([6, 7], '2026-11-21');
    // A deployment started with the wrong KEY_ENCRYPTION_KEY: no issuer key can be decrypted, so
    // nothing can be signed.
    const deps = { ...s.t.deps, proofWork: pool };
    const failed = await runOwedCredentialsJob(
      { ...deps, keyEncryptionKey: randomKeyEncryptionKey() },
      { batchSize: 1 },
    );
    expect(failed).toMatchObject({ state: 'done', total: 6, done: 0, failed: 6 });
    expect(failed?.failures.map((f) => f.routeId)).toEqual([...later].sort());
    for (const failure of failed?.failures ?? []) expect(failure.error).not.toBe('');
    const read = await s.t.call('GET', `/issuance-jobs/${failed?.id}`, { as: admin });
    expect(read.body).toMatchObject({ done: 0, failed: 6, failures: failed?.failures });

    // With the right key, the routes are owed still: the next job issues for them.
    const retried = await runOwedCredentialsJob(deps);
    expect(retried).toMatchObject({ state: 'done', total: 6, done: 6, failed: 0, failures: [] });
  }, 120_000);

  it('reads a batch of routes together, and a route it cannot find or read fails alone', async () => {
    const [first, second, broken] = await signedOffRoutes([8, 9, 10], '2026-11-22');
    // A sign-off of the third route names a version of its module the catalog does not have.
    s.t.db.sqlite
      .prepare(
        `INSERT INTO signoff (id, route_id, outcome_id, module_id, module_version, assessor_id, result, date,
           evidence, accommodations, fingerprint, recorded_by, recorded_at)
         SELECT 'signoff-of-no-version', route_id, outcome_id, module_id, 99, assessor_id, result, date,
           evidence, accommodations, 'no-version', recorded_by, recorded_at
         FROM signoff WHERE route_id = ? LIMIT 1`,
      )
      .run(broken);
    const deps = { ...s.t.deps, proofWork: pool };
    const outcomes = await issueOwedOnRoutes(deps, systemActor('issuer'), [
      first as string,
      'no-such-route',
      second as string,
      broken as string,
    ]);
    expect(outcomes.get(first as string)).toHaveLength(codes.length);
    expect(outcomes.get(second as string)).toHaveLength(codes.length);
    expect(outcomes.get('no-such-route')).toEqual(expect.objectContaining({ kind: 'not-found' }));
    expect(outcomes.get(broken as string)).toBeInstanceOf(Error);
    expect(count(`SELECT count(*) AS n FROM credential WHERE route_id IN ('${first}', '${second}')`)).toBe(
      2 * codes.length,
    );
    // Read again, the same routes owe nothing: nothing is issued twice.
    const again = await issueOwedOnRoutes(deps, systemActor('issuer'), [first as string, second as string]);
    expect([...again.values()]).toEqual([[], []]);
  }, 60_000);
});
