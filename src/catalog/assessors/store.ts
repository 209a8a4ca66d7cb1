import type { z } from '@hono/zod-openapi';
import type { Assessor, AssessorCreate, AssessorQuery, AssessorUpdate } from '../../../schemas/employers.js';
import { owningEmployer } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage } from '../../kernel/pages.js';
import type { DbDeps, WriteDeps } from '../../kernel/ports.js';
import { assertEmployerExists } from '../employers/store.js';
import { type UniqueKey, writeUnique } from '../unique-keys.js';

type Row = Schema['assessor'];

/** The sign-in subject, which names one praktijkopleider only, whatever their employer. */
const subjectKey = (subject: string | null | undefined): UniqueKey => ({
  column: 'assessor.subject',
  field: 'subject',
  taken: () => `Another praktijkopleider already signs in as '${subject}'.`,
});

const toAssessor = (row: Row): Assessor => ({
  id: row.id,
  employerId: row.employer_id,
  name: row.name,
  email: row.email,
  ...(row.subject === null ? {} : { subject: row.subject }),
  qualifications: JSON.parse(row.qualifications) as Assessor['qualifications'],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * A page of praktijkopleiders, filtered by employer, qualification and text.
 * @example await listAssessors(deps, { employer: 'sante', qualification: 'mbo-examinator', limit: 20 })
 */
export async function listAssessors(deps: DbDeps, query: z.infer<typeof AssessorQuery>) {
  let select = deps.db.kysely.selectFrom('assessor').selectAll();
  if (query.employer) select = select.where('employer_id', '=', query.employer);
  // Qualifications are a small JSON array of enum values, so a quoted match is exact.
  if (query.qualification) select = select.where('qualifications', 'like', `%"${query.qualification}"%`);
  if (query.q) select = select.where(containsText(['name', 'email'], query.q));
  return keysetPage(
    select,
    query,
    'id',
    (rows) => rows.map(toAssessor),
    (a) => a.id,
  );
}

/**
 * One praktijkopleider; a 404 when there is none.
 * @example (await getAssessor(deps, id)).qualifications // ['mbo-examinator']
 */
export async function getAssessor(deps: DbDeps, id: string): Promise<Assessor> {
  const row = await deps.db.kysely.selectFrom('assessor').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound('assessor', id);
  return toAssessor(row);
}

/**
 * The employer of a praktijkopleider, for the guards of its writes; a 404 when there is none.
 * @example await loadAssessorFacts(deps, id) // { employerId: 'sante' }
 */
export async function loadAssessorFacts(deps: DbDeps, id: string): Promise<{ employerId: string }> {
  return { employerId: (await getAssessor(deps, id)).employerId };
}

/**
 * Registers a praktijkopleider of an employer (the one named, or the werkgever's own), with
 * qualifications such as mbo-examinator.
 * @example await createAssessor(deps, werkgever, { name: 'Fatima', email: 'f@sante.nl', qualifications: [] })
 */
export async function createAssessor(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof AssessorCreate>,
): Promise<Assessor> {
  const employerId = owningEmployer(principal, input.employerId);
  await assertEmployerExists(deps, employerId);
  const now = deps.now().toISOString();
  const row: Row = {
    id: deps.newId(),
    employer_id: employerId,
    name: input.name,
    email: input.email,
    subject: input.subject ?? null,
    qualifications: JSON.stringify(input.qualifications),
    created_at: now,
    updated_at: now,
  };
  await writeUnique(
    deps,
    [
      deps.db.kysely.insertInto('assessor').values(row),
      auditEvent(deps, principal, 'assessor.created', 'assessor', row.id),
    ],
    subjectKey(row.subject),
  );
  return toAssessor(row);
}

/**
 * Changes a praktijkopleider; what the patch does not name stays.
 * @example await updateAssessor(deps, werkgever, id, { email: 'fatima@sante.nl' })
 */
export async function updateAssessor(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof AssessorUpdate>,
): Promise<Assessor> {
  const current = await getAssessor(deps, id);
  const next = { ...current, ...patch, updatedAt: deps.now().toISOString() };
  await writeUnique(
    deps,
    [
      deps.db.kysely
        .updateTable('assessor')
        .set({
          name: next.name,
          email: next.email,
          subject: next.subject ?? null,
          qualifications: JSON.stringify(next.qualifications),
          updated_at: next.updatedAt,
        })
        .where('id', '=', id),
      auditEvent(deps, principal, 'assessor.updated', 'assessor', id, patch),
    ],
    subjectKey(next.subject),
  );
  return next;
}
