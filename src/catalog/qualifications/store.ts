import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type {
  Qualification,
  QualificationCreate,
  QualificationQuery,
  QualificationUpdate,
} from '../../../schemas/qualifications.js';
import type { AppDeps } from '../../app/app-env.js';
import { assertInstitutionAccess, owningInstitution, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { problems } from '../../http/problem.js';
import { assertCompetenciesExist } from '../competencies/store.js';
import { assertInstitutionExists } from '../institutions/store.js';

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

export async function listQualifications(deps: AppDeps, query: z.infer<typeof QualificationQuery>) {
  const after = decodeCursor(query.cursor);
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
  if (after !== undefined) select = select.where('q.id', '>', after);
  const rows = await select
    .orderBy('q.id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toQualification), query.limit, (q) => q.id);
}

/**
 * A qualification, or undefined when there is none with this id.
 * @example (await findQualification(deps, id))?.stackRule
 */
export async function findQualification(deps: AppDeps, id: string): Promise<Qualification | undefined> {
  const row = await deps.db.kysely
    .selectFrom('qualification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toQualification(row);
}

export async function getQualification(deps: AppDeps, id: string): Promise<Qualification> {
  const qualification = await findQualification(deps, id);
  if (!qualification) throw problems.notFound('qualification', id);
  return qualification;
}

/** Checks that every competency and module a stack rule names exists; returns its competencies. */
async function validateStackRule(deps: AppDeps, rule: StackRule): Promise<string[]> {
  const competencies = rule.groups.flatMap((g, gi) => g.competencies.map((uri, i) => ({ uri, gi, i })));
  await assertCompetenciesExist(
    deps,
    competencies.map((c) => c.uri),
    (k) => `body.stackRule.groups[${competencies[k]?.gi}].competencies[${competencies[k]?.i}]`,
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
    const errors = modules
      .filter((m) => !known.has(m.id))
      .map((m) => ({
        path: `body.stackRule.groups[${m.gi}].modules[${m.i}]`,
        message: `unknown module ${m.id}`,
      }));
    if (errors.length > 0) throw problems.invalidFields(errors);
  }
  return [...new Set(competencies.map((c) => c.uri))];
}

const competencyRows = (id: string, uris: string[]) =>
  uris.map((uri) => ({ qualification_id: id, competency_uri: uri }));

/** Defines a qualification of the caller's institution with its admission level and stack rule. */
export async function createQualification(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof QualificationCreate>,
): Promise<Qualification> {
  const institutionId = owningInstitution(principal, input.institutionId);
  await assertInstitutionExists(deps, institutionId);
  const uris = await validateStackRule(deps, input.stackRule);
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
  await deps.db.atomically([
    deps.db.kysely.insertInto('qualification').values(row),
    ...(uris.length === 0
      ? []
      : [deps.db.kysely.insertInto('qualification_competency').values(competencyRows(row.id, uris))]),
    auditEvent(deps, principal, 'qualification.created', 'qualification', row.id),
  ]);
  return toQualification(row);
}

export async function updateQualification(
  deps: AppDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof QualificationUpdate>,
): Promise<Qualification> {
  const current = await getQualification(deps, id);
  assertInstitutionAccess(principal, current.institutionId);
  const stackRule = patch.stackRule ?? current.stackRule;
  const uris = await validateStackRule(deps, stackRule);
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
