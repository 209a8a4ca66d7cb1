import { refuseFields } from '../../kernel/errors.js';
import type { DbDeps } from '../../kernel/ports.js';

/**
 * Refuses competency URIs that are not in the catalog, naming each with the domain field that named it.
 * @example await assertCompetenciesExist(deps, uris, (i) => `competencies[${i}]`)
 */
export async function assertCompetenciesExist(
  deps: DbDeps,
  uris: readonly string[],
  fieldOf: (index: number) => string,
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
  refuseFields(
    uris.flatMap((uri, i) =>
      known.has(uri) ? [] : [{ field: fieldOf(i), message: `unknown competency ${uri}` }],
    ),
  );
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
  deps: DbDeps,
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
