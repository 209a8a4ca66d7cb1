import type { Signoff } from '../../schemas/signoffs.js';
import type { Deps } from '../kernel/ports.js';
import { loadRoute } from '../learning-routes/index.js';
import { moduleStates, type VersionOutcomes } from './module-states.js';
import { signoffsOf } from './signoffs.js';

/**
 * The modules of a route that workplace sign-off completed: every outcome of the module version
 * has a current 'passed' sign-off. Derived from the immutable sign-offs alone, so it holds whether or
 * not the route already shows the completion. `signoffs` are the ones that establish it (per outcome
 * the first current pass); `completedOn` is the latest of their dates. No principal: the caller
 * authorizes. For issuing exactly one credential per completed module. `versionOf` as in moduleStates.
 * @example const done = await completedModulesOf(deps, routeId) // [{ moduleId, moduleVersion: 1, completedOn: '2026-11-20', signoffs }]
 */
export async function completedModulesOf(
  deps: Pick<Deps, 'db'>,
  routeId: string,
  versionOf?: VersionOutcomes,
): Promise<Array<{ moduleId: string; moduleVersion: number; completedOn: string; signoffs: Signoff[] }>> {
  await loadRoute(deps, routeId);
  const states = await moduleStates(deps, await signoffsOf(deps, routeId), new Set(), versionOf);
  return states.flatMap((s) =>
    s.completed && s.completedOn !== undefined
      ? [
          {
            moduleId: s.moduleId,
            moduleVersion: s.moduleVersion,
            completedOn: s.completedOn,
            signoffs: s.signoffs,
          },
        ]
      : [],
  );
}
