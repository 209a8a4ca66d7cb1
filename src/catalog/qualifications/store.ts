import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type {
  Qualification,
  QualificationCreate,
  QualificationQuery,
  QualificationUpdate,
} from '../../../schemas/qualifications.js';
import { owningInstitution } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { assertInstitutionExists } from '../institutions/store.js';
import { codeOf, writeUnique } from '../unique-keys.js';
import { assertStackRuleReferences } from './stack-rule-references.js';

type Row = Schema['qualification'];
type StackRule = Qualification['stackRule'];

const toQualification = (row: Row): Qualification => ({
  id: row.id,
  institutionId: row.institution_id,
  code: row.code,
  title: row.title,
  level: levelOf(row.level as EducationLevel),
  admission: {
    entryLevel: levelOf(row.entry_level as EducationLevel),
    legalMinimum: row.legal_minimum === 1,
  },
  stackRule: JSON.parse(row.stack_rule) as StackRule,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * A page of qualifications, filtered by institution, level, competency and text.
 * @example await listQualifications(deps, { institution: 'roc-rivor', level: 'mbo-3', limit: 20 })
 */
export async function listQualifications(deps: DbDeps, query: z.infer<typeof QualificationQuery>) {
  let select = deps.db.kysely.selectFrom('qualification as q').selectAll('q');
  if (query.institution) select = select.where('q.institution_id', '=', query.institution);
  if (query.level) select = select.where('q.level', '=', query.level);
  if (query.competency) {
    const uri = query.competency;
    // IN lets SQLite start from the competency index; a correlated EXISTS would probe every row.
    select = select.where('q.id', 'in', (eb) =>
      eb
        .selectFrom('qualification_competency as c')
        .select('c.qualification_id')
        .where('c.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['q.title', 'q.code'], query.q));
  return keysetPage(
    select,
    query,
    'q.id',
    (rows) => rows.map(toQualification),
    (q) => q.id,
  );
}

/**
 * A qualification, or undefined when there is none with this id.
 * @example (await findQualification(deps, id))?.stackRule
 */
export async function findQualification(deps: DbDeps, id: string): Promise<Qualification | undefined> {
  const row = await deps.db.kysely
    .selectFrom('qualification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toQualification(row);
}

/**
 * A qualification with its stack rule; a 404 when there is none.
 * @example (await getQualification(deps, id)).stackRule.groups
 */
export async function getQualification(deps: DbDeps, id: string): Promise<Qualification> {
  const qualification = await findQualification(deps, id);
  if (!qualification) throw fail.notFound('qualification', id);
  return qualification;
}

/**
 * The awarding institution of a qualification, for the guards of its writes and awards; a 404 when
 * there is none.
 * @example guard(param('id', loadQualificationFacts), catalogRules.award)
 */
export async function loadQualificationFacts(deps: DbDeps, id: string): Promise<{ institutionId: string }> {
  return { institutionId: (await getQualification(deps, id)).institutionId };
}

const competencyRows = (id: string, uris: string[]) =>
  uris.map((uri) => ({ qualification_id: id, competency_uri: uri }));

/**
 * Defines a qualification of an institution (the one named, or the opleider's own) with its admission
 * level and stack rule.
 * @example await createQualification(deps, opleider, { code: 'VIG-3', title, level: 'mbo-3', admission, stackRule })
 */
export async function createQualification(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof QualificationCreate>,
): Promise<Qualification> {
  const institutionId = owningInstitution(principal, input.institutionId);
  await assertInstitutionExists(deps, institutionId);
  const uris = await assertStackRuleReferences(deps, input.stackRule);
  const now = deps.now().toISOString();
  const row: Row = {
    id: deps.newId(),
    institution_id: institutionId,
    code: input.code,
    title: input.title,
    level: input.level,
    entry_level: input.admission.entryLevel,
    legal_minimum: input.admission.legalMinimum ? 1 : 0,
    stack_rule: JSON.stringify(input.stackRule),
    created_at: now,
    updated_at: now,
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('qualification').values(row),
      ...(uris.length === 0
        ? []
        : [deps.db.kysely.insertInto('qualification_competency').values(competencyRows(row.id, uris))]),
      auditEvent(deps, principal, 'qualification.created', 'qualification', row.id),
    ],
    codeOf(deps, 'qualification', 'a qualification', institutionId, input.code),
  );
  return toQualification(row);
}

/**
 * Changes a qualification; a new stack rule replaces the competencies it is found by.
 * @example await updateQualification(deps, opleider, id, { title: 'Verzorgende IG (BBL)' })
 */
export async function updateQualification(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof QualificationUpdate>,
): Promise<Qualification> {
  const current = await getQualification(deps, id);
  const stackRule = patch.stackRule ?? current.stackRule;
  const uris = await assertStackRuleReferences(deps, stackRule);
  const level = patch.level ?? current.level.name;
  const admission = patch.admission ?? {
    entryLevel: current.admission.entryLevel.name,
    legalMinimum: current.admission.legalMinimum,
  };
  const updatedAt = deps.now().toISOString();
  const db = deps.db.kysely;
  await deps.db.atomically([
    db
      .updateTable('qualification')
      .set({
        title: patch.title ?? current.title,
        level,
        entry_level: admission.entryLevel,
        legal_minimum: admission.legalMinimum ? 1 : 0,
        stack_rule: JSON.stringify(stackRule),
        updated_at: updatedAt,
      })
      .where('id', '=', id),
    db.deleteFrom('qualification_competency').where('qualification_id', '=', id),
    ...(uris.length === 0
      ? []
      : [db.insertInto('qualification_competency').values(competencyRows(id, uris))]),
    auditEvent(deps, principal, 'qualification.updated', 'qualification', id, patch),
  ]);
  return getQualification(deps, id);
}
