import type { Deps } from '../kernel/ports.js';
import type { Recorded } from './record-signoff.js';

/**
 * Whether a recorded sign-off can change what the route's credentials should be: it completed its
 * module (a credential is owed, or the one a correction suspended is valid again), or it is a
 * correction (which may take a completed module back). Any other sign-off leaves them as they are: a
 * 'not-yet' beside a current pass undoes nothing.
 */
const mayChangeCredentials = ({ signoff, module }: Recorded['body']) =>
  module.completed || signoff.supersedes !== undefined;

/**
 * After a recorded sign-off, settles the route's credentials with `settle` (the issuing feature's step,
 * which the caller holds) when the sign-off can change them: the one way both the API operation and the
 * sign-off page follow a sign-off. Best effort: the sign-off stands, and a failure is logged with the
 * route's id; a reconcile or the sweep settles what is left. Answers what `settle` answered, or undefined
 * when it did not run or failed (so a page says only what was done).
 * @example const settled = await settleAfterSignoff(deps, routeId, recorded.body, () => settleModuleCredentials(deps, actor, routeId))
 */
export async function settleAfterSignoff<T>(
  deps: Pick<Deps, 'log'>,
  routeId: string,
  recorded: Recorded['body'],
  settle: () => Promise<T>,
): Promise<T | undefined> {
  if (!mayChangeCredentials(recorded)) return undefined;
  return settle().catch((error: unknown) => {
    deps.log.error('settling credentials after a sign-off failed; a reconcile or the sweep catches up', {
      routeId,
      error,
    });
    return undefined;
  });
}
