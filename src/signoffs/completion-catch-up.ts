import type { Route } from '../../schemas/routes.js';
import { ConstraintError } from '../db/database.js';
import type { Actor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { openRoute, type RouteDeps, recordCompletion, withdrawCompletion } from '../learning-routes/index.js';
import { correctedModule } from './completed-modules.js';
import { type CompletionState, completedIn, withoutSignoffs } from './module-states.js';
import { routeSignoffs } from './signoffs.js';

/**
 * What a catch-up pass leaves: the route as it is now, the completions it recorded and the ones it
 * took back (`withdrawn`), and where each module stands.
 */
export interface CaughtUp {
  route: Route;
  recorded: string[];
  withdrawn: string[];
  states: CompletionState[];
}

/** Writes the route's next version; two writers may race for it, and the loser reloads and tries again. */
async function raced(write: () => Promise<Route>): Promise<Route> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof ConstraintError) || attempt >= 3) throw error;
    }
  }
}

/**
 * Makes the route show what the sign-offs establish: it records every completion the route does not
 * show yet, and takes back every completion a correction undid (the module is planned again, with the
 * correction's reason). The catch-up that makes a lost write harmless: runs after every sign-off and on
 * `POST /routes/{id}/signoffs/reconcile`; running it again changes nothing. Only modules the current
 * plan still has as planned are recorded (an exempt or removed module is not completed by sign-off),
 * and only a correction takes a completion back (not, say, a newer module version with more outcomes).
 * @example const { recorded, withdrawn } = await catchUp(deps, actor, routeId);
 */
export async function catchUp(deps: RouteDeps, actor: Actor, routeId: string): Promise<CaughtUp> {
  const { route: before, signoffs, states } = await routeSignoffs(deps, routeId);
  let route = before;
  const recorded: string[] = [];
  const withdrawn: string[] = [];
  for (const state of states) {
    const undone = state.recordedInRoute ? correctedModule(state, signoffs) : undefined;
    if (undone) {
      route = await raced(() =>
        withdrawCompletion(deps, actor, routeId, state.moduleId, undone.correction.reason),
      );
      withdrawn.push(state.moduleId);
      continue;
    }
    if (!state.completed || state.completedOn === undefined || state.recordedInRoute) continue;
    if (!route.plan.items.some((i) => i.moduleId === state.moduleId && i.status === 'planned')) continue;
    const { completedOn } = state;
    route = await raced(() => recordCompletion(deps, actor, routeId, state.moduleId, completedOn));
    recorded.push(state.moduleId);
  }
  const done = completedIn(route);
  return {
    route,
    recorded,
    withdrawn,
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
    return { route, recorded: [], withdrawn: [], states: states.map(withoutSignoffs) };
  }
}

/**
 * Makes the route show what the sign-offs establish (see catchUp), after a crash between a sign-off and
 * its completion, say. Idempotent; the operation declares who may run it (`routeRules.reconcile`).
 * @example const { recorded, withdrawn, routeVersion } = await reconcileCompletions(deps, opleider, routeId);
 */
export async function reconcileCompletions(
  deps: RouteDeps,
  actor: Actor,
  routeId: string,
): Promise<{ recorded: string[]; withdrawn: string[]; modules: CompletionState[]; routeVersion: number }> {
  // Nothing more is recorded on a route that has ended (endedRefusal): a conflict, as every change is.
  await openRoute(deps, routeId);
  const { route, recorded, withdrawn, states } = await catchUp(deps, actor, routeId);
  return { recorded, withdrawn, modules: states, routeVersion: route.version };
}
