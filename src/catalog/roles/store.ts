import type { z } from '@hono/zod-openapi';
import type { Role, RoleCreate, RoleQuery, RoleUpdate } from '../../../schemas/employers.js';
import { owningEmployer } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import { readInChunks } from '../../db/chunks.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { assertCompetenciesExist } from '../competencies/competency-references.js';
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

async function withRequirements(deps: DbDeps, rows: Row[]): Promise<Role[]> {
  const byRole = new Map<string, Requirement[]>(rows.map((r) => [r.id, []]));
  if (rows.length > 0) {
    // In runs, as a page of up to 200 roles binds more ids than D1 takes in one statement.
    const requirements = await readInChunks([...byRole.keys()], (ids) =>
      deps.db.kysely
        .selectFrom('role_requirement')
        .selectAll()
        .where('role_id', 'in', ids)
        .orderBy('position')
        .execute(),
    );
    for (const r of requirements)
      byRole.get(r.role_id)?.push({
        competency: r.competency_uri,
        priority: r.priority,
        ...(r.note === null ? {} : { note: r.note }),
      });
  }
  return rows.map((row) => toRole(row, byRole.get(row.id) ?? []));
}

/**
 * A page of workplace roles with their requirements, filtered by employer, competency and text. The
 * text is looked for in the title and in the employer's name: a role is known by where it is as much as
 * by what it is called ("Santé", not only "Helpende plus").
 * @example await listRoles(deps, { employer: 'sante', limit: 20 })
 */
export async function listRoles(deps: DbDeps, query: z.infer<typeof RoleQuery>) {
  let select = deps.db.kysely
    .selectFrom('role as r')
    .innerJoin('employer as e', 'e.id', 'r.employer_id')
    .selectAll('r');
  if (query.employer) select = select.where('r.employer_id', '=', query.employer);
  if (query.competency) {
    const uri = query.competency;
    // IN lets SQLite start from the competency index; a correlated EXISTS would probe every row.
    select = select.where('r.id', 'in', (eb) =>
      eb.selectFrom('role_requirement as q').select('q.role_id').where('q.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['r.title', 'e.name'], query.q));
  return keysetPage(
    select,
    query,
    'r.id',
    (rows) => withRequirements(deps, rows),
    (r) => r.id,
  );
}

/**
 * A role with its requirements, or undefined when there is none with this id.
 * @example (await findRole(deps, roleId))?.requirements
 */
export async function findRole(deps: DbDeps, id: string): Promise<Role | undefined> {
  const row = await deps.db.kysely.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [role] = await withRequirements(deps, [row]);
  return role;
}

/**
 * A role with its requirements; a 404 when there is none.
 * @example (await getRole(deps, roleId)).requirements
 */
export async function getRole(deps: DbDeps, id: string): Promise<Role> {
  const role = await findRole(deps, id);
  if (!role) throw fail.notFound('role', id);
  return role;
}

/**
 * The employer of a role, for the guards of its writes; a 404 when there is none.
 * @example await loadRoleFacts(deps, roleId) // { employerId: 'sante' }
 */
export async function loadRoleFacts(deps: DbDeps, id: string): Promise<{ employerId: string }> {
  return { employerId: (await getRole(deps, id)).employerId };
}

/**
 * Refuses the competencies and the location a role write sets that do not exist. Only what the write
 * sends is checked: a change of title is never refused for what it leaves as it was.
 */
async function validateRole(
  deps: DbDeps,
  employerId: string,
  role: Partial<Pick<Role, 'locationId' | 'requirements'>>,
) {
  await assertCompetenciesExist(
    deps,
    (role.requirements ?? []).map((r) => r.competency),
    (i) => `requirements[${i}].competency`,
  );
  if (role.locationId === undefined) return;
  const employer = await getEmployer(deps, employerId);
  if (!employer.locations.some((l) => l.id === role.locationId))
    throw fail.invalid('locationId', `employer ${employerId} has no location '${role.locationId}'`);
}

const requirementRows = (roleId: string, requirements: Requirement[]) =>
  requirements.map((r, position) => ({
    role_id: roleId,
    competency_uri: r.competency,
    priority: r.priority,
    note: r.note ?? null,
    position,
  }));

/**
 * Describes what a workplace role of an employer (the one named, or the werkgever's own) needs:
 * competencies, each essential or for later.
 * @example await createRole(deps, werkgever, { title: 'Verzorgende IG', requirements: [{ competency: uri, priority: 'essential' }] })
 */
export async function createRole(
  deps: WriteDeps,
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

/**
 * Changes a role; its requirements are replaced when the patch names them.
 * @example await updateRole(deps, werkgever, roleId, { title: 'Verzorgende IG (nacht)' })
 */
export async function updateRole(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof RoleUpdate>,
): Promise<Role> {
  const current = await getRole(deps, id);
  const next: Role = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await validateRole(deps, current.employerId, patch);
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
