import type { z } from '@hono/zod-openapi';
import type { Role, RoleCreate, RoleQuery, RoleUpdate } from '../../../schemas/employers.js';
import type { AppDeps } from '../../app/app-env.js';
import { assertEmployerAccess, owningEmployer, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';
import { assertCompetenciesExist } from '../competencies/store.js';
import { assertEmployerExists, getEmployer } from '../employers/store.js';

type Row = Schema['role'];
type Requirement = Role['requirements'][number];

const toRole = (row: Row, requirements: Requirement[]): Role => ({
  id: row.id,
  employerId: row.employer_id,
  title: row.title,
  ...(row.location_id === null ? {} : { locationId: row.location_id }),
  ...(row.description === null ? {} : { description: row.description }),
  requirements,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

async function withRequirements(deps: AppDeps, rows: Row[]): Promise<Role[]> {
  const byRole = new Map<string, Requirement[]>(rows.map((r) => [r.id, []]));
  if (rows.length > 0) {
    const requirements = await deps.db.kysely
      .selectFrom('role_requirement')
      .selectAll()
      .where('role_id', 'in', [...byRole.keys()])
      .orderBy('position')
      .execute();
    for (const r of requirements)
      byRole.get(r.role_id)?.push({
        competency: r.competency_uri,
        priority: r.priority,
        ...(r.note === null ? {} : { note: r.note }),
      });
  }
  return rows.map((row) => toRole(row, byRole.get(row.id) ?? []));
}

export async function listRoles(deps: AppDeps, query: z.infer<typeof RoleQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('role as r').selectAll('r');
  if (query.employer) select = select.where('r.employer_id', '=', query.employer);
  if (query.competency) {
    const uri = query.competency;
    // IN lets SQLite start from the competency index; a correlated EXISTS would probe every row.
    select = select.where('r.id', 'in', (eb) =>
      eb.selectFrom('role_requirement as q').select('q.role_id').where('q.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['r.title'], query.q));
  if (after !== undefined) select = select.where('r.id', '>', after);
  const rows = await select
    .orderBy('r.id')
    .limit(query.limit + 1)
    .execute();
  return toPage(await withRequirements(deps, rows), query.limit, (r) => r.id);
}

/**
 * A role with its requirements, or undefined when there is none with this id.
 * @example (await findRole(deps, roleId))?.requirements
 */
export async function findRole(deps: AppDeps, id: string): Promise<Role | undefined> {
  const row = await deps.db.kysely.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [role] = await withRequirements(deps, [row]);
  return role;
}

export async function getRole(deps: AppDeps, id: string): Promise<Role> {
  const role = await findRole(deps, id);
  if (!role) throw problems.notFound('role', id);
  return role;
}

async function validateRole(
  deps: AppDeps,
  employerId: string,
  role: Pick<Role, 'locationId' | 'requirements'>,
) {
  await assertCompetenciesExist(
    deps,
    role.requirements.map((r) => r.competency),
    (i) => `body.requirements[${i}].competency`,
  );
  if (role.locationId === undefined) return;
  const employer = await getEmployer(deps, employerId);
  if (!employer.locations.some((l) => l.id === role.locationId))
    throw problems.invalid('body.locationId', `employer ${employerId} has no location '${role.locationId}'`);
}

const requirementRows = (roleId: string, requirements: Requirement[]) =>
  requirements.map((r, position) => ({
    role_id: roleId,
    competency_uri: r.competency,
    priority: r.priority,
    note: r.note ?? null,
    position,
  }));

/** Describes what a workplace role needs: competencies, each essential or for later. */
export async function createRole(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof RoleCreate>,
): Promise<Role> {
  const employerId = owningEmployer(principal, input.employerId);
  await assertEmployerExists(deps, employerId);
  await validateRole(deps, employerId, input);
  const now = deps.now().toISOString();
  const row: Row = {
    id: deps.newId(),
    employer_id: employerId,
    title: input.title,
    location_id: input.locationId ?? null,
    description: input.description ?? null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('role').values(row),
    deps.db.kysely.insertInto('role_requirement').values(requirementRows(row.id, input.requirements)),
    auditEvent(deps, principal, 'role.created', 'role', row.id),
  ]);
  return toRole(row, input.requirements);
}

export async function updateRole(
  deps: AppDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof RoleUpdate>,
): Promise<Role> {
  const current = await getRole(deps, id);
  assertEmployerAccess(principal, current.employerId);
  const next: Role = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await validateRole(deps, current.employerId, next);
  const db = deps.db.kysely;
  await deps.db.atomically([
    db
      .updateTable('role')
      .set({
        title: next.title,
        location_id: next.locationId ?? null,
        description: next.description ?? null,
        updated_at: next.updatedAt,
      })
      .where('id', '=', id),
    db.deleteFrom('role_requirement').where('role_id', '=', id),
    db.insertInto('role_requirement').values(requirementRows(id, next.requirements)),
    auditEvent(deps, principal, 'role.updated', 'role', id, patch),
  ]);
  return next;
}
