import type { Route, RouteChangeFacts } from '../../schemas/routes.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { summaryOf } from './change-facts.js';
import { planEvents } from './plan-events.js';
import { type PlanOutcome, planVersion, type RouteDeps } from './planning.js';
import type { RouteInputs } from './route-inputs.js';
import type { StoredStatus } from './route-status.js';
import { loadRoute, loadVersion, type RouteRow } from './route-versions.js';

/** What a route version is planned toward, besides its inputs. */
export interface VersionTarget {
  roleId: string;
  qualificationId: string | null;
}

/**
 * The insert of one route version with the plan it was given and the change that made it.
 * @example db.atomically([insertRoute, versionInsert(deps, routeId, 1, inputs, outcome, change, target)])
 */
export function versionInsert(
  deps: Pick<RouteDeps, 'db'>,
  routeId: string,
  version: number,
  inputs: RouteInputs,
  outcome: PlanOutcome,
  change: Route['change'],
  target: VersionTarget,
) {
  return deps.db.kysely.insertInto('route_version').values({
    route_id: routeId,
    version,
    role_id: target.roleId,
    qualification_id: target.qualificationId,
    inputs: JSON.stringify(inputs),
    outcome: JSON.stringify(outcome),
    change: JSON.stringify(change),
    created_at: change.at,
  });
}

/** A change that makes the next version of a route. */
export interface NextVersion {
  inputs: RouteInputs;
  status: StoredStatus;
  /** What changed, as data (summaryOf words it for the API and the audit trail). */
  facts: RouteChangeFacts;
  reason?: string | undefined;
  /** The audit action, e.g. `route.paused`. */
  action: string;
  /** A new role or qualification (a replan); the route's own when absent. */
  target?: VersionTarget;
  /** Carry the current approvals over: a pause or a completion needs no new agreement. */
  keepApprovals?: boolean;
}

/**
 * Plans and writes the next version of a route, guarded so that two concurrent changes cannot both
 * become version n + 1 (the loser's write fails). A plan with nothing left to do completes the route.
 * Beside its own audit event, the exemptions it grants or drops against the version before (a
 * credential revoked since, say) and a newly applied admission override are audited (planEvents).
 * @example await nextVersion(deps, actor, row, { inputs, status: 'active', facts: { kind: 'paused', from, until }, action: 'route.paused', keepApprovals: true })
 */
export async function nextVersion(
  deps: RouteDeps,
  actor: Actor,
  row: RouteRow,
  next: NextVersion,
): Promise<Route> {
  const target = next.target ?? { roleId: row.role_id, qualificationId: row.qualification_id };
  const { employerId, ...outcome } = await planVersion(
    deps,
    {
      learnerId: row.learner_id,
      institutionId: row.institution_id,
      roleId: target.roleId,
      qualificationId: target.qualificationId ?? undefined,
    },
    next.inputs,
  );
  const previous = await deps.db.kysely
    .selectFrom('route_version')
    .select('outcome')
    .where('route_id', '=', row.id)
    .where('version', '=', row.current_version)
    .executeTakeFirstOrThrow();
  const version = row.current_version + 1;
  const at = deps.now().toISOString();
  const nothingPlanned = outcome.plan.items.every((i) => i.status !== 'planned');
  const status: StoredStatus = nothingPlanned && outcome.plan.items.length > 0 ? 'completed' : next.status;
  const change: Route['change'] = {
    by: actorLabel(actor),
    at,
    summary: summaryOf(next.facts),
    facts: next.facts,
    ...(next.reason ? { reason: next.reason } : {}),
  };
  const db = deps.db.kysely;
  const carried = next.keepApprovals
    ? await db
        .selectFrom('route_approval')
        .selectAll()
        .where('route_id', '=', row.id)
        .where('version', '=', row.current_version)
        .execute()
    : [];
  await deps.db.atomically([
    versionInsert(deps, row.id, version, next.inputs, outcome, change, target),
    db
      .updateTable('route')
      .set({
        current_version: version,
        status,
        employer_id: employerId,
        role_id: target.roleId,
        qualification_id: target.qualificationId,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .where('current_version', '=', row.current_version),
    ...(carried.length
      ? [db.insertInto('route_approval').values(carried.map((a) => ({ ...a, version })))]
      : []),
    auditEvent(deps, actor, next.action, 'route', row.id, { version, summary: change.summary }),
    ...planEvents(
      deps,
      actor,
      row.id,
      version,
      JSON.parse(previous.outcome) as PlanOutcome,
      outcome,
      next.inputs,
    ),
  ]);
  return loadVersion(deps, await loadRoute(deps, row.id));
}
