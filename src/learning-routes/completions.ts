import type { Route } from '../../schemas/routes.js';
import type { Actor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { nextVersion } from './next-version.js';
import type { RouteDeps } from './planning.js';
import { currentInputs, loadVersion, openRoute } from './route-versions.js';

/**
 * Records that a module of the route is completed, as workplace sign-off of its last outcome does.
 * A completion is a fact, not an adjustment, so the current approvals stay. Recording it twice
 * changes nothing. Who may cause it is decided by the caller (the sign-off's declared rule).
 * @example await recordCompletion(deps, praktijkopleider, routeId, moduleId, '2027-04-12')
 */
export async function recordCompletion(
  deps: RouteDeps,
  actor: Actor,
  routeId: string,
  moduleId: string,
  completedOn: string,
): Promise<Route> {
  const row = await openRoute(deps, routeId);
  const [inputs, route] = await Promise.all([currentInputs(deps, row), loadVersion(deps, row)]);
  if (inputs.completed.some((c) => c.moduleId === moduleId)) return route;
  const code = route.plan.items.find((i) => i.moduleId === moduleId)?.code ?? moduleId;
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, completed: [...inputs.completed, { moduleId, completedOn }] },
    status: row.status,
    facts: { kind: 'module-completed', code, on: completedOn },
    action: 'route.module-completed',
    keepApprovals: true,
  });
}

/**
 * Takes back a module's recorded completion, as a sign-off correction does that takes back one of its
 * outcomes (`reason` is the correction's): the module is planned again, from today on. Like its
 * completion, a fact rather than an adjustment, so the current approvals stay; a route that was
 * completed by it is active again. Taking back a completion the route does not show changes nothing.
 * Who may cause it is decided by the caller (the correction's declared rule).
 * @example await withdrawCompletion(deps, praktijkopleider, routeId, moduleId, 'De toets is bij een andere cliënt afgenomen')
 */
export async function withdrawCompletion(
  deps: RouteDeps,
  actor: Actor,
  routeId: string,
  moduleId: string,
  reason: string,
): Promise<Route> {
  const row = await openRoute(deps, routeId);
  const [inputs, route] = await Promise.all([currentInputs(deps, row), loadVersion(deps, row)]);
  if (!inputs.completed.some((c) => c.moduleId === moduleId)) return route;
  const code = route.plan.items.find((i) => i.moduleId === moduleId)?.code ?? moduleId;
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, completed: inputs.completed.filter((c) => c.moduleId !== moduleId) },
    // Only a route whose every module was done is stored completed; with this one to do again it runs.
    status: row.status === 'completed' ? 'active' : row.status,
    facts: { kind: 'completion-withdrawn', code },
    reason,
    action: 'route.completion-withdrawn',
    keepApprovals: true,
  });
}

/**
 * The modules of a route whose completion a correction took back (withdrawCompletion), by code: when
 * and why, from the latest version that took each back. Only the versions' change records say it: the
 * current inputs just show the module planned again. A module completed again since is listed too;
 * whether it is taken back now is what the route's plan says of it.
 * @example (await withdrawnCompletions(deps, routeId)).get('DH-WAK') // { at: '2026-11-22T09:00:00.000Z', reason: 'De toets is …' }
 */
export async function withdrawnCompletions(
  deps: Pick<Deps, 'db'>,
  routeId: string,
): Promise<Map<string, { at: string; reason: string }>> {
  const rows = await deps.db.kysely
    .selectFrom('route_version')
    .select('change')
    .where('route_id', '=', routeId)
    .where((eb) => eb(eb.fn('json_extract', ['change', eb.val('$.facts.kind')]), '=', 'completion-withdrawn'))
    .orderBy('version')
    .execute();
  const withdrawn = new Map<string, { at: string; reason: string }>();
  for (const row of rows) {
    const change = JSON.parse(row.change) as Route['change'];
    if (change.facts?.kind === 'completion-withdrawn')
      withdrawn.set(change.facts.code, { at: change.at, reason: change.reason ?? '' });
  }
  return withdrawn;
}
