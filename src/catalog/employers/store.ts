import type { z } from '@hono/zod-openapi';
import type { Employer, EmployerCreate, EmployerQuery, EmployerUpdate } from '../../../schemas/employers.js';
import type { Principal } from '../../auth/principal.js';
import { readInChunks } from '../../db/chunks.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { writeUnique } from '../unique-keys.js';

type Row = Schema['employer'];

const toEmployer = (row: Row): Employer => ({
  id: row.id,
  name: row.name,
  sector: row.sector as Employer['sector'],
  locations: JSON.parse(row.locations) as Employer['locations'],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const findRow = (deps: DbDeps, id: string) =>
  deps.db.kysely.selectFrom('employer').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * A page of werkgevers by id, filtered by sector and text.
 * @example await listEmployers(deps, { sector: 'zorg', limit: 20 }) // { items, nextCursor? }
 */
export async function listEmployers(deps: DbDeps, query: z.infer<typeof EmployerQuery>) {
  let select = deps.db.kysely.selectFrom('employer').selectAll();
  if (query.sector) select = select.where('sector', '=', query.sector);
  if (query.q) select = select.where(containsText(['id', 'name'], query.q));
  return keysetPage(
    select,
    query,
    'id',
    (rows) => rows.map(toEmployer),
    (e) => e.id,
  );
}

/**
 * The names of the werkgevers `ids` names, by id; an id that is no employer is left out. However many
 * ids, as a list of roles from any number of employers names them.
 * @example (await employerNames(deps, ['ksu', 'sante'])).get('ksu') // 'Katholieke Scholenstichting Utrecht'
 */
export async function employerNames(deps: DbDeps, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await readInChunks([...new Set(ids)], (part) =>
    deps.db.kysely.selectFrom('employer').select(['id', 'name']).where('id', 'in', part).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One werkgever with its locations; a 404 when there is none.
 * @example (await getEmployer(deps, 'sante')).locations
 */
export async function getEmployer(deps: DbDeps, id: string): Promise<Employer> {
  const row = await findRow(deps, id);
  if (!row) throw fail.notFound('employer', id);
  return toEmployer(row);
}

/**
 * Registers a werkgever with its locations (its route lets only an admin).
 * @example await createEmployer(deps, admin, { id: 'sante', name: 'Santé', sector: 'zorg', locations: [] })
 */
export async function createEmployer(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof EmployerCreate>,
): Promise<Employer> {
  const now = deps.now().toISOString();
  const row: Row = {
    id: input.id,
    name: input.name,
    sector: input.sector,
    locations: JSON.stringify(input.locations),
    created_at: now,
    updated_at: now,
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('employer').values(row),
      auditEvent(deps, principal, 'employer.created', 'employer', row.id),
    ],
    { column: 'employer.id', field: 'id', taken: () => `There is already an employer '${row.id}'.` },
  );
  return toEmployer(row);
}

/**
 * Refuses locations a change drops while roles of the employer still work there: a role keeps its
 * location until it is moved, so the werkgever moves those roles first.
 */
async function assertLocationsUnused(deps: DbDeps, employer: Employer, next: Employer['locations']) {
  const kept = new Set(next.map((l) => l.id));
  const dropped = employer.locations.map((l) => l.id).filter((id) => !kept.has(id));
  if (dropped.length === 0) return;
  const roles = await deps.db.kysely
    .selectFrom('role')
    .select(['id', 'title', 'location_id'])
    .where('employer_id', '=', employer.id)
    .where('location_id', 'in', dropped)
    .orderBy('title')
    .execute();
  if (roles.length === 0) return;
  const named = roles.map((r) => `'${r.title}' (${r.id}) at '${r.location_id}'`).join(', ');
  const detail = `Roles still work at a location this change removes: ${named}. Move them to another location first.`;
  throw fail.conflict(detail, [{ field: 'locations', message: detail }]);
}

/**
 * Changes a werkgever's details (its route lets an admin or the employer's own werkgevers). A location
 * that roles still use stays: removing it is a conflict that names them.
 * @example await updateEmployer(deps, werkgever, 'sante', { name: 'Santé Zorg' })
 */
export async function updateEmployer(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof EmployerUpdate>,
): Promise<Employer> {
  const current = await getEmployer(deps, id);
  if (patch.locations) await assertLocationsUnused(deps, current, patch.locations);
  const next = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('employer')
      .set({
        name: next.name,
        sector: next.sector,
        locations: JSON.stringify(next.locations),
        updated_at: next.updatedAt,
      })
      .where('id', '=', id),
    auditEvent(deps, principal, 'employer.updated', 'employer', id, patch),
  ]);
  return next;
}

/**
 * Refuses a write that names an employer that does not exist, at the field that named it.
 * @example await assertEmployerExists(deps, 'sante')
 */
export async function assertEmployerExists(deps: DbDeps, id: string, field = 'employerId') {
  if (!(await findRow(deps, id))) throw fail.invalid(field, `there is no employer '${id}'`);
}

/**
 * Which employer a path `{id}` is, for the guards of its writes; a 404 when there is none.
 * @example await loadEmployerFacts(deps, 'sante') // { employerId: 'sante' }
 */
export async function loadEmployerFacts(deps: DbDeps, id: string): Promise<{ employerId: string }> {
  return { employerId: (await getEmployer(deps, id)).id };
}
