import { type Compilable, type Expression, type SqlBool, sql } from 'kysely';
import type { PresentedCredential } from '../../schemas/learners.js';
import { asList, asObject, issuerIdOf, type JsonObject } from '../credentials/index.js';
import { type Actor, auditEventIf } from '../kernel/audit.js';
import { type FieldError, fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { verifyPresentation } from '../verification/index.js';
import { loadLearner } from './learner.js';
import { holderOf, loadPresentationRequest, type PresentationRequestRow } from './presentation-requests.js';
import { type PresentedRow, presentedRows, toPresentedCredential } from './presented-credentials.js';

type AnswerDeps = Parameters<typeof verifyPresentation>[0] & Pick<Deps, 'db' | 'now' | 'newId'>;

const NOT_ACCEPTED = 'The presentation is not accepted';

/** Where a check of the presentation lies in the request body. */
const fieldOf = (target: string) =>
  target === 'presentation' ? 'verifiablePresentation' : `verifiablePresentation.${target}`;

/** The row inserted only while `condition` holds in the same transaction. */
function insertIf(deps: Pick<Deps, 'db'>, row: PresentedRow, condition: Expression<SqlBool>): Compilable {
  const columns = Object.keys(row) as (keyof PresentedRow)[];
  const insert = sql`INSERT INTO learner_credential (${sql.join(columns.map((c) => sql.ref(c)))})
    SELECT ${sql.join(columns.map((c) => row[c]))} WHERE ${condition}`;
  return { compile: () => insert.compile(deps.db.kysely) };
}

/**
 * What keeps a verified credential from counting as this learner's: it is not kept here (a VC-JWT, no
 * id, presented twice), or it is not issued to the DID the learner registered.
 */
function holderErrors(credentials: readonly unknown[], holder: string): FieldError[] {
  const seen = new Set<string>();
  return credentials.flatMap((credential, i): FieldError[] => {
    const field = `verifiablePresentation.verifiableCredential[${i}]`;
    const vc = asObject(credential);
    if (!vc)
      return [{ field, message: 'only embedded Data Integrity credentials are kept as evidence here' }];
    if (typeof vc.id !== 'string')
      return [{ field: `${field}.id`, message: 'a credential needs an id to be kept' }];
    if (seen.has(vc.id)) return [{ field, message: `${vc.id} is presented twice` }];
    seen.add(vc.id);
    const subjects = asList(vc.credentialSubject).map((s) => asObject(s)?.id);
    return subjects.length > 0 && subjects.every((id) => id === holder)
      ? []
      : [
          {
            field: `${field}.credentialSubject.id`,
            message: `issued to ${subjects.map(String).join(', ') || 'no DID'}, not to ${holder}, the learner's DID`,
          },
        ];
  });
}

/**
 * The learner answers an instelling's presentation request with a VerifiablePresentation. The
 * instelling verifies it (verifyPresentation, as the relying party): the proof by the learner's
 * registered DID, with its challenge and this service's domain; each credential's integrity (an award's
 * parts too), live status, and the instelling's trust in its issuer; and that each is issued to the
 * learner's DID. Then it keeps each credential (and an award's parts) as verified evidence of the
 * learner there, replacing what it kept of the same credential before, audited on the request. A
 * request is answered once: a replay is a conflict, an expired one refused; any other refusal names
 * each field and why, and nothing is stored. Answering and storing are one write that holds only for
 * the request that answered, so two racing answers store one.
 * @example const { credentials } = await answerPresentationRequest(deps, learner, 'roc-rivor', requestId, vp);
 */
export async function answerPresentationRequest(
  deps: AnswerDeps,
  actor: Actor,
  institutionId: string,
  requestId: string,
  presentation: JsonObject,
): Promise<{ requestId: string; credentials: PresentedCredential[] }> {
  const request = await loadPresentationRequest(deps, institutionId, requestId);
  const answered = () =>
    fail.conflict(`Presentation request '${requestId}' is already answered; ask for a new one.`);
  if (request.answered_at !== null) throw answered();
  const now = deps.now().toISOString();
  if (request.expires_at <= now)
    throw fail.refused(NOT_ACCEPTED, `The request expired at ${request.expires_at}; ask for a new one.`, [
      { field: 'requestId', message: `expired at ${request.expires_at}` },
    ]);
  const learner = await loadLearner(deps, request.learner_id);
  const holder = holderOf(learner);

  const result = await verifyPresentation(deps, presentation, {
    challenge: request.challenge,
    domain: request.domain,
    relyingParty: institutionId,
  });
  const errors: FieldError[] = result.checks
    .filter((c) => !c.ok)
    .map((c) => ({ field: fieldOf(c.target), message: `${c.check}: ${c.message ?? 'failed'}` }));
  if (result.holder !== holder)
    errors.push({
      field: 'verifiablePresentation.holder',
      message: `the holder is ${result.holder ?? 'not named'}, not ${holder}, the DID learner '${learner.id}' registered`,
    });
  const presented = result.credentials.map((c) => c.credential);
  if (presented.length === 0)
    errors.push({ field: 'verifiablePresentation.verifiableCredential', message: 'presents no credential' });
  errors.push(...holderErrors(presented, holder));
  if (errors.length > 0)
    throw fail.refused(NOT_ACCEPTED, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

  return keepPresentedCredentials(deps, actor, request, learner.id, presented as JsonObject[]);
}

/**
 * Keeps the credentials a presentation answering an instelling's request proved as verified evidence of
 * the learner there (each award's parts too), replacing what it kept of the same credentials before, and
 * marks the request answered, audited on it: one write that holds only for the request that answered,
 * so of two racing answers one is kept and the other is a conflict. The one way verified evidence is
 * stored: the learner's own answer (above) and a wallet's OpenID4VP answer (src/wallet-presentation)
 * come here once they verified the presentation. A VC-JWT is kept as it was presented, an
 * `EnvelopedVerifiableCredential`, and read by the credential its claims set is.
 * @example await keepPresentedCredentials(deps, actor, request, learnerId, [vc, enveloped])
 */
export async function keepPresentedCredentials(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  request: PresentationRequestRow,
  learnerId: string,
  presented: readonly JsonObject[],
): Promise<{ requestId: string; credentials: PresentedCredential[] }> {
  const answered = () =>
    fail.conflict(`Presentation request '${request.id}' is already answered; ask for a new one.`);
  const now = deps.now().toISOString();
  const institutionId = request.institution_id;
  const token = deps.newId();
  const answeredHere = sql<SqlBool>`EXISTS (SELECT 1 FROM presentation_request WHERE id = ${request.id} AND answered_by = ${token})`;
  const kept = presented.map((credential) =>
    presentedRows(
      { newId: deps.newId, learnerId: learnerId, institutionId, requestId: request.id, at: now },
      credential,
      (vc) => issuerIdOf(vc) ?? '',
    ),
  );
  const db = deps.db.kysely;
  const before = db
    .selectFrom('learner_credential')
    .select('id')
    .where('learner_id', '=', learnerId)
    .where('institution_id', '=', institutionId)
    .where('part_of', 'is', null)
    .where(
      'credential_id',
      'in',
      kept.map(({ row }) => row.credential_id),
    );
  await deps.db.atomically([
    db
      .updateTable('presentation_request')
      .set({ answered_at: now, answered_by: token })
      .where('id', '=', request.id)
      .where('answered_at', 'is', null)
      .where('expires_at', '>', now),
    db.deleteFrom('learner_credential').where('part_of', 'in', before).where(answeredHere),
    db.deleteFrom('learner_credential').where('id', 'in', before).where(answeredHere),
    ...kept.flatMap(({ row, parts }) => [row, ...parts].map((r) => insertIf(deps, r, answeredHere))),
    auditEventIf(
      deps,
      actor,
      'presentation.accepted',
      'presentation_request',
      request.id,
      {
        institutionId,
        learnerId: learnerId,
        credentials: kept.map(({ row, parts }) => ({
          id: row.credential_id,
          issuer: row.issuer_did,
          parts: parts.map((p) => p.credential_id),
        })),
      },
      answeredHere,
    ),
  ]);
  const after = await db
    .selectFrom('presentation_request')
    .select('answered_by')
    .where('id', '=', request.id)
    .executeTakeFirstOrThrow();
  if (after.answered_by !== token) throw answered();
  return { requestId: request.id, credentials: kept.map(toPresentedCredential) };
}
