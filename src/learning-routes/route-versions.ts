import type { Route } from '../../schemas/routes.js';
import type { Schema } from '../db/schema.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import type { PlanOutcome } from './planning.js';
import type { RouteInputs } from './route-inputs.js';
import { endedRefusal, type RouteDates, statusOn } from './route-status.js';

export type RouteRow = Schema['route'];
/** A route's row as loaded, with whether its learner erased themselves (statusOn, endedRefusal). */
export type LoadedRoute = RouteRow & { learnerErased: boolean };
type VersionRow = Schema['route_version'];

function toRoute(
  row: RouteRow & { learnerErased?: boolean },
  version: VersionRow,
  approvals: Schema['route_approval'][],
  day: string,
  current?: RouteDates,
): Route {
  const inputs = JSON.parse(version.inputs) as RouteInputs;
  const outcome = JSON.parse(version.outcome) as PlanOutcome;
  const { admissionOverride: _override, hoursPerWeek, startDate, ...rest } = inputs;
  return {
    id: row.id,
    version: version.version,
    // The route's status today, from its current version's dates, whichever version is read.
    status: statusOn(row.status, { ...(current ?? inputs), learnerErased: row.learnerErased === true }, day),
    learnerId: row.learner_id,
    institutionId: row.institution_id,
    employerId: row.employer_id,
    roleId: version.role_id,
    ...(version.qualification_id === null ? {} : { qualificationId: version.qualification_id }),
    hoursPerWeek,
    startDate,
    ...outcome,
    inputs: rest,
    approvals: approvals.map((a) => ({ party: a.party, by: a.approved_by, at: a.approved_at })),
    change: JSON.parse(version.change) as Route['change'],
    createdAt: row.created_at,
  };
}

/**
 * A route's row, and whether its learner erased themselves; a 404 for a route that does not exist.
 * @example const { employer_id } = await loadRoute(deps, routeId);
 */
export async function loadRoute(deps: Pick<Deps, 'db'>, id: string): Promise<LoadedRoute> {
  const row = await deps.db.kysely
    .selectFrom('route as r')
    .innerJoin('learner as l', 'l.id', 'r.learner_id')
    .selectAll('r')
    .select('l.status as learner_status')
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('route', id);
  const { learner_status, ...route } = row;
  return { ...route, learnerErased: learner_status === 'erased' };
}

/**
 * A route to change: loadRoute, refusing (a conflict) a route that has ended (endedRefusal).
 * @example const row = await openRoute(deps, routeId); // then approve, sign off, adjust, pause…
 */
export async function openRoute(deps: Pick<Deps, 'db'>, id: string): Promise<LoadedRoute> {
  const row = await loadRoute(deps, id);
  const refusal = endedRefusal(row);
  if (refusal) throw refusal;
  return row;
}

/**
 * A version of a loaded route (its current one by default) with that version's approvals, as a
 * reader sees it today: the status is the route's today (statusOn, from the current version's start
 * date and pauses), also on an earlier version.
 * @example const route = await loadVersion(deps, row);
 */
export async function loadVersion(
  deps: Pick<Deps, 'db' | 'now'>,
  row: RouteRow & { learnerErased?: boolean },
  version = row.current_version,
): Promise<Route> {
  const [versionRow, approvals, current] = await Promise.all([
    deps.db.kysely
      .selectFrom('route_version')
      .selectAll()
      .where('route_id', '=', row.id)
      .where('version', '=', version)
      .executeTakeFirst(),
    deps.db.kysely
      .selectFrom('route_approval')
      .selectAll()
      .where('route_id', '=', row.id)
      .where('version', '=', version)
      .orderBy('approved_at')
      .execute(),
    version === row.current_version ? undefined : currentInputs(deps, row),
  ]);
  if (!versionRow) throw fail.notFound('version of route', `${row.id}@${version}`);
  return toRoute(row, versionRow, approvals, today(deps), current);
}

/**
 * A route at its current version, or at `version`; a 404 for either that does not exist. Who may read
 * it is declared on the operation (`routeRules.read`), not decided here.
 * @example const route = await readRoute(deps, routeId); // route.plan.items, route.approvals
 * @example const first = await readRoute(deps, routeId, 1);
 */
export async function readRoute(
  deps: Pick<Deps, 'db' | 'now'>,
  id: string,
  version?: number,
): Promise<Route> {
  return loadVersion(deps, await loadRoute(deps, id), version);
}

/**
 * The inputs the route's current version was planned from.
 * @example const { startDate, pauses } = await currentInputs(deps, row);
 */
export async function currentInputs(deps: Pick<Deps, 'db'>, row: RouteRow): Promise<RouteInputs> {
  const version = await deps.db.kysely
    .selectFrom('route_version')
    .select('inputs')
    .where('route_id', '=', row.id)
    .where('version', '=', row.current_version)
    .executeTakeFirstOrThrow();
  return JSON.parse(version.inputs) as RouteInputs;
}
