import type { Route } from '../../schemas/routes.js';
import { approvingParty } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { readInChunks } from '../db/chunks.js';
import { actorLabel, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import { loadRouteFacts } from './route-facts.js';
import { type Party, statusAfterApproval } from './route-status.js';
import { currentInputs, openRoute, readRoute } from './route-versions.js';

/**
 * A party approves the current version; with all three (learner, opleider, workplace), a draft becomes
 * agreed (or active from its start). The party is the one the principal takes part in (`approvingParty`): the operation declares
 * `routeRules.approve`, and this refuses anyone who is not one of the three all the same.
 * @example const route = await approveRoute(deps, learner, routeId); // route.approvals gains { party: 'learner' }
 */
export async function approveRoute(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  principal: Principal,
  id: string,
): Promise<Route> {
  const [row, facts] = await Promise.all([openRoute(deps, id), loadRouteFacts(deps, id)]);
  const party = approvingParty(principal, facts);
  if (!party)
    throw fail.forbidden(
      'Only the opleider, the workplace (an assigned praktijkopleider or the werkgever) and the learner approve a route.',
    );
  const inputs = await currentInputs(deps, row);
  const approved = await deps.db.kysely
    .selectFrom('route_approval')
    .select('party')
    .where('route_id', '=', row.id)
    .where('version', '=', row.current_version)
    .execute();
  if (approved.some((a) => a.party === party))
    throw fail.conflict(`The ${party} already approved version ${row.current_version}.`);
  const parties = [...approved.map((a) => a.party), party];
  const status = statusAfterApproval(row.status, parties, inputs.startDate, today(deps));
  const at = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely.insertInto('route_approval').values({
      route_id: row.id,
      version: row.current_version,
      party,
      approved_by: actorLabel(principal),
      approved_at: at,
    }),
    deps.db.kysely.updateTable('route').set({ status, updated_at: at }).where('id', '=', row.id),
    auditEvent(deps, principal, 'route.approved', 'route', row.id, { version: row.current_version, party }),
  ]);
  return readRoute(deps, id);
}

/**
 * Those of `routes`, each at its current `version`, whose current version `party` has not approved: what
 * waits for them (a learner's page asks them to). One read for them all. A route that has ended or is
 * completed waits for no one: leaving those out is the caller's, who has their status.
 * @example (await awaitingApproval(deps, routes.items, 'learner')).has(routeId) // true: theirs to approve
 */
export async function awaitingApproval(
  deps: Pick<Deps, 'db'>,
  routes: readonly { id: string; version: number }[],
  party: Party,
): Promise<Set<string>> {
  const approved = await readInChunks(
    routes.map((r) => r.id),
    (ids) =>
      deps.db.kysely
        .selectFrom('route_approval')
        .select(['route_id', 'version'])
        .where('route_id', 'in', ids)
        .where('party', '=', party)
        .execute(),
  );
  const done = new Set(approved.map((a) => `${a.route_id} ${a.version}`));
  return new Set(routes.filter((r) => !done.has(`${r.id} ${r.version}`)).map((r) => r.id));
}
