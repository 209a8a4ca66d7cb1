import type { Deps } from '../kernel/ports.js';
import { issueOwedModuleCredentials } from './cohort-jobs.js';
import type { KeyDeps } from './issuer-keys.js';
import type { BatchOptions } from './job-batches.js';
import { resumeReissueJobs } from './reissue-jobs.js';

/**
 * The background work of a start (Node) or a cron run (Workers): issues what completed modules are owed
 * (see runOwedCredentialsJob), then resumes the reissue jobs a crash or restart left running (see
 * resumeReissueJobs), all of it within `options.signal` when given (see jobBudget). Returns how many
 * credentials each issued or reissued.
 * @example const { issued, reissued } = await runPendingJobs(deps)
 */
export async function runPendingJobs(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: BatchOptions = {},
): Promise<{ issued: number; reissued: number }> {
  const issued = await issueOwedModuleCredentials(deps, options);
  const resumed = await resumeReissueJobs(deps, options);
  return { issued, reissued: resumed.reduce((sum, job) => sum + job.done, 0) };
}
