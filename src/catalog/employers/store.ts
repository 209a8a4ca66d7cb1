import type { z } from '@hono/zod-openapi';
import type { Employer, EmployerCreate, EmployerQuery, EmployerUpdate } from '../../../schemas/employers.js';
import type { AppDeps } from '../../app/app-env.js';
import { assertAdmin, assertEmployerAccess, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';

type Row = Schema['employer'];

const toEmployer = (row: Row): Employer => ({
  id: row.id,
  name: row.name,
  sector: row.sector as Employer['sector'],
  locations: JSON.parse(row.locations) as Employer['locations'],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listEmployers(deps: AppDeps, query: z.infer<typeof EmployerQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('employer').selectAll();
  if (query.sector) select = select.where('sector', '=', query.sector);
  if (query.q) select = select.where(containsText(['id', 'name'], query.q));
  if (after !== undefined) select = select.where('id', '>', after);
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toEmployer), query.limit, (e) => e.id);
}

export async function getEmployer(deps: AppDeps, id: string): Promise<Employer> {
  const row = await deps.db.kysely.selectFrom('employer').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('employer', id);
  return toEmployer(row);
}

/** Registers a werkgever with its locations; only an admin may. */
export async function createEmployer(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof EmployerCreate>,
): Promise<Employer> {
  assertAdmin(principal);
  const now = deps.now().toISOString();
  const row: Row = {
    id: input.id,
    name: input.name,
    sector: input.sector,
    locations: JSON.stringify(input.locations),
    created_at: now,
    updated_at: now,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('employer').values(row),
    auditEvent(deps, principal, 'employer.created', 'employer', row.id),
  ]);
  return toEmployer(row);
}

export async function updateEmployer(
  deps: AppDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof EmployerUpdate>,
): Promise<Employer> {
  const current = await getEmployer(deps, id);
  assertEmployerAccess(principal, id);
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
export async function assertEmployerExists(deps: AppDeps, id: string, path = 'body.employerId') {
  const row = await deps.db.kysely
    .selectFrom('employer')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.invalid(path, `there is no employer '${id}'`);
}
