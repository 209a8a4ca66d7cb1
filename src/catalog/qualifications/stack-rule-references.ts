import type { Qualification } from '../../../schemas/qualifications.js';
import { refuseFields } from '../../kernel/errors.js';
import type { DbDeps } from '../../kernel/ports.js';
import { assertCompetenciesExist } from '../competencies/competency-references.js';

/**
 * Refuses a stack rule that names a competency or module the catalog does not have, at the field that
 * names it (`stackRule.groups[0].modules[1]`); returns the competencies it names, each once.
 * @example const uris = await assertStackRuleReferences(deps, input.stackRule)
 */
export async function assertStackRuleReferences(
  deps: DbDeps,
  rule: Qualification['stackRule'],
): Promise<string[]> {
  const competencies = rule.groups.flatMap((g, gi) => g.competencies.map((uri, i) => ({ uri, gi, i })));
  await assertCompetenciesExist(
    deps,
    competencies.map((c) => c.uri),
    (k) => `stackRule.groups[${competencies[k]?.gi}].competencies[${competencies[k]?.i}]`,
  );
  const modules = rule.groups.flatMap((g, gi) => g.modules.map((id, i) => ({ id, gi, i })));
  if (modules.length > 0) {
    const known = new Set(
      (
        await deps.db.kysely
          .selectFrom('module')
          .select('id')
          .where(
            'id',
            'in',
            modules.map((m) => m.id),
          )
          .execute()
      ).map((r) => r.id),
    );
    refuseFields(
      modules
        .filter((m) => !known.has(m.id))
        .map((m) => ({
          field: `stackRule.groups[${m.gi}].modules[${m.i}]`,
          message: `unknown module ${m.id}`,
        })),
    );
  }
  return [...new Set(competencies.map((c) => c.uri))];
}
