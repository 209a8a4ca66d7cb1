import type { Deps } from '../kernel/ports.js';
import { issueOwedModuleCredentials } from './cohort-jobs.js';
import { followAllCorrections } from './corrected-credentials.js';
import type { KeyDeps } from './issuer-keys.js';
import type { BatchOptions } from './job-batches.js';
import { resumeReissueJobs } from './reissue-jobs.js';

/**
 * The background work of a start (Node) or a cron run (Workers): issues what completed modules are owed
 * (see runOwedCredentialsJob), makes credentials follow the corrections a failed step after a sign-off
 * left unfollowed (see followAllCorrections), then resumes the reissue jobs a crash or restart left
 * running (see resumeReissueJobs), all of it within `options.signal` when given (see jobBudget).
 * Returns how many credentials each issued, suspended or reinstated (`corrected`), or reissued.
 * @example const { issued, corrected, reissued } = await runPendingJobs(deps)
 */
export async function runPendingJobs(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: BatchOptions = {},
): Promise<{ issued: number; corrected: number; reissued: number }> {
  const issued = await issueOwedModuleCredentials(deps, options);
  const corrected = await followAllCorrections(deps, options);
  const resumed = await resumeReissueJobs(deps, options);
  return { issued, corrected, reissued: resumed.reduce((sum, job) => sum + job.done, 0) };
}
