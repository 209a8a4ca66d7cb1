import type { Route } from '../../schemas/routes.js';
import { ConstraintError } from '../db/database.js';
import type { Actor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { openRoute, type RouteDeps, recordCompletion } from '../learning-routes/index.js';
import { type CompletionState, completedIn, withoutSignoffs } from './module-states.js';
import { routeSignoffs } from './signoffs.js';

/** What a catch-up pass leaves: the route as it is now, what it recorded, and where each module stands. */
export interface CaughtUp {
  route: Route;
  recorded: string[];
  states: CompletionState[];
}

/**
 * Records in the route every completion the sign-offs establish that the route does not show yet:
 * the catch-up that makes a lost completion write harmless. Runs after every sign-off and on
 * `POST /routes/{id}/signoffs/reconcile`; running it again changes nothing. Only modules the current
 * plan still has as planned are recorded (an exempt or removed module is not completed by sign-off).
 * @example const { recorded } = await catchUp(deps, actor, routeId);
 */
export async function catchUp(deps: RouteDeps, actor: Actor, routeId: string): Promise<CaughtUp> {
  const { route: before, states } = await routeSignoffs(deps, routeId);
  let route = before;
  const recorded: string[] = [];
  for (const state of states) {
    if (!state.completed || state.completedOn === undefined || state.recordedInRoute) continue;
    if (!route.plan.items.some((i) => i.moduleId === state.moduleId && i.status === 'planned')) continue;
    // Two writers may race for the next route version; the loser reloads and tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        route = await recordCompletion(deps, actor, routeId, state.moduleId, state.completedOn);
        break;
      } catch (error) {
        if (!(error instanceof ConstraintError) || attempt >= 3) throw error;
      }
    }
    recorded.push(state.moduleId);
  }
  const done = completedIn(route);
  return {
    route,
    recorded,
    states: states.map((s) => ({ ...withoutSignoffs(s), recordedInRoute: done.has(s.moduleId) })),
  };
}

/**
 * Catch-up after a sign-off is best effort: the sign-off stands, and the next sign-off or a reconcile
 * records what is left. A failure is logged with the route's id.
 * @example const { route, states } = await catchUpAfterSignoff(deps, actor, routeId);
 */
export async function catchUpAfterSignoff(
  deps: RouteDeps & Pick<Deps, 'log'>,
  actor: Actor,
  routeId: string,
): Promise<CaughtUp> {
  try {
    return await catchUp(deps, actor, routeId);
  } catch (error) {
    deps.log.error('recording a completion failed; the next sign-off or reconcile catches up', {
      routeId,
      error,
    });
    const { route, states } = await routeSignoffs(deps, routeId);
    return { route, recorded: [], states: states.map(withoutSignoffs) };
  }
}

/**
 * Records every completion the sign-offs establish that the route does not show yet (after a crash
 * between a sign-off and its completion, say). Idempotent; the operation declares who may run it
 * (`routeRules.reconcile`).
 * @example const { recorded, routeVersion } = await reconcileCompletions(deps, opleider, routeId);
 */
export async function reconcileCompletions(
  deps: RouteDeps,
  actor: Actor,
  routeId: string,
): Promise<{ recorded: string[]; modules: CompletionState[]; routeVersion: number }> {
  // Nothing more is recorded on a route that has ended (endedRefusal): a conflict, as every change is.
  await openRoute(deps, routeId);
  const { route, recorded, states } = await catchUp(deps, actor, routeId);
  return { recorded, modules: states, routeVersion: route.version };
}
