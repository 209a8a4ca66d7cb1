import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import type { Schema } from '../db/schema.js';
import { problems } from '../http/problem.js';
import { assertSelf, isSelf, loadLearner } from '../learners/grants.js';
import { getRoute } from '../learning-routes/store.js';
import { stateOf } from '../status-lists/store.js';

type Row = Schema['credential'];

export interface StoredCredential {
  id: string;
  institutionId: string;
  routeId?: string;
  moduleId?: string;
  issuedAt: string;
  status: 'active' | 'revoked' | 'suspended';
  verifiableCredential: Record<string, unknown>;
}

const toStored = (row: Row): StoredCredential => ({
  id: row.id,
  institutionId: row.institution_id,
  ...(row.route_id === null ? {} : { routeId: row.route_id }),
  ...(row.module_id === null ? {} : { moduleId: row.module_id }),
  issuedAt: row.issued_at,
  status: stateOf(row),
  verifiableCredential: JSON.parse(row.document) as Record<string, unknown>,
});

/** The credentials a route earned, for whoever may see the route. */
export async function routeCredentials(deps: AppDeps, principal: Principal, routeId: string) {
  await getRoute(deps, principal, routeId);
  const rows = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where('route_id', '=', routeId)
    .orderBy('issued_at')
    .execute();
  return { items: rows.map(toStored) };
}

/** A learner's own credentials: their wallet as the service holds it. Only the learner. */
export async function learnerCredentials(deps: AppDeps, principal: Principal, learnerId: string) {
  await assertSelf(deps, principal, learnerId);
  const rows = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('issued_at')
    .execute();
  return { items: rows.map(toStored) };
}

/** One credential, for its learner or the issuing institution's opleiders. */
export async function getCredential(
  deps: AppDeps,
  principal: Principal,
  id: string,
): Promise<StoredCredential> {
  const row = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.notFound('credential', id);
  const issuer = principal.role === 'opleider' && principal.institution === row.institution_id;
  const holder = row.learner_id !== null && isSelf(principal, await loadLearner(deps, row.learner_id));
  if (!issuer && !holder) throw problems.forbidden(`Credential '${id}' is not yours to see.`);
  return toStored(row);
}
