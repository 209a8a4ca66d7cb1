import type { CredentialFacts } from '../access/index.js';
import type { JsonObject } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { type CredentialState, stateOf } from './credential-status.js';

type Row = Schema['credential'];

/** An issued credential as the service holds it: the document, and what it was issued for. */
export interface StoredCredential {
  id: string;
  institutionId: string;
  routeId?: string;
  moduleId?: string;
  issuedAt: string;
  status: CredentialState;
  verifiableCredential: JsonObject;
}

const toStored = (row: Row): StoredCredential => ({
  id: row.id,
  institutionId: row.institution_id,
  ...(row.route_id === null ? {} : { routeId: row.route_id }),
  ...(row.module_id === null ? {} : { moduleId: row.module_id }),
  issuedAt: row.issued_at,
  status: stateOf(row),
  verifiableCredential: JSON.parse(row.document) as JsonObject,
});

/**
 * What access to an issued credential depends on: its issuer and the learner it was issued to. Not
 * found for an id that was never issued here.
 * @example guard(param('id', loadCredentialFacts), credentialRules.read)
 */
export async function loadCredentialFacts(deps: Pick<Deps, 'db'>, id: string): Promise<CredentialFacts> {
  const row = await deps.db.kysely
    .selectFrom('credential as c')
    .leftJoin('learner as l', (join) => join.onRef('l.id', '=', 'c.learner_id').on('l.status', '=', 'active'))
    .select(['c.id', 'c.institution_id', 'l.subject'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('credential', id);
  return { id: row.id, institutionId: row.institution_id, holderSubject: row.subject ?? null };
}

/** The credentials issued for a route, or to a learner, in the order they were issued. */
async function credentialsWhere(deps: Pick<Deps, 'db'>, column: 'route_id' | 'learner_id', id: string) {
  const rows = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where(column, '=', id)
    .orderBy('issued_at')
    .execute();
  return { items: rows.map(toStored) };
}

/**
 * The credentials a route earned, in the order they were issued.
 * @example (await routeCredentials(deps, routeId)).items.map((c) => c.moduleId)
 */
export const routeCredentials = (deps: Pick<Deps, 'db'>, routeId: string) =>
  credentialsWhere(deps, 'route_id', routeId);

/**
 * A learner's credentials: their wallet as the service holds it.
 * @example (await learnerCredentials(deps, learnerId)).items.length
 */
export const learnerCredentials = (deps: Pick<Deps, 'db'>, learnerId: string) =>
  credentialsWhere(deps, 'learner_id', learnerId);

/**
 * One issued credential; not found when there is none with this id.
 * @example (await getCredential(deps, 'urn:uuid:…')).status // 'active'
 */
export async function getCredential(deps: Pick<Deps, 'db'>, id: string): Promise<StoredCredential> {
  const row = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('credential', id);
  return toStored(row);
}

/**
 * The document of a credential issued here to this learner, if there is one with this id.
 * @example await issuedToLearner(deps, learnerId, vc.id) // the stored document, or undefined
 */
export async function issuedToLearner(
  deps: Pick<Deps, 'db'>,
  learnerId: string,
  credentialId: string,
): Promise<JsonObject | undefined> {
  const row = await deps.db.kysely
    .selectFrom('credential')
    .select('document')
    .where('id', '=', credentialId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  return row && (JSON.parse(row.document) as JsonObject);
}
