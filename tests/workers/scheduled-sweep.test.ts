import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import type { D1Database } from '@cloudflare/workers-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { startReissueJob } from '../../src/issuance/reissue-jobs.js';
import worker from '../../src/runtime/workers/worker.js';
import { agreedRoute, registerInstitution, signOff } from '../support/flow-builders.js';
import { opleider } from '../support/principals.js';
import { expectStatus, type TestTarget } from '../support/target.js';
import { d1Target } from './d1-target.js';

const t = d1Target();

const CREDENTIAL_INSERT = /^\s*insert\s+into\s+"?credential"?[\s(]/i;

/**
 * The worker on the real D1, except that storing a credential fails, as if the worker died while
 * issuing: everything else the request writes is written.
 */
function crashingWhileIssuing(): TestTarget {
  const crashing = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare')
        return (query: string) => {
          if (CREDENTIAL_INSERT.test(query)) throw new Error('the worker died while issuing');
          return target.prepare(query);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as D1Database;
  return d1Target(crashing);
}

/** Runs the worker's cron trigger as Cloudflare would, and gives the counts its log line reports. */
async function runCron(): Promise<{ issued?: unknown; reissued?: unknown } | undefined> {
  const log = vi.spyOn(console, 'log');
  await worker.scheduled(
    createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() }),
    env,
    createExecutionContext(),
  );
  const lines = log.mock.calls.flatMap(([line]) => {
    try {
      return [JSON.parse(String(line)) as { message?: string; issued?: unknown; reissued?: unknown }];
    } catch {
      return [];
    }
  });
  log.mockRestore();
  return lines.find((line) => line.message === 'owed credentials swept');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the scheduled handler on workerd with D1', () => {
  it('issues the credentials completed modules are owed after issuing failed, once, in one batch', async () => {
    const routes: Awaited<ReturnType<typeof agreedRoute>>[] = [];
    for (const n of [1, 2, 3]) {
      const route = await agreedRoute(t, `sweep-${n}`);
      // The sign-off stands although issuing failed: the module is complete and its credential owed.
      const signed = await signOff(crashingWhileIssuing(), route);
      expect(signed.status, JSON.stringify(signed.body)).toBe(201);
      routes.push(route);
    }
    const credentials = (route: (typeof routes)[number]) =>
      t.call('GET', `/routes/${route.routeId}/credentials`, { as: route.school });
    for (const route of routes) expect((await credentials(route)).body.items).toEqual([]);

    // The three routes are one batch: read together, signed, and stored in one D1 batch.
    expect((await runCron())?.issued).toBe(3);
    for (const route of routes) {
      const issued = (await credentials(route)).body.items;
      expect(issued).toHaveLength(1);
      const verified = await t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: issued[0].verifiableCredential },
      });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    }

    // The next run finds nothing owed.
    expect((await runCron())?.issued).toBe(0);
    for (const route of routes) expect((await credentials(route)).body.items).toHaveLength(1);
  });

  it('resumes a reissue job no request saw to the end', async () => {
    await registerInstitution(t, 'sweep-reissue');
    const school = opleider('sweep-reissue');
    const { verifiableCredential } = await expectStatus(
      t.call('POST', '/credentials/issue', {
        as: school,
        body: { credential: buildModuleCredential(sampleInput(t.deps, 'sweep-reissue')) },
      }),
      201,
    );
    await expectStatus(t.call('POST', '/institutions/sweep-reissue/issuer-keys/rotate', { as: school }), 200);
    // Recorded, as a request records it, but never run: the isolate went away before its waitUntil.
    const job = await startReissueJob(t.deps, school, 'sweep-reissue');
    expect(job).toMatchObject({ state: 'running', total: 1 });

    expect((await runCron())?.reissued).toBe(1);
    const done = await expectStatus(
      t.call('GET', `/institutions/sweep-reissue/reissue-jobs/${job.id}`, { as: school }),
      200,
    );
    expect(done).toMatchObject({ state: 'done', total: 1, done: 1, failed: 0 });
    const [row] = await t.query<{ document: string }>(
      'SELECT document FROM credential WHERE id = ?',
      verifiableCredential.id,
    );
    const reissued = JSON.parse(row?.document ?? '{}');
    expect(reissued.proof.verificationMethod).not.toBe(verifiableCredential.proof.verificationMethod);
    expect((await runCron())?.reissued).toBe(0);
  });

  describe('within its JOB_SECONDS', () => {
    /**
     * Every budget the worker takes until `restore` is already spent, as if its JOB_SECONDS had run out
     * on the platform's clock before the first batch; answers the budgets asked for, in ms.
     */
    const spendBudgets = () => {
      const asked: number[] = [];
      const spy = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
        asked.push(ms);
        return AbortSignal.abort(new DOMException('the budget is spent', 'TimeoutError'));
      });
      return { asked, restore: () => spy.mockRestore() };
    };

    it('a cron run whose budget is spent stops before its first batch, and the next run issues what is owed, once', async () => {
      const routes = [];
      for (const n of [1, 2]) {
        const route = await agreedRoute(t, `budget-${n}`);
        expect((await signOff(crashingWhileIssuing(), route)).status).toBe(201);
        routes.push(route);
      }
      const budget = spendBudgets();
      const spent = await runCron();
      budget.restore();
      // The default JOB_SECONDS, asked for once by the cron run.
      expect(budget.asked).toEqual([20_000]);
      expect(spent?.issued).toBe(0);
      const [job] = await t.query<{ id: string; state: string; total: number }>(
        "SELECT id, state, total FROM issuance_job WHERE state = 'running'",
      );
      expect(job).toMatchObject({ state: 'running', total: 2 });

      expect((await runCron())?.issued).toBe(2);
      for (const route of routes) {
        const issued = await t.call('GET', `/routes/${route.routeId}/credentials`, { as: route.school });
        expect(issued.body.items).toHaveLength(1);
      }
      const [finished] = await t.query<{ state: string }>(
        'SELECT state FROM issuance_job WHERE id = ?',
        job?.id,
      );
      expect(finished?.state).toBe('done');
    });

    it("a reissue run in a request's waitUntil stops when its budget is spent, and the cron run finishes it", async () => {
      await registerInstitution(t, 'budget-reissue');
      const school = opleider('budget-reissue');
      await expectStatus(
        t.call('POST', '/credentials/issue', {
          as: school,
          body: { credential: buildModuleCredential(sampleInput(t.deps, 'budget-reissue')) },
        }),
        201,
      );
      await expectStatus(
        t.call('POST', '/institutions/budget-reissue/issuer-keys/rotate', { as: school }),
        200,
      );
      const budget = spendBudgets();
      const ctx = createExecutionContext();
      const started = await worker.fetch(
        new Request('http://loopbrug.test/institutions/budget-reissue/reissue-jobs', {
          method: 'POST',
          headers: { authorization: `Bearer ${await t.tokenFor(school)}` },
        }),
        env,
        ctx,
      );
      expect(started.status).toBe(202);
      const job = (await started.json()) as { id: string };
      await waitOnExecutionContext(ctx);
      budget.restore();
      expect(budget.asked).toEqual([20_000]);
      const progress = (id: string) =>
        expectStatus(t.call('GET', `/institutions/budget-reissue/reissue-jobs/${id}`, { as: school }), 200);
      expect(await progress(job.id)).toMatchObject({ state: 'running', total: 1, done: 0 });

      expect((await runCron())?.reissued).toBe(1);
      expect(await progress(job.id)).toMatchObject({ state: 'done', total: 1, done: 1, failed: 0 });
    });
  });
});
