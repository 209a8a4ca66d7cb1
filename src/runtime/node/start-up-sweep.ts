import type { AppDeps } from '../../http/app-env.js';
import { runPendingJobs } from '../../issuance/index.js';

/**
 * The start-up sweep of owed module credentials, credentials that did not follow a correction yet, and
 * unfinished reissue jobs, run after the server listens, so a large backlog never keeps /health down:
 * each job logs its progress (done / total / failed); this logs when the sweep starts and ends (or why
 * it failed: the next start tries again).
 * Never throws.
 * @example void sweepPendingJobs(deps);
 */
export async function sweepPendingJobs(deps: AppDeps): Promise<void> {
  const started = Date.now();
  deps.log.info('owed-credential sweep started');
  try {
    const { issued, corrected, reissued } = await runPendingJobs(deps);
    deps.log.info('owed-credential sweep done', {
      issued,
      corrected,
      reissued,
      seconds: (Date.now() - started) / 1000,
    });
  } catch (error) {
    deps.log.error('the owed-credential sweep failed; the next start tries again', { error });
  }
}
