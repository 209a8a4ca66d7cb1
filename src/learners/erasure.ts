import type { WriteDeps } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';

/**
 * The learner erases themselves: profile, evidence, grants, DID, the credentials instellingen verified
 * as theirs (and the requests for them) and personal fields go in one atomic batch.
 * The learner row stays as a tombstone without personal data, so audit events and records that point
 * at the id stay valid; the audit event names the actor by the learner id, not by their token subject.
 * @example await eraseLearner(deps, learnerId) // then loadLearner(deps, learnerId) is a 404
 */
export async function eraseLearner(deps: WriteDeps, learnerId: string): Promise<void> {
  const now = deps.now().toISOString();
  const db = deps.db.kysely;
  await deps.db.atomically([
    db
      .deleteFrom('learner_evidence_competency')
      .where('evidence_id', 'in', (eb) =>
        eb.selectFrom('learner_evidence').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('learner_evidence').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_profile').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_grant').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_did_nonce').where('learner_id', '=', learnerId),
    // An award's parts before the award itself: a part points at it.
    db.deleteFrom('learner_credential').where('learner_id', '=', learnerId).where('part_of', 'is not', null),
    db.deleteFrom('learner_credential').where('learner_id', '=', learnerId),
    // The OpenID4VP requests among them first (each is one of their presentation requests); offers to
    // their wallet close, so nothing is picked up for them any more.
    db
      .deleteFrom('vp_request')
      .where('id', 'in', (eb) =>
        eb.selectFrom('presentation_request').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('presentation_request').where('learner_id', '=', learnerId),
    db
      .updateTable('credential_offer')
      .set({ state: 'withdrawn', closed_at: now })
      .where('learner_id', '=', learnerId)
      .where('state', 'in', ['open', 'redeemed']),
    db
      .updateTable('learner')
      .set({
        subject: null,
        name: null,
        email: null,
        did: null,
        status: 'erased',
        erased_at: now,
        updated_at: now,
      })
      .where('id', '=', learnerId),
    learnerEvent(deps, { role: 'learner', sub: learnerId }, 'erased', learnerId),
  ]);
}
