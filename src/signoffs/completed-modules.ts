import type { Signoff } from '../../schemas/signoffs.js';
import type { Deps } from '../kernel/ports.js';
import { moduleStates, type VersionOutcomes } from './module-states.js';
import { signoffsOfRoutes } from './signoffs.js';

/** A module that workplace sign-off completed, with the sign-offs that establish it. */
export interface SignedOffModule {
  moduleId: string;
  moduleVersion: number;
  /** The latest date of `signoffs`. */
  completedOn: string;
  signoffs: Signoff[];
}

/**
 * The modules of each route that workplace sign-off completed: every outcome of the module version
 * has a current 'passed' sign-off. Derived from the immutable sign-offs alone, so it holds whether or
 * not the route already shows the completion. `signoffs` are the ones that establish it (per outcome
 * the first current pass); `completedOn` is the latest of their dates. The sign-offs of all the routes
 * are read at once; a route without any (or that does not exist) completed nothing. No principal: the
 * caller authorizes. For issuing exactly one credential per completed module. `versionOf` as in
 * moduleStates.
 * @example const done = await completedModulesOf(deps, [routeId]) // Map { routeId => [{ moduleId, moduleVersion: 1, completedOn: '2026-11-20', signoffs }] }
 */
export async function completedModulesOf(
  deps: Pick<Deps, 'db'>,
  routeIds: readonly string[],
  versionOf?: VersionOutcomes,
): Promise<Map<string, SignedOffModule[]>> {
  const signoffs = await signoffsOfRoutes(deps, routeIds);
  return new Map(
    await Promise.all(
      [...signoffs].map(async ([routeId, ofRoute]): Promise<[string, SignedOffModule[]]> => {
        const states = await moduleStates(deps, ofRoute, new Set(), versionOf);
        return [
          routeId,
          states.flatMap((s) =>
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
          ),
        ];
      }),
    ),
  );
}
