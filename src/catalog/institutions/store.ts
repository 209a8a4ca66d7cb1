import type { z } from '@hono/zod-openapi';
import type {
  Institution,
  InstitutionCreate,
  InstitutionQuery,
  InstitutionUpdate,
} from '../../../schemas/institutions.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { writeUnique } from '../unique-keys.js';

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

const findRow = (deps: DbDeps, id: string) =>
  deps.db.kysely.selectFrom('institution').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * A page of institutions by id, filtered by kind and text.
 * @example await listInstitutions(deps, { kind: 'mbo', limit: 20 }) // { items, nextCursor? }
 */
export async function listInstitutions(deps: DbDeps, query: z.infer<typeof InstitutionQuery>) {
  let select = deps.db.kysely.selectFrom('institution').selectAll();
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.q) select = select.where(containsText(['id', 'name'], query.q));
  return keysetPage(
    select,
    query,
    'id',
    (rows) => rows.map(toInstitution),
    (i) => i.id,
  );
}

/**
 * One institution; a 404 when there is none.
 * @example (await getInstitution(deps, 'han')).name // 'HAN'
 */
export async function getInstitution(deps: DbDeps, id: string): Promise<Institution> {
  const row = await findRow(deps, id);
  if (!row) throw fail.notFound('institution', id);
  return toInstitution(row);
}

/**
 * Registers an instelling (its route lets only an admin).
 * @example await createInstitution(deps, admin, { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' })
 */
export async function createInstitution(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof InstitutionCreate>,
): Promise<Institution> {
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
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('institution').values(row),
      auditEvent(deps, principal, 'institution.created', 'institution', row.id),
    ],
    { column: 'institution.id', field: 'id', taken: () => `There is already an institution '${row.id}'.` },
  );
  return toInstitution(row);
}

/**
 * Changes an institution's details (its route lets an admin or the institution's own opleiders).
 * @example await updateInstitution(deps, opleider, 'han', { website: 'https://www.han.nl' })
 */
export async function updateInstitution(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof InstitutionUpdate>,
): Promise<Institution> {
  const current = await getInstitution(deps, id);
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
 * @example await assertInstitutionExists(deps, slug, 'issuer')
 */
export async function assertInstitutionExists(deps: DbDeps, id: string, field = 'institutionId') {
  if (!(await findRow(deps, id))) throw fail.invalid(field, `there is no institution '${id}'`);
}

/**
 * Whether an institution exists: the facts catalog and credential guards load for a path `{id}`.
 * @example await loadInstitutionFacts(deps, 'han') // { institutionId: 'han' }, or a 404
 */
export async function loadInstitutionFacts(deps: DbDeps, id: string): Promise<{ institutionId: string }> {
  return { institutionId: (await getInstitution(deps, id)).id };
}
