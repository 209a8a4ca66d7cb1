import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type { Competency, CompetencyCreate, CompetencyQuery } from '../../../schemas/frameworks.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { findFramework } from '../frameworks/store.js';
import { writeUnique } from '../unique-keys.js';

type Row = Schema['competency'];

const toCompetency = (row: Row): Competency => ({
  id: row.id,
  frameworkId: row.framework_id,
  uri: row.uri,
  ...(row.code === null ? {} : { code: row.code }),
  title: row.title,
  ...(row.description === null ? {} : { description: row.description }),
  ...(row.level === null ? {} : { level: levelOf(row.level as EducationLevel) }),
  createdAt: row.created_at,
});

/**
 * A page of competencies, filtered by framework, level and text.
 * @example await listCompetencies(deps, { framework: frameworkId, level: 'mbo-3', limit: 20 })
 */
export async function listCompetencies(deps: DbDeps, query: z.infer<typeof CompetencyQuery>) {
  let select = deps.db.kysely.selectFrom('competency').selectAll();
  if (query.framework) select = select.where('framework_id', '=', query.framework);
  if (query.level) select = select.where('level', '=', query.level);
  if (query.q) select = select.where(containsText(['title', 'code', 'uri'], query.q));
  return keysetPage(
    select,
    query,
    'id',
    (rows) => rows.map(toCompetency),
    (c) => c.id,
  );
}

/**
 * One competency; a 404 when there is none.
 * @example (await getCompetency(deps, id)).uri
 */
export async function getCompetency(deps: DbDeps, id: string): Promise<Competency> {
  const row = await deps.db.kysely
    .selectFrom('competency')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('competency', id);
  return toCompetency(row);
}

/**
 * Adds a competency with its stable URI to a framework (its route lets whoever may change that framework).
 * @example await createCompetency(deps, admin, { frameworkId, uri: 'https://…/b1-k1-w3', title: 'Voert verpleegtechnische handelingen uit' })
 */
export async function createCompetency(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof CompetencyCreate>,
): Promise<Competency> {
  const framework = await findFramework(deps, input.frameworkId);
  if (!framework) throw fail.invalid('frameworkId', `there is no framework '${input.frameworkId}'`);
  const row: Row = {
    id: deps.newId(),
    framework_id: framework.id,
    uri: input.uri,
    code: input.code ?? null,
    title: input.title,
    description: input.description ?? null,
    level: input.level ?? null,
    created_at: deps.now().toISOString(),
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('competency').values(row),
      auditEvent(deps, principal, 'competency.created', 'competency', row.id, { uri: row.uri }),
    ],
    { column: 'competency.uri', field: 'uri', taken: () => `There is already a competency ${row.uri}.` },
  );
  return toCompetency(row);
}
