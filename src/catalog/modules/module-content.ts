import type { z } from '@hono/zod-openapi';
import type { ModuleCreate } from '../../../schemas/modules.js';
import { type FieldError, fail, refuseFields } from '../../kernel/errors.js';
import type { DbDeps } from '../../kernel/ports.js';
import { assertCompetenciesExist } from '../competencies/competency-references.js';

/** What one version of a module says: everything of a module but its institution and code. */
export type Content = Omit<z.infer<typeof ModuleCreate>, 'institutionId' | 'code'>;
/** The part of a version's content kept as JSON; title and level have columns of their own. */
export type StoredContent = Omit<Content, 'title' | 'level'>;

/**
 * Checks a version's references and returns the competencies it teaches: its outcomes must belong
 * to the module's institution, its prerequisites must exist, and it may not require what it teaches.
 * @example const taught = await checkContent(deps, 'han', content, moduleId)
 */
export async function checkContent(
  deps: DbDeps,
  institutionId: string,
  content: Content,
  selfId?: string,
): Promise<string[]> {
  const outcomes = await deps.db.kysely
    .selectFrom('learning_outcome as o')
    .leftJoin('learning_outcome_competency as a', 'a.outcome_id', 'o.id')
    .select(['o.id', 'o.institution_id', 'a.competency_uri'])
    .where('o.id', 'in', content.outcomes)
    .execute();
  const errors: FieldError[] = [];
  content.outcomes.forEach((id, i) => {
    const rows = outcomes.filter((o) => o.id === id);
    if (rows.length === 0)
      errors.push({ field: `outcomes[${i}]`, message: `unknown learning outcome ${id}` });
    else if (rows[0]?.institution_id !== institutionId)
      errors.push({ field: `outcomes[${i}]`, message: `outcome ${id} belongs to another institution` });
  });
  const prerequisites = content.prerequisites.modules;
  const known = new Set(
    prerequisites.length === 0
      ? []
      : (
          await deps.db.kysely.selectFrom('module').select('id').where('id', 'in', prerequisites).execute()
        ).map((r) => r.id),
  );
  prerequisites.forEach((id, i) => {
    if (id === selfId || !known.has(id))
      errors.push({
        field: `prerequisites.modules[${i}]`,
        message: id === selfId ? 'a module cannot require itself' : `unknown module ${id}`,
      });
  });
  refuseFields(errors);
  await assertCompetenciesExist(
    deps,
    content.prerequisites.competencies,
    (i) => `prerequisites.competencies[${i}]`,
  );

  const taught = [
    ...new Set(outcomes.flatMap((o) => (o.competency_uri === null ? [] : [o.competency_uri]))),
  ].sort();
  const circular = content.prerequisites.competencies.filter((uri) => taught.includes(uri));
  if (circular.length > 0)
    throw fail.refused(
      'Prerequisite cycle',
      `The module requires ${circular.join(', ')}, which it teaches itself.`,
      circular.map((uri) => ({
        field: 'prerequisites.competencies',
        message: `requires what it teaches: ${uri}`,
      })),
    );
  return taught;
}
