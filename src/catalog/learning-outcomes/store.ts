import type { z } from '@hono/zod-openapi';
import type {
  LearningOutcome,
  LearningOutcomeCreate,
  LearningOutcomeQuery,
  LearningOutcomeUpdate,
} from '../../../schemas/learning-outcomes.js';
import { owningInstitution } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import { readInChunks } from '../../db/chunks.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { assertCompetenciesExist } from '../competencies/competency-references.js';
import { assertInstitutionExists } from '../institutions/store.js';
import { codeOf, writeUnique } from '../unique-keys.js';

type Row = Schema['learning_outcome'];

const toOutcome = (row: Row, competencies: string[]): LearningOutcome => ({
  id: row.id,
  institutionId: row.institution_id,
  code: row.code,
  title: row.title,
  description: row.description,
  competencies,
  assessmentMethod: row.assessment_method as LearningOutcome['assessmentMethod'],
  requiresExaminer: row.requires_examiner === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The aligned competency URIs of each outcome, in the order they were given, in one query. */
async function alignmentsOf(deps: DbDeps, ids: string[]): Promise<Map<string, string[]>> {
  const byOutcome = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byOutcome;
  const rows = await deps.db.kysely
    .selectFrom('learning_outcome_competency')
    .select(['outcome_id', 'competency_uri'])
    .where('outcome_id', 'in', ids)
    .orderBy('position')
    .execute();
  for (const row of rows) byOutcome.get(row.outcome_id)?.push(row.competency_uri);
  return byOutcome;
}

async function withAlignments(deps: DbDeps, rows: Row[]): Promise<LearningOutcome[]> {
  const alignments = await alignmentsOf(
    deps,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toOutcome(row, alignments.get(row.id) ?? []));
}

/**
 * A page of leeruitkomsten with their alignments, filtered by institution, competency and text.
 * @example await listLearningOutcomes(deps, { institution: 'roc-rivor', limit: 20 })
 */
export async function listLearningOutcomes(deps: DbDeps, query: z.infer<typeof LearningOutcomeQuery>) {
  let select = deps.db.kysely.selectFrom('learning_outcome as o').selectAll('o');
  if (query.institution) select = select.where('o.institution_id', '=', query.institution);
  if (query.competency) {
    const uri = query.competency;
    // IN lets SQLite start from the competency index; a correlated EXISTS would probe every row.
    select = select.where('o.id', 'in', (eb) =>
      eb
        .selectFrom('learning_outcome_competency as a')
        .select('a.outcome_id')
        .where('a.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['o.title', 'o.code'], query.q));
  return keysetPage(
    select,
    query,
    'o.id',
    (rows) => withAlignments(deps, rows),
    (o) => o.id,
  );
}

/**
 * One leeruitkomst with its aligned competencies; a 404 when there is none.
 * @example (await getLearningOutcome(deps, id)).competencies
 */
export async function getLearningOutcome(deps: DbDeps, id: string): Promise<LearningOutcome> {
  const row = await deps.db.kysely
    .selectFrom('learning_outcome')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound('learning outcome', id);
  const [outcome] = await withAlignments(deps, [row]);
  return outcome as LearningOutcome;
}

/**
 * The codes of the leeruitkomsten `ids` names, by id, in one read however many (a page naming the
 * outcome of each of its sign-offs); an id that is no outcome is left out.
 * @example (await learningOutcomeCodes(deps, [id])).get(id) // 'DH-LU-WAK'
 */
export async function learningOutcomeCodes(
  deps: DbDeps,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const rows = await readInChunks([...new Set(ids)], (part) =>
    deps.db.kysely.selectFrom('learning_outcome').select(['id', 'code']).where('id', 'in', part).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.code]));
}

/**
 * The institution of a leeruitkomst, for the guards of its writes; a 404 when there is none.
 * @example await loadLearningOutcomeFacts(deps, id) // { institutionId: 'roc-rivor' }
 */
export async function loadLearningOutcomeFacts(deps: DbDeps, id: string): Promise<{ institutionId: string }> {
  return { institutionId: (await getLearningOutcome(deps, id)).institutionId };
}

/**
 * Defines a leeruitkomst of an institution (the one named, or the opleider's own), aligned to existing
 * competency URIs.
 * @example await createLearningOutcome(deps, opleider, { code: 'LO-1', title, description, competencies: [uri], assessmentMethod: 'praktijktoets' })
 */
export async function createLearningOutcome(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof LearningOutcomeCreate>,
): Promise<LearningOutcome> {
  const institutionId = owningInstitution(principal, input.institutionId);
  await assertInstitutionExists(deps, institutionId);
  await assertCompetenciesExist(deps, input.competencies, (i) => `competencies[${i}]`);
  const now = deps.now().toISOString();
  const row: Row = {
    id: deps.newId(),
    institution_id: institutionId,
    code: input.code,
    title: input.title,
    description: input.description,
    assessment_method: input.assessmentMethod,
    requires_examiner: input.requiresExaminer ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('learning_outcome').values(row),
      deps.db.kysely
        .insertInto('learning_outcome_competency')
        .values(
          input.competencies.map((uri, position) => ({ outcome_id: row.id, competency_uri: uri, position })),
        ),
      auditEvent(deps, principal, 'learning-outcome.created', 'learning_outcome', row.id),
    ],
    codeOf(deps, 'learning_outcome', 'a learning outcome', institutionId, input.code),
  );
  return toOutcome(row, input.competencies);
}

/**
 * Changes the wording or assessment of an outcome; its alignments stay as they are.
 * @example await updateLearningOutcome(deps, opleider, id, { title: 'Verzorgt complexe wonden' })
 */
export async function updateLearningOutcome(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof LearningOutcomeUpdate>,
): Promise<LearningOutcome> {
  const current = await getLearningOutcome(deps, id);
  const next = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('learning_outcome')
      .set({
        title: next.title,
        description: next.description,
        assessment_method: next.assessmentMethod,
        requires_examiner: next.requiresExaminer ? 1 : 0,
        updated_at: next.updatedAt,
      })
      .where('id', '=', id),
    auditEvent(deps, principal, 'learning-outcome.updated', 'learning_outcome', id, patch),
  ]);
  return next;
}
