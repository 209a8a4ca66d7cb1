import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type { Competency, CompetencyCreate, CompetencyQuery } from '../../../schemas/frameworks.js';
import type { AppDeps } from '../../app/app-env.js';
import type { Deps } from '../../kernel/ports.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';
import { assertFrameworkAccess, getFramework } from '../frameworks/store.js';

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

export async function listCompetencies(deps: AppDeps, query: z.infer<typeof CompetencyQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('competency').selectAll();
  if (query.framework) select = select.where('framework_id', '=', query.framework);
  if (query.level) select = select.where('level', '=', query.level);
  if (query.q) select = select.where(containsText(['title', 'code', 'uri'], query.q));
  if (after !== undefined) select = select.where('id', '>', after);
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toCompetency), query.limit, (c) => c.id);
}

export async function getCompetency(deps: AppDeps, id: string): Promise<Competency> {
  const row = await deps.db.kysely
    .selectFrom('competency')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.notFound('competency', id);
  return toCompetency(row);
}

/** Adds a competency with its stable URI to a framework the caller may change. */
export async function createCompetency(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof CompetencyCreate>,
): Promise<Competency> {
  const framework = await getFramework(deps, input.frameworkId).catch(() => {
    throw problems.invalid('body.frameworkId', `there is no framework '${input.frameworkId}'`);
  });
  assertFrameworkAccess(principal, framework);
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
  await deps.db.atomically([
    deps.db.kysely.insertInto('competency').values(row),
    auditEvent(deps, principal, 'competency.created', 'competency', row.id, { uri: row.uri }),
  ]);
  return toCompetency(row);
}

/**
 * Refuses competency URIs that are not in the catalog, naming each with its field path.
 * @example await assertCompetenciesExist(deps, uris, (i) => `body.competencies[${i}]`)
 */
export async function assertCompetenciesExist(
  deps: AppDeps,
  uris: readonly string[],
  pathOf: (index: number) => string,
): Promise<void> {
  if (uris.length === 0) return;
  const known = new Set(
    (
      await deps.db.kysely
        .selectFrom('competency')
        .select('uri')
        .where('uri', 'in', [...new Set(uris)])
        .execute()
    ).map((r) => r.uri),
  );
  const errors = uris.flatMap((uri, i) =>
    known.has(uri) ? [] : [{ path: pathOf(i), message: `unknown competency ${uri}` }],
  );
  if (errors.length > 0) throw problems.invalidFields(errors);
}

/** A competency as credentials describe it: its title, code and framework. */
export interface CompetencyDescription {
  uri: string;
  title: string;
  code?: string;
  framework?: string;
}

/**
 * The competencies named by these URIs, in the same order, with their titles, codes and frameworks (one
 * query); a URI not in the catalog is described by itself.
 * @example await describeCompetencies(deps, ['https://id.loopbrug.nl/…/taalvaardigheid']) // [{ uri, title: 'Taalvaardigheid', framework: '…' }]
 */
export async function describeCompetencies(
  deps: Pick<Deps, 'db'>,
  uris: readonly string[],
): Promise<CompetencyDescription[]> {
  if (uris.length === 0) return [];
  const rows = await deps.db.kysely
    .selectFrom('competency as c')
    .innerJoin('framework as f', 'f.id', 'c.framework_id')
    .select(['c.uri', 'c.title', 'c.code', 'f.title as framework'])
    .where('c.uri', 'in', [...new Set(uris)])
    .execute();
  const byUri = new Map(rows.map((r) => [r.uri, r]));
  return uris.map((uri) => {
    const row = byUri.get(uri);
    return {
      uri,
      title: row?.title ?? uri,
      ...(row ? { framework: row.framework } : {}),
      ...(row?.code ? { code: row.code } : {}),
    };
  });
}
