import { sql } from 'kysely';
import { chunks, IN_LIST_SIZE } from '../db/chunks.js';
import { systemActor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import type { KeyDeps } from './issuer-keys.js';
import { type JobCounts, type JobOptionsOf, runJob } from './job-batches.js';
import { credentialReads } from './module-credential-input.js';
import { issueOwedOnRoutes, owedModulesOf } from './module-credentials.js';

/** How far a cohort job is: credentials owed when it began, issued so far, and owed by routes that failed. */
export interface JobProgress extends JobCounts {
  id: string;
  kind: 'owed-credentials';
  /** Each route that failed, and why (it is tried again by the next job). */
  failures: { routeId: string; error: string }[];
}

/** How an owed-credential job runs. */
export type JobOptions = JobOptionsOf<JobProgress>;

/**
 * The progress of a cohort job, read from its items.
 * @example const { done, total } = await jobProgress(deps, id)
 */
export async function jobProgress(deps: Pick<Deps, 'db'>, id: string): Promise<JobProgress> {
  const db = deps.db.kysely;
  const job = await db.selectFrom('issuance_job').selectAll().where('id', '=', id).executeTakeFirst();
  if (!job) throw fail.notFound('issuance job', id);
  // Counted in SQL: a job's progress is read after every tenth of it, and its items run to thousands.
  const [counts, failures] = await Promise.all([
    db
      .selectFrom('issuance_job_item')
      .select([
        sql<number>`coalesce(sum(case when state = 'done' then min(issued, owed) else 0 end), 0)`.as('done'),
        sql<number>`coalesce(sum(case when state = 'failed' then owed else 0 end), 0)`.as('failed'),
      ])
      .where('job_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('issuance_job_item')
      .select(['route_id', 'error'])
      .where('job_id', '=', id)
      .where('state', '=', 'failed')
      .orderBy('route_id')
      .execute(),
  ]);
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    total: job.total,
    done: counts.done,
    failed: counts.failed,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    failures: failures.map((i) => ({ routeId: i.route_id, error: i.error ?? 'failed' })),
  };
}

/**
 * The latest cohort jobs, newest first.
 * @example const [latest] = await recentJobs(deps)
 */
export async function recentJobs(deps: Pick<Deps, 'db'>, limit = 20): Promise<JobProgress[]> {
  const rows = await deps.db.kysely
    .selectFrom('issuance_job')
    .select('id')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((r) => jobProgress(deps, r.id)));
}

/**
 * The owed-credential job that did not finish (a crash or a stop interrupted it), or a new one listing
 * every route that owes credentials now; undefined when nothing is owed and nothing is unfinished.
 */
async function jobToRun(deps: KeyDeps): Promise<string | undefined> {
  const db = deps.db.kysely;
  const unfinished = await db
    .selectFrom('issuance_job')
    .select('id')
    .where('kind', '=', 'owed-credentials')
    .where('state', '=', 'running')
    .orderBy('started_at')
    .executeTakeFirst();
  if (unfinished) return unfinished.id;
  const routes = await db.selectFrom('signoff').select('route_id').distinct().orderBy('route_id').execute();
  const owing: { routeId: string; owed: number }[] = [];
  const reads = credentialReads(deps);
  // A part at a time, so that only one part's sign-offs and credentials are held, however many routes.
  for (const part of chunks(
    routes.map((r) => r.route_id),
    IN_LIST_SIZE,
  ))
    for (const [routeId, modules] of await owedModulesOf(deps, part, reads))
      if (modules.length > 0) owing.push({ routeId, owed: modules.length });
  if (owing.length === 0) return undefined;
  const id = deps.newId();
  await deps.db.atomically([
    db.insertInto('issuance_job').values({
      id,
      kind: 'owed-credentials',
      state: 'running',
      total: owing.reduce((sum, r) => sum + r.owed, 0),
      started_at: deps.now().toISOString(),
      finished_at: null,
    }),
    // Several rows per statement, within D1's 100 bound parameters per statement.
    ...chunks(owing, 15).map((rows) =>
      db.insertInto('issuance_job_item').values(
        rows.map((r) => ({
          job_id: id,
          route_id: r.routeId,
          owed: r.owed,
          state: 'pending' as const,
          issued: 0,
          error: null,
        })),
      ),
    ),
  ]);
  return id;
}

/**
 * Issues every owed module credential as a background job: the sweep that makes issuing crash-safe
 * (start-up on Node, the cron trigger on Workers). The routes that owe are recorded first; they are then
 * issued in batches (see issueOwedOnRoutes: exactly once per route and module, a batch read together,
 * signed at once and stored in one transaction) and marked done or failed, two batches at a time so
 * that the proof pool signs one while the main thread reads the next. Progress goes to the log and
 * to `GET /issuance-jobs/{id}`. A job a crash or `signal` interrupted is resumed by the next run before
 * a new one is made: the routes still pending are done again, and what they already issued is not
 * issued twice. Returns the job's progress, undefined when nothing was owed.
 * @example const progress = await runOwedCredentialsJob(deps); // { id, state: 'done', total: 1000, done: 1000, failed: 0, … }
 */
export async function runOwedCredentialsJob(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: JobOptions = {},
): Promise<JobProgress | undefined> {
  const id = await jobToRun(deps);
  if (id === undefined) return undefined;
  const db = deps.db.kysely;
  const actor = systemActor('issuer');
  return runJob(deps.log, options, {
    name: 'issuance job',
    id,
    read: () => jobProgress(deps, id),
    pending: [
      async () =>
        (
          await db
            .selectFrom('issuance_job_item')
            .select('route_id')
            .where('job_id', '=', id)
            .where('state', '=', 'pending')
            .orderBy('route_id')
            .execute()
        ).map((p) => p.route_id),
    ],
    work: async (batch) => {
      const outcomes = await issueOwedOnRoutes(deps, actor, batch);
      // The marks of a batch are one transaction: a crash before it leaves the batch pending, and the
      // next run issues what it still owes (nothing it already issued).
      await deps.db.atomically(
        batch.map((routeId) => {
          const outcome = outcomes.get(routeId) ?? [];
          if (outcome instanceof Error)
            deps.log.warn('issuance job: a route failed', {
              job: id,
              route: routeId,
              error: outcome.message,
            });
          return db
            .updateTable('issuance_job_item')
            .set(
              outcome instanceof Error
                ? { state: 'failed', error: outcome.message }
                : { state: 'done', issued: outcome.length },
            )
            .where('job_id', '=', id)
            .where('route_id', '=', routeId);
        }),
      );
    },
    finish: () =>
      db
        .updateTable('issuance_job')
        .set({ state: 'done', finished_at: deps.now().toISOString() })
        .where('id', '=', id)
        .execute(),
  });
}

/**
 * Issues what is owed on every route with sign-offs: the sweep that makes issuing crash-safe, run at
 * start-up on Node and on a schedule on Workers, as the background job above (progress, resumed after
 * a crash). Returns how many credentials it issued in all (a resumed job counts what it issued before).
 * @example const owed = await issueOwedModuleCredentials(deps)
 */
export async function issueOwedModuleCredentials(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: JobOptions = {},
): Promise<number> {
  return (await runOwedCredentialsJob(deps, options))?.done ?? 0;
}
