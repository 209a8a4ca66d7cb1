import type { z } from '@hono/zod-openapi';
import type { Route } from '../../schemas/routes.js';
import type { ModuleCompletionState, Signoff } from '../../schemas/signoffs.js';
import { getModuleVersion } from '../catalog/index.js';
import type { Deps } from '../kernel/ports.js';
import { moduleCompletion } from './module-completion.js';

/** Where a module with sign-offs stands in a route. */
export type CompletionState = z.infer<typeof ModuleCompletionState>;
/** Where a module stands, with the sign-offs that complete it (none while it is not completed). */
export type ModuleState = CompletionState & { signoffs: Signoff[] };

/** How a module version's outcomes are read: from the catalog, or from what a batch already read. */
export type VersionOutcomes = (moduleId: string, version: number) => Promise<{ outcomes: string[] }>;

/**
 * Where each module with sign-offs in the route stands. A module is judged against the outcomes of
 * the version its sign-offs were recorded against (the newest one, should the catalog have moved on
 * between sign-offs); sign-offs count by outcome. `versionOf` reads a version's outcomes (the catalog's
 * by default).
 * @example const states = await moduleStates(deps, await signoffsOf(deps, routeId), completedIn(route));
 */
export async function moduleStates(
  deps: Pick<Deps, 'db'>,
  signoffs: Signoff[],
  completedInRoute: ReadonlySet<string>,
  versionOf: VersionOutcomes = (id, version) => getModuleVersion(deps, id, version),
): Promise<ModuleState[]> {
  const versions = new Map<string, number>();
  for (const s of signoffs)
    versions.set(s.moduleId, Math.max(versions.get(s.moduleId) ?? 0, s.moduleVersion));
  return Promise.all(
    [...versions].map(async ([moduleId, moduleVersion]) => {
      const { outcomes } = await versionOf(moduleId, moduleVersion);
      const completion = moduleCompletion(outcomes, signoffs);
      return {
        moduleId,
        moduleVersion,
        completed: completion.completed,
        ...(completion.completed ? { completedOn: completion.completedOn } : {}),
        missing: completion.missing,
        recordedInRoute: completedInRoute.has(moduleId),
        signoffs: completion.completed ? completion.signoffs : [],
      };
    }),
  );
}

/**
 * The modules a route version shows as completed.
 * @example completedIn(route).has(moduleId)
 */
export const completedIn = (route: Route): Set<string> =>
  new Set(route.inputs.completed.map((c) => c.moduleId));

/**
 * A module's state as the API shows it, without the sign-offs that complete it.
 * @example states.map(withoutSignoffs)
 */
export const withoutSignoffs = ({ signoffs: _s, ...state }: ModuleState): CompletionState => state;
