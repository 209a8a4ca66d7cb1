import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { RouteAssessor, RouteAssessorAssign } from '../../schemas/signoffs.js';
import { ConstraintError } from '../db/database.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { openRoute } from '../learning-routes/index.js';

/**
 * The praktijkopleiders assigned to a route, in the order they were assigned. Who may read them is
 * declared on the operation (`routeRules.read`).
 * @example const items = await listRouteAssessors(deps, routeId); // [{ assessorId, name, subject, … }]
 */
export async function listRouteAssessors(deps: Pick<Deps, 'db'>, routeId: string): Promise<RouteAssessor[]> {
  const rows = await deps.db.kysely
    .selectFrom('route_assessor as ra')
    .innerJoin('assessor as a', 'a.id', 'ra.assessor_id')
    .select(['a.id', 'a.name', 'a.subject', 'a.qualifications', 'ra.assigned_by', 'ra.assigned_at'])
    .where('ra.route_id', '=', routeId)
    .orderBy('ra.assigned_at')
    .orderBy(sql`ra.rowid`)
    .execute();
  return rows.map((r) => ({
    assessorId: r.id,
    name: r.name,
    ...(r.subject === null ? {} : { subject: r.subject }),
    qualifications: JSON.parse(r.qualifications) as RouteAssessor['qualifications'],
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at,
  }));
}

/**
 * Assigns a praktijkopleider of the route's employer to the route (the operation declares who may:
 * `routeRules.assignAssessor`). An assessor of another employer is refused at `assessorId`;
 * assigning someone already assigned changes nothing.
 * @example await assignAssessor(deps, werkgever, routeId, { assessorId }) // { created: true, items: [...] }
 */
export async function assignAssessor(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  routeId: string,
  input: z.infer<typeof RouteAssessorAssign>,
): Promise<{ created: boolean; items: RouteAssessor[] }> {
  const row = await openRoute(deps, routeId);
  const assessor = await deps.db.kysely
    .selectFrom('assessor')
    .select(['id', 'employer_id'])
    .where('id', '=', input.assessorId)
    .executeTakeFirst();
  if (!assessor) throw fail.invalid('assessorId', `there is no assessor '${input.assessorId}'`);
  if (assessor.employer_id !== row.employer_id)
    throw fail.invalid(
      'assessorId',
      `the assessor works for '${assessor.employer_id}', not for the route's employer '${row.employer_id}'`,
    );
  const assigned = async () =>
    (await listRouteAssessors(deps, routeId)).some((a) => a.assessorId === assessor.id);
  if (await assigned()) return { created: false, items: await listRouteAssessors(deps, routeId) };
  try {
    await deps.db.atomically([
      deps.db.kysely.insertInto('route_assessor').values({
        route_id: routeId,
        assessor_id: assessor.id,
        assigned_by: actorLabel(actor),
        assigned_at: deps.now().toISOString(),
      }),
      auditEvent(deps, actor, 'route.assessor-assigned', 'route', routeId, { assessorId: assessor.id }),
    ]);
  } catch (error) {
    // A concurrent identical assignment won the race: the outcome is the same.
    if (!(error instanceof ConstraintError && error.kind === 'unique' && (await assigned()))) throw error;
    return { created: false, items: await listRouteAssessors(deps, routeId) };
  }
  return { created: true, items: await listRouteAssessors(deps, routeId) };
}
