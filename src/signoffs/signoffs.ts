import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Route } from '../../schemas/routes.js';
import type { Signoff, SignoffEvidence } from '../../schemas/signoffs.js';
import { readInChunks } from '../db/chunks.js';
import type { Schema } from '../db/schema.js';
import type { Deps } from '../kernel/ports.js';
import { readRoute } from '../learning-routes/index.js';
import {
  type CompletionState,
  completedIn,
  type ModuleState,
  moduleStates,
  withoutSignoffs,
} from './module-states.js';

const toSignoff = (row: Schema['signoff'], supersededBy: string | undefined): Signoff => ({
  id: row.id,
  routeId: row.route_id,
  outcomeId: row.outcome_id,
  moduleId: row.module_id,
  moduleVersion: row.module_version,
  assessorId: row.assessor_id,
  result: row.result,
  date: row.date,
  evidence: JSON.parse(row.evidence) as z.infer<typeof SignoffEvidence>[],
  accommodations: JSON.parse(row.accommodations) as string[],
  ...(row.supersedes === null ? {} : { supersedes: row.supersedes }),
  ...(row.reason === null ? {} : { reason: row.reason }),
  ...(supersededBy === undefined ? {} : { supersededBy }),
  current: supersededBy === undefined,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at,
});

/**
 * Every sign-off of each route, oldest first, each knowing whether a correction replaced it: one read
 * for a batch of routes (a route without sign-offs has an empty list).
 * @example const byRoute = await signoffsOfRoutes(deps, [routeA, routeB]); byRoute.get(routeA) // [Signoff, …]
 */
export async function signoffsOfRoutes(
  deps: Pick<Deps, 'db'>,
  routeIds: readonly string[],
): Promise<Map<string, Signoff[]>> {
  const rows = await readInChunks(routeIds, (ids) =>
    deps.db.kysely
      .selectFrom('signoff')
      .selectAll()
      .where('route_id', 'in', ids)
      .orderBy('recorded_at')
      .orderBy(sql`rowid`)
      .execute(),
  );
  const correctedBy = new Map(rows.flatMap((r) => (r.supersedes === null ? [] : [[r.supersedes, r.id]])));
  const byRoute = new Map(routeIds.map((id): [string, Signoff[]] => [id, []]));
  for (const row of rows) byRoute.get(row.route_id)?.push(toSignoff(row, correctedBy.get(row.id)));
  return byRoute;
}

/**
 * Every sign-off of a route, oldest first, each knowing whether a correction replaced it.
 * @example const current = (await signoffsOf(deps, routeId)).filter((s) => s.current);
 */
export async function signoffsOf(deps: Pick<Deps, 'db'>, routeId: string): Promise<Signoff[]> {
  return (await signoffsOfRoutes(deps, [routeId])).get(routeId) ?? [];
}

/** A route's sign-offs, the route as it is now, and where each signed module stands. */
export interface RouteSignoffs {
  signoffs: Signoff[];
  route: Route;
  states: ModuleState[];
}

/**
 * A route's sign-offs read together with the route itself, and where each signed module stands.
 * @example const { route, states } = await routeSignoffs(deps, routeId);
 */
export async function routeSignoffs(deps: Pick<Deps, 'db' | 'now'>, routeId: string): Promise<RouteSignoffs> {
  const [signoffs, route] = await Promise.all([signoffsOf(deps, routeId), readRoute(deps, routeId)]);
  return { signoffs, route, states: await moduleStates(deps, signoffs, completedIn(route)) };
}

/**
 * Every sign-off of a route (corrections included) and where each signed module stands. Who may read
 * them is declared on the operation (`routeRules.readSignoffs`).
 * @example const { items, modules } = await listSignoffs(deps, routeId);
 */
export async function listSignoffs(
  deps: Pick<Deps, 'db' | 'now'>,
  routeId: string,
): Promise<{ items: Signoff[]; modules: CompletionState[] }> {
  const { signoffs, states } = await routeSignoffs(deps, routeId);
  return { items: signoffs, modules: states.map(withoutSignoffs) };
}
