import type { RouteFacts } from '../access/index.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';

/**
 * What access to a route depends on: its institution, employer, learner (and their name, for its
 * parties) and assigned praktijkopleiders. A 404 for a route that does not exist.
 * @example routeRules.approve.allows(principal, await loadRouteFacts(deps, routeId))
 */
export async function loadRouteFacts(deps: Pick<Deps, 'db'>, routeId: string): Promise<RouteFacts> {
  const db = deps.db.kysely;
  const [route, assessors] = await Promise.all([
    db
      .selectFrom('route as r')
      .innerJoin('learner as l', 'l.id', 'r.learner_id')
      .select(['r.id', 'r.institution_id', 'r.employer_id', 'l.subject', 'l.name'])
      .where('r.id', '=', routeId)
      .executeTakeFirst(),
    db
      .selectFrom('route_assessor as ra')
      .innerJoin('assessor as a', 'a.id', 'ra.assessor_id')
      .select('a.subject')
      .where('ra.route_id', '=', routeId)
      .where('a.subject', 'is not', null)
      .execute(),
  ]);
  if (!route) throw fail.notFound('route', routeId);
  return {
    id: route.id,
    institutionId: route.institution_id,
    employerId: route.employer_id,
    learnerSubject: route.subject,
    assessorSubjects: assessors.flatMap((a) => (a.subject === null ? [] : [a.subject])),
    learnerName: route.name,
  };
}
