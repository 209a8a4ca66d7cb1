import type { z } from '@hono/zod-openapi';
import type { RouteListQuery, RouteSummary } from '../../schemas/route-list.js';
import { learnerNameSeenBy, listableRoutes } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { containsText } from '../db/text-search.js';
import { fail } from '../kernel/errors.js';
import { keysetPage, type Page } from '../kernel/pages.js';
import { type Deps, today } from '../kernel/ports.js';
import type { PlanOutcome } from './planning.js';
import type { RouteInputs } from './route-inputs.js';
import { statusOn } from './route-status.js';

/**
 * A page of the routes the principal may read (exactly those `routeRules.read` lets them in, by
 * `listableRoutes`), narrowed by the query: a learner's (`learner`), the calling praktijkopleider's
 * assigned ones (`assessor=me`), an employer's or an institution's. A filter never widens: a route the
 * caller may not read is never listed, whatever is asked. An admin lists none. The caller is a party
 * of each route listed, so each names its learner (learnerNameSeenBy) unless they erased themselves.
 * @example await listRoutes(deps, { sub: 'pol-ksu-1', role: 'praktijkopleider', employer: 'ksu' }, { assessor: 'me', limit: 20 })
 */
export async function listRoutes(
  deps: Pick<Deps, 'db' | 'now'>,
  principal: Principal,
  query: z.infer<typeof RouteListQuery>,
): Promise<Page<RouteSummary>> {
  if (query.assessor === 'me' && principal.role !== 'praktijkopleider')
    throw fail.invalid('assessor', 'only a praktijkopleider has routes assigned to them');
  const visible = listableRoutes(principal);
  let select = deps.db.kysely
    .selectFrom('route as r')
    .innerJoin('learner as l', 'l.id', 'r.learner_id')
    .innerJoin('route_version as v', (join) =>
      join.onRef('v.route_id', '=', 'r.id').onRef('v.version', '=', 'r.current_version'),
    )
    .innerJoin('role as o', 'o.id', 'v.role_id')
    .innerJoin('institution as i', 'i.id', 'r.institution_id')
    .innerJoin('employer as e', 'e.id', 'r.employer_id')
    .leftJoin('qualification as q', 'q.id', 'v.qualification_id')
    .select([
      'r.id',
      'r.current_version',
      'r.status',
      'l.status as learner_status',
      'l.name as learner_name',
      'r.learner_id',
      'r.institution_id',
      'r.employer_id',
      'r.created_at',
      'v.role_id',
      'v.qualification_id',
      'v.inputs',
      'v.outcome',
      'o.title as role_title',
      'i.name as institution_name',
      'e.name as employer_name',
      'q.title as qualification_title',
    ]);
  const assignedTo = (subject: string) =>
    select.where('r.id', 'in', (eb) =>
      eb
        .selectFrom('route_assessor as ra')
        .innerJoin('assessor as a', 'a.id', 'ra.assessor_id')
        .select('ra.route_id')
        .where('a.subject', '=', subject),
    );
  switch (visible.by) {
    case 'none':
      return { items: [] };
    case 'learner':
      select = select.where('l.subject', '=', visible.subject).where('l.status', '=', 'active');
      break;
    case 'institution':
      select = select.where('r.institution_id', '=', visible.institutionId);
      break;
    case 'employer':
      select = select.where('r.employer_id', '=', visible.employerId);
      break;
    case 'assessor':
      select = assignedTo(visible.subject).where('r.employer_id', '=', visible.employerId);
      break;
  }
  if (query.learner) select = select.where('r.learner_id', '=', query.learner);
  if (query.employer) select = select.where('r.employer_id', '=', query.employer);
  if (query.institution) select = select.where('r.institution_id', '=', query.institution);
  // The name is searched only where it is shown: every caller who lists a route is a party of it.
  if (query.q) select = select.where(containsText(['l.name', 'o.title'], query.q));
  const { party } = visible;
  const day = today(deps);
  return keysetPage(
    select,
    query,
    'r.id',
    (rows) =>
      rows.map((row): RouteSummary => {
        const inputs = JSON.parse(row.inputs) as RouteInputs;
        const { startDate } = inputs;
        const { plan } = JSON.parse(row.outcome) as PlanOutcome;
        const learnerName = learnerNameSeenBy([party], row.learner_name);
        return {
          id: row.id,
          version: row.current_version,
          status: statusOn(row.status, { ...inputs, learnerErased: row.learner_status === 'erased' }, day),
          learnerId: row.learner_id,
          ...(learnerName === undefined ? {} : { learnerName }),
          institutionId: row.institution_id,
          institutionName: row.institution_name,
          employerId: row.employer_id,
          employerName: row.employer_name,
          roleId: row.role_id,
          roleTitle: row.role_title,
          ...(row.qualification_id === null ? {} : { qualificationId: row.qualification_id }),
          ...(row.qualification_title === null ? {} : { qualificationTitle: row.qualification_title }),
          startDate,
          independentFrom: plan.independentFrom,
          createdAt: row.created_at,
        };
      }),
    (route) => route.id,
  );
}
