import { chunks } from '../db/chunks.js';
import type { Logger } from '../kernel/logger.js';

/** How a background job works through its items: in batches, several at once, until done or stopped. */
export interface BatchOptions {
  /** Items worked on as one batch: read together, signed at once, stored in one transaction. */
  batchSize?: number;
  /** Batches worked on at once: while one is signed in the pool, the next is read. */
  concurrency?: number;
  /** Stops taking new batches once aborted; what is begun finishes, the rest stays pending for a restart. */
  signal?: AbortSignal;
}

/** What every job's progress says: items when it began, done and failed so far, and when it ran. */
export interface JobCounts {
  state: 'running' | 'done';
  total: number;
  done: number;
  failed: number;
  startedAt: string;
  finishedAt: string | null;
}

/** How a job runs (see BatchOptions), and whom to tell of its progress. */
export interface JobOptionsOf<P> extends BatchOptions {
  /** Told after each batch, with the job's progress so far (the log hears about every tenth of the job). */
  onProgress?: (progress: P) => void;
}

/** One run of a stored job, as runJob drives it. */
export interface JobRun<T, P extends JobCounts> {
  /** Names the job in the log: `issuance job`, `reissue job`. */
  name: string;
  id: string;
  /** Its progress, read from its items. */
  read: () => Promise<P>;
  /** Its pending items, as lists worked through one after another (each read when its turn comes). */
  pending: (() => Promise<readonly T[]>)[];
  /** Does one batch and records each item's outcome. */
  work: (batch: T[]) => Promise<void>;
  /** Marks the job done (when it was not stopped). */
  finish: () => Promise<unknown>;
}

/**
 * A job run that stops taking batches after `seconds` (a Worker's invocation is cut off past its
 * limits); with no seconds, one that runs to its end.
 * @example await runReissueJob(deps, id, jobBudget(deps.jobSeconds))
 */
export const jobBudget = (seconds: number | undefined): BatchOptions =>
  seconds === undefined ? {} : { signal: AbortSignal.timeout(seconds * 1000) };

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_CONCURRENCY = 2;

/**
 * Runs a stored job to its end or its stop: logs that it runs, works through each of its pending lists
 * in batches, `concurrency` at once (32 and 2 unless told), until all are done or `signal` aborts (what
 * is begun finishes); after each batch the progress is read for `onProgress`, and logged at every tenth
 * of a list's batches. A job not stopped is marked done. Logs how it ended and answers its progress.
 * @example return runJob(deps.log, options, { name: 'issuance job', id, read, pending: [routes], work, finish })
 */
export async function runJob<T, P extends JobCounts>(
  log: Logger,
  options: JobOptionsOf<P>,
  job: JobRun<T, P>,
): Promise<P> {
  const counts = ({ total, done, failed }: P) => ({ job: job.id, total, done, failed });
  log.info(`${job.name} running`, counts(await job.read()));
  for (const pending of job.pending) {
    if (options.signal?.aborted) break;
    const batches = chunks(await pending(), options.batchSize ?? DEFAULT_BATCH_SIZE);
    const every = Math.max(1, Math.ceil(batches.length / 10));
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < batches.length && !options.signal?.aborted) {
        await job.work(batches[next++] as T[]);
        finished++;
        const logged = finished % every === 0 && finished < batches.length;
        if (!logged && !options.onProgress) continue;
        const progress = await job.read();
        options.onProgress?.(progress);
        if (logged) log.info(`${job.name} progress`, counts(progress));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, worker));
  }
  if (!options.signal?.aborted) await job.finish();
  const progress = await job.read();
  log.info(`${job.name} ${progress.state === 'done' ? 'done' : 'stopped'}`, counts(progress));
  return progress;
}
