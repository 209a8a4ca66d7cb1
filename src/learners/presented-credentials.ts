import { levelOf } from '../../schemas/common.js';
import type { PresentedCredential } from '../../schemas/learners.js';
import { asList, asObject, credentialContent, type JsonObject } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { refuseFields } from '../kernel/errors.js';
import type { DbDeps } from '../kernel/ports.js';
import { achievementsIn, embeddedCredentials, isEducationLevel } from './credential-achievements.js';

export type PresentedRow = Schema['learner_credential'];

/** A presented credential with the credentials it embeds (an award's parts), as stored. */
export interface PresentedRows {
  row: PresentedRow;
  parts: PresentedRow[];
}

const withoutParts = ({ part_of: _part, document: _document, ...row }: PresentedRow) => ({
  id: row.id,
  credentialId: row.credential_id,
  institutionId: row.institution_id,
  issuer: row.issuer_did,
  title: row.title,
  ...(row.level !== null && isEducationLevel(row.level) ? { level: levelOf(row.level) } : {}),
  competencies: JSON.parse(row.competencies) as string[],
  verifiedAt: row.verified_at,
});

/**
 * A presented credential as the API shows it, with its parts.
 * @example toPresentedCredential({ row, parts }).parts.length // 3 for an award of three modules
 */
export const toPresentedCredential = ({ row, parts }: PresentedRows): PresentedCredential => ({
  ...withoutParts(row),
  parts: parts.map(withoutParts),
});

/**
 * How a presented credential is cited as evidence: its achievement, its issuer (by name where it gives
 * one) and who verified it when.
 * @example describePresented(row) // "Observeren en rapporteren (ROC Rivor), verified by roc-rivor on 2026-11-22"
 */
export function describePresented(row: PresentedRow): string {
  const issuer = asObject(credentialContent(JSON.parse(row.document) as JsonObject).issuer)?.name;
  return `${row.title} (${typeof issuer === 'string' ? issuer : row.issuer_did}), verified by ${row.institution_id} on ${row.verified_at.slice(0, 10)}`;
}

/**
 * The rows of one verified credential for a learner at an instelling: the credential, and (for a
 * ClrCredential) one per embedded credential, part of it. Each names its issuer, its achievement's
 * name, the competencies its achievement is aligned to, and an award the level it certifies. A VC-JWT
 * (an `EnvelopedVerifiableCredential`) is kept as presented and read by the credential its claims set is.
 * @example presentedRows({ newId: deps.newId, learnerId, institutionId, requestId, at }, vc, (c) => issuerIdOf(c) ?? '')
 */
export function presentedRows(
  context: { newId: () => string; learnerId: string; institutionId: string; requestId: string; at: string },
  credential: JsonObject,
  issuerOf: (credential: JsonObject) => string,
): PresentedRows {
  const rowOf = (document: JsonObject, partOf: string | null): PresentedRow => {
    const vc = credentialContent(document);
    const achievements = achievementsIn(vc);
    return {
      id: context.newId(),
      learner_id: context.learnerId,
      institution_id: context.institutionId,
      credential_id: String(vc.id),
      part_of: partOf,
      issuer_did: issuerOf(vc),
      title:
        achievements.find((a) => a.name !== undefined)?.name ??
        (typeof vc.name === 'string' ? vc.name : String(vc.id)),
      // Only an award certifies a level; a module credential's level is the module's.
      level: asList(vc.type).includes('ClrCredential')
        ? (achievements.find((a) => a.level !== undefined)?.level ?? null)
        : null,
      competencies: JSON.stringify([...new Set(achievements.flatMap((a) => a.competencies))]),
      document: JSON.stringify(document),
      presentation_request_id: context.requestId,
      verified_at: context.at,
    };
  };
  const row = rowOf(credential, null);
  return {
    row,
    parts: embeddedCredentials(credentialContent(credential)).map((part) => rowOf(part, row.id)),
  };
}

/**
 * The credentials verified as the learner's, each with its parts, oldest first: at one instelling, or
 * at every one.
 * @example (await presentedCredentialsOf(deps, learnerId, 'roc-rivor')).map(({ row }) => row.title)
 */
export async function presentedCredentialsOf(
  deps: DbDeps,
  learnerId: string,
  institutionId?: string,
): Promise<PresentedRows[]> {
  let select = deps.db.kysely
    .selectFrom('learner_credential')
    .selectAll()
    .where('learner_id', '=', learnerId);
  if (institutionId !== undefined) select = select.where('institution_id', '=', institutionId);
  const rows = await select.orderBy('verified_at').orderBy('id').execute();
  return rows
    .filter((row) => row.part_of === null)
    .map((row) => ({ row, parts: rows.filter((part) => part.part_of === row.id) }));
}

/**
 * Refuses exemptions that name a credential (`evidence.kind` 'verifiable-credential') the instelling
 * has not verified as the learner's (presented, or embedded in an award presented), each at its field.
 * @example await assertVerifiedCredentials(deps, learnerId, 'roc-rivor', [{ field: 'exemptions[0].evidence.id', id: vcId }])
 */
export async function assertVerifiedCredentials(
  deps: DbDeps,
  learnerId: string,
  institutionId: string,
  named: ReadonlyArray<{ field: string; id: string }>,
): Promise<void> {
  if (named.length === 0) return;
  const verified = new Set(
    (
      await deps.db.kysely
        .selectFrom('learner_credential')
        .select('credential_id')
        .where('learner_id', '=', learnerId)
        .where('institution_id', '=', institutionId)
        .where(
          'credential_id',
          'in',
          named.map((n) => n.id),
        )
        .execute()
    ).map((row) => row.credential_id),
  );
  refuseFields(
    named.flatMap(({ field, id }) =>
      verified.has(id)
        ? []
        : [
            {
              field,
              message: `credential ${id} is not verified for this learner at '${institutionId}': the learner presents it there first (POST /institutions/${institutionId}/presentation-requests)`,
            },
          ],
    ),
  );
}
