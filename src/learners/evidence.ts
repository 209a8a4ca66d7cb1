import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../schemas/common.js';
import type { EvidenceCreate, EvidenceItem } from '../../schemas/learners.js';
import { evidenceAddedBy, learnerRules, verifyingInstitution } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { assertCompetenciesExist } from '../catalog/index.js';
import type { Schema } from '../db/schema.js';
import { fail } from '../kernel/errors.js';
import { type DbDeps, type Deps, today } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';
import { loadLearnerFacts } from './learner-facts.js';

type EvidenceRow = Schema['learner_evidence'];

function toEvidence(row: EvidenceRow, competencies: string[]): EvidenceItem {
  const [kind, id] = row.added_by.split(':');
  return {
    id: row.id,
    learnerId: row.learner_id,
    kind: row.kind as EvidenceItem['kind'],
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    ...(row.level === null ? {} : { level: levelOf(row.level as EducationLevel) }),
    ...(row.description === null ? {} : { description: row.description }),
    competencies,
    ...(row.document === null ? {} : { document: JSON.parse(row.document) as EvidenceItem['document'] }),
    verified: row.verified === 1,
    ...(row.verified_by === null || row.verified_at === null
      ? {}
      : { verifiedBy: { institution: row.verified_by, at: row.verified_at } }),
    addedBy: kind === 'institution' && id !== undefined ? { kind: 'institution', id } : { kind: 'learner' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function withCompetencies(deps: DbDeps, rows: EvidenceRow[]): Promise<EvidenceItem[]> {
  const byEvidence = new Map<string, string[]>(rows.map((r) => [r.id, []]));
  if (rows.length > 0) {
    const links = await deps.db.kysely
      .selectFrom('learner_evidence_competency')
      .selectAll()
      .where('evidence_id', 'in', [...byEvidence.keys()])
      .orderBy('position')
      .execute();
    for (const l of links) byEvidence.get(l.evidence_id)?.push(l.competency_uri);
  }
  return rows.map((row) => toEvidence(row, byEvidence.get(row.id) ?? []));
}

/**
 * The learner's evidence items with their competencies, oldest first.
 * @example (await evidenceOf(deps, learnerId)).filter((item) => item.verified)
 */
export async function evidenceOf(deps: DbDeps, learnerId: string): Promise<EvidenceItem[]> {
  const rows = await deps.db.kysely
    .selectFrom('learner_evidence')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return withCompetencies(deps, rows);
}

/**
 * Adds an evidence item, by the learner or by an opleider of an institution granted `evidence`
 * (recorded as added by that institution). Only such an opleider may add it as verified.
 * @example await addEvidence(deps, learner, learnerId, { kind: 'certificate', title: 'BHV', issuer: 'KLM', issuedOn: '2025-04-10', competencies: [], verified: false })
 */
export async function addEvidence(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  principal: Principal,
  learnerId: string,
  input: z.infer<typeof EvidenceCreate>,
): Promise<EvidenceItem> {
  const learner = await loadLearnerFacts(deps, learnerId);
  const verifier = verifyingInstitution(principal, learner);
  if (input.verified && verifier === undefined)
    throw fail.forbidden('Only an opleider of a granted institution verifies evidence.', [
      { field: 'verified', message: 'only an opleider of a granted institution may set this' },
    ]);
  if (input.issuedOn > today(deps)) throw fail.invalid('issuedOn', 'lies in the future');
  await assertCompetenciesExist(deps, input.competencies, (i) => `competencies[${i}]`);

  const addedBy = evidenceAddedBy(principal, learner);
  const now = deps.now().toISOString();
  const row: EvidenceRow = {
    id: deps.newId(),
    learner_id: learnerId,
    kind: input.kind,
    title: input.title,
    issuer: input.issuer,
    issued_on: input.issuedOn,
    level: input.level ?? null,
    description: input.description ?? null,
    document: input.document === undefined ? null : JSON.stringify(input.document),
    verified: input.verified ? 1 : 0,
    verified_by: input.verified ? (verifier ?? null) : null,
    verified_at: input.verified ? now : null,
    added_by: addedBy.kind === 'institution' ? `institution:${addedBy.id}` : 'learner',
    created_at: now,
    updated_at: now,
  };
  const db = deps.db.kysely;
  await deps.db.atomically([
    db.insertInto('learner_evidence').values(row),
    ...(input.competencies.length === 0
      ? []
      : [
          db.insertInto('learner_evidence_competency').values(
            input.competencies.map((competency_uri, position) => ({
              evidence_id: row.id,
              competency_uri,
              position,
            })),
          ),
        ]),
    learnerEvent(deps, principal, 'evidence.added', learnerId, {
      evidenceId: row.id,
      kind: row.kind,
      verified: input.verified,
    }),
  ]);
  return toEvidence(row, input.competencies);
}

/**
 * An opleider of an institution granted `evidence` marks an item verified, naming their institution.
 * @example await verifyEvidence(deps, { sub: 'ans', role: 'opleider', institution: 'han' }, learnerId, evidenceId)
 */
export async function verifyEvidence(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  principal: Principal,
  learnerId: string,
  evidenceId: string,
): Promise<EvidenceItem> {
  const learner = await loadLearnerFacts(deps, learnerId);
  const institution = verifyingInstitution(principal, learner);
  if (institution === undefined) throw fail.forbidden(learnerRules.verifyEvidence.denied(learner));
  const row = await deps.db.kysely
    .selectFrom('learner_evidence')
    .selectAll()
    .where('id', '=', evidenceId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('evidence item', evidenceId);
  if (row.verified === 1) throw fail.conflict(`Evidence item '${evidenceId}' is already verified.`);
  const now = deps.now().toISOString();
  const next: EvidenceRow = {
    ...row,
    verified: 1,
    verified_by: institution,
    verified_at: now,
    updated_at: now,
  };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('learner_evidence')
      .set({ verified: 1, verified_by: institution, verified_at: now, updated_at: now })
      .where('id', '=', evidenceId)
      .where('verified', '=', 0),
    learnerEvent(deps, principal, 'evidence.verified', learnerId, { evidenceId }),
  ]);
  const [item] = await withCompetencies(deps, [next]);
  return item as EvidenceItem;
}
