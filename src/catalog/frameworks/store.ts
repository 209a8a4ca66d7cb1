import type { z } from '@hono/zod-openapi';
import type { Framework, FrameworkCreate, FrameworkQuery } from '../../../schemas/frameworks.js';
import type { AppDeps } from '../../app/app-env.js';
import { assertInstitutionAccess, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';
import { assertInstitutionExists } from '../institutions/store.js';

type Row = Schema['framework'];

const toFramework = (row: Row): Framework => ({
  id: row.id,
  uri: row.uri,
  title: row.title,
  kind: row.kind as Framework['kind'],
  ...(row.version === null ? {} : { version: row.version }),
  institutionId: row.institution_id,
  createdAt: row.created_at,
});

export async function listFrameworks(deps: AppDeps, query: z.infer<typeof FrameworkQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('framework').selectAll();
  if (query.institution) select = select.where('institution_id', '=', query.institution);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.q) select = select.where(containsText(['title', 'uri'], query.q));
  if (after !== undefined) select = select.where('id', '>', after);
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toFramework), query.limit, (f) => f.id);
}

export async function getFramework(deps: AppDeps, id: string): Promise<Framework> {
  const row = await deps.db.kysely
    .selectFrom('framework')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.notFound('framework', id);
  return toFramework(row);
}

/**
 * Who may add competencies to a framework: its owning institution's opleiders; shared frameworks
 * (kwalificatiedossiers, ESCO) only an admin.
 */
export function assertFrameworkAccess(principal: Principal, framework: Framework): void {
  if (framework.institutionId === null) {
    if (principal.role !== 'admin') throw problems.forbidden('Only an admin changes a shared framework.');
  } else assertInstitutionAccess(principal, framework.institutionId);
}

/** An opleider's framework is always their institution's; an admin's is shared unless it names one. */
export async function createFramework(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof FrameworkCreate>,
): Promise<Framework> {
  const institutionId = principal.role === 'admin' ? (input.institutionId ?? null) : principal.institution;
  if (institutionId === undefined)
    throw problems.forbidden('Only an admin or an opleider defines frameworks.');
  if (institutionId !== null) {
    assertInstitutionAccess(principal, institutionId);
    await assertInstitutionExists(deps, institutionId);
  }
  const row: Row = {
    id: deps.newId(),
    uri: input.uri,
    title: input.title,
    kind: input.kind,
    version: input.version ?? null,
    institution_id: institutionId,
    created_at: deps.now().toISOString(),
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('framework').values(row),
    auditEvent(deps, principal, 'framework.created', 'framework', row.id),
  ]);
  return toFramework(row);
}
