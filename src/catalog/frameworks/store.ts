import type { z } from '@hono/zod-openapi';
import type { Framework, FrameworkCreate, FrameworkQuery } from '../../../schemas/frameworks.js';
import { frameworkInstitution } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { assertInstitutionExists } from '../institutions/store.js';
import { writeUnique } from '../unique-keys.js';

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

/**
 * A page of competency frameworks, filtered by institution, kind and text.
 * @example await listFrameworks(deps, { kind: 'kwalificatiedossier', limit: 20 })
 */
export async function listFrameworks(deps: DbDeps, query: z.infer<typeof FrameworkQuery>) {
  let select = deps.db.kysely.selectFrom('framework').selectAll();
  if (query.institution) select = select.where('institution_id', '=', query.institution);
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.q) select = select.where(containsText(['title', 'uri'], query.q));
  return keysetPage(
    select,
    query,
    'id',
    (rows) => rows.map(toFramework),
    (f) => f.id,
  );
}

/**
 * A framework, or undefined when there is none with this id.
 * @example (await findFramework(deps, frameworkId))?.institutionId // null for a shared one
 */
export async function findFramework(deps: DbDeps, id: string): Promise<Framework | undefined> {
  const row = await deps.db.kysely
    .selectFrom('framework')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toFramework(row);
}

/**
 * A framework; a 404 when there is none.
 * @example (await getFramework(deps, frameworkId)).title
 */
export async function getFramework(deps: DbDeps, id: string): Promise<Framework> {
  const framework = await findFramework(deps, id);
  if (!framework) throw fail.notFound('framework', id);
  return framework;
}

/**
 * Defines a framework: an opleider's is always their instelling's; an admin's is shared unless it
 * names an instelling.
 * @example await createFramework(deps, admin, { uri: 'https://…/kd/vig', title: 'Kwalificatiedossier VIG', kind: 'kwalificatiedossier' })
 */
export async function createFramework(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof FrameworkCreate>,
): Promise<Framework> {
  const institutionId = frameworkInstitution(principal, input.institutionId);
  if (institutionId !== null) await assertInstitutionExists(deps, institutionId);
  const row: Row = {
    id: deps.newId(),
    uri: input.uri,
    title: input.title,
    kind: input.kind,
    version: input.version ?? null,
    institution_id: institutionId,
    created_at: deps.now().toISOString(),
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('framework').values(row),
      auditEvent(deps, principal, 'framework.created', 'framework', row.id),
    ],
    { column: 'framework.uri', field: 'uri', taken: () => `There is already a framework ${row.uri}.` },
  );
  return toFramework(row);
}
