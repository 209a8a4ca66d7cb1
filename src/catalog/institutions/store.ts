import type { z } from '@hono/zod-openapi';
import type {
  Institution,
  InstitutionCreate,
  InstitutionQuery,
  InstitutionUpdate,
} from '../../../schemas/institutions.js';
import type { AppDeps } from '../../app/app-env.js';
import { fail } from '../../kernel/errors.js';
import type { Deps } from '../../kernel/ports.js';
import { assertAdmin, assertInstitutionAccess, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';

type Row = Schema['institution'];

const toInstitution = (row: Row): Institution => ({
  id: row.id,
  name: row.name,
  kind: row.kind as Institution['kind'],
  country: row.country,
  qualityAssurance: row.quality_assurance,
  ...(row.website === null ? {} : { website: row.website }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Lists institutions by id, filtered by kind and text. */
export async function listInstitutions(deps: AppDeps, query: z.infer<typeof InstitutionQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('institution').selectAll();
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.q) select = select.where(containsText(['id', 'name'], query.q));
  if (after !== undefined) select = select.where('id', '>', after);
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toInstitution), query.limit, (i) => i.id);
}

/** One institution, or a 404 problem. */
export async function getInstitution(deps: AppDeps, id: string): Promise<Institution> {
  const row = await deps.db.kysely
    .selectFrom('institution')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.notFound('institution', id);
  return toInstitution(row);
}

/** Registers an instelling; only an admin may. */
export async function createInstitution(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof InstitutionCreate>,
): Promise<Institution> {
  assertAdmin(principal);
  const now = deps.now().toISOString();
  const row: Row = {
    id: input.id,
    name: input.name,
    kind: input.kind,
    country: input.country,
    quality_assurance: input.qualityAssurance,
    website: input.website ?? null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('institution').values(row),
    auditEvent(deps, principal, 'institution.created', 'institution', row.id),
  ]);
  return toInstitution(row);
}

/** Changes an institution's details; its admin or its own opleiders may. */
export async function updateInstitution(
  deps: AppDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof InstitutionUpdate>,
): Promise<Institution> {
  const current = await getInstitution(deps, id);
  assertInstitutionAccess(principal, id);
  const next = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('institution')
      .set({
        name: next.name,
        kind: next.kind,
        country: next.country,
        quality_assurance: next.qualityAssurance,
        website: next.website ?? null,
        updated_at: next.updatedAt,
      })
      .where('id', '=', id),
    auditEvent(deps, principal, 'institution.updated', 'institution', id, patch),
  ]);
  return next;
}

/**
 * Refuses a write that names an institution that does not exist, at the field that named it.
 * @example await assertInstitutionExists(deps, 'han')
 */
export async function assertInstitutionExists(deps: AppDeps, id: string, path = 'body.institutionId') {
  const row = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.invalid(path, `there is no institution '${id}'`);
}

/**
 * Whether an institution exists: the facts catalog and credential guards load for a path `{id}`.
 * @example await loadInstitutionFacts(deps, 'han') // { institutionId: 'han' }, or a 404
 */
export async function loadInstitutionFacts(
  deps: Pick<Deps, 'db'>,
  id: string,
): Promise<{ institutionId: string }> {
  const row = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('institution', id);
  return { institutionId: row.id };
}
