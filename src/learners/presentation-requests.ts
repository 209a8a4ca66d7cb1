import type { PresentationRequest } from '../../schemas/learners.js';
import type { PresentationRequestFacts } from '../access/index.js';
import { loadInstitutionFacts } from '../catalog/index.js';
import type { Schema } from '../db/schema.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { loadLearner } from './learner.js';

export type PresentationRequestRow = Schema['presentation_request'];

/** How long a challenge may be answered. */
const REQUEST_LIFETIME_MS = 15 * 60_000;

const randomChallenge = () => crypto.randomUUID();

/**
 * The DID whose proof counts for a learner; refused when they registered none, since then no
 * presentation can be theirs.
 * @example holderOf(learner) // 'did:key:z6Mk…'
 */
export function holderOf(learner: { id: string; did: string | null }): string {
  if (learner.did === null)
    throw fail.refused(
      'No holder DID',
      `Learner '${learner.id}' has no DID to present with; register one first (PUT /learners/{id}/did).`,
      [{ field: 'learnerId', message: 'the learner has no registered DID' }],
    );
  return learner.did;
}

/** A presentation request as the API shows it. */
const toPresentationRequest = (row: PresentationRequestRow, holder: string): PresentationRequest => ({
  id: row.id,
  institutionId: row.institution_id,
  learnerId: row.learner_id,
  challenge: row.challenge,
  domain: row.domain,
  holder,
  expiresAt: row.expires_at,
});

/**
 * The learner asks an instelling to verify their credentials: the instelling issues a challenge for
 * them, to be answered once, within fifteen minutes, by a presentation signed by the learner's DID for
 * this service's domain. The learner asks, not the instelling's opleider: what a learner shows, to whom
 * and when, is theirs to decide (eigen regie); the challenge is the instelling's all the same (it is
 * stored for it, and only its verification answers it). Audited on the request.
 * @example const { challenge, domain } = await requestPresentation(deps, learner, 'roc-rivor', learnerId);
 */
export async function requestPresentation(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls'>,
  actor: Actor,
  institutionId: string,
  learnerId: string,
): Promise<PresentationRequest> {
  await loadInstitutionFacts(deps, institutionId);
  const holder = holderOf(await loadLearner(deps, learnerId));
  const now = deps.now();
  const row: PresentationRequestRow = {
    id: deps.newId(),
    institution_id: institutionId,
    learner_id: learnerId,
    challenge: randomChallenge(),
    domain: deps.urls.base,
    created_at: now.toISOString(),
    created_by: actorLabel(actor),
    expires_at: new Date(now.getTime() + REQUEST_LIFETIME_MS).toISOString(),
    answered_at: null,
    answered_by: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('presentation_request').values(row),
    auditEvent(deps, actor, 'presentation.requested', 'presentation_request', row.id, {
      institutionId,
      learnerId,
    }),
  ]);
  return toPresentationRequest(row, holder);
}

/**
 * An instelling's presentation request; a 404 when it has none by that id.
 * @example const row = await loadPresentationRequest(deps, 'roc-rivor', requestId);
 */
export async function loadPresentationRequest(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
  requestId: string,
): Promise<PresentationRequestRow> {
  const row = await deps.db.kysely
    .selectFrom('presentation_request')
    .selectAll()
    .where('id', '=', requestId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('presentation request', requestId);
  return row;
}

/**
 * What answering a presentation request depends on: whose it is. A 404 for a request the instelling
 * does not have.
 * @example presentationRules.answer.allows(principal, await loadPresentationRequestFacts(deps, 'roc-rivor', requestId))
 */
export async function loadPresentationRequestFacts(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
  requestId: string,
): Promise<PresentationRequestFacts> {
  const row = await loadPresentationRequest(deps, institutionId, requestId);
  const learner = await deps.db.kysely
    .selectFrom('learner')
    .select('subject')
    .where('id', '=', row.learner_id)
    .executeTakeFirst();
  return { id: row.id, institutionId: row.institution_id, learnerSubject: learner?.subject ?? null };
}
