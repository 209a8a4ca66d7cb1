import type { z } from '@hono/zod-openapi';
import type { LearnerAuditEvent } from '../../schemas/learners.js';
import { type Actor, auditEvent } from '../kernel/audit.js';
import type { DbDeps, WriteDeps } from '../kernel/ports.js';

/**
 * The audit row of a write to a learner's data. Every such write is audited on the learner, so that
 * `auditTrailOf` (and with it the learner's export) finds them all.
 * @example deps.db.atomically([write, learnerEvent(deps, principal, 'profile.replaced', learnerId)])
 */
export const learnerEvent = (
  deps: WriteDeps,
  actor: Actor,
  action: string,
  learnerId: string,
  detail?: unknown,
) => auditEvent(deps, actor, `learner.${action}`, 'learner', learnerId, detail);

/** The resources the learner's trail follows besides the learner: audited by their table's name. */
const LEARNERS_RESOURCES = ['presentation_request', 'route', 'credential', 'credential_offer'] as const;

/**
 * Every event about the learner, oldest first, as the learner's export shows it: every write audited on
 * the learner, and what was done with their requests to present credentials, their routes (composed,
 * changed, approved, completed…), the credentials issued to them (issued, picked up, revoked or suspended
 * with its reason), their sign-offs (recorded, corrected) and their wallet offers. The audit rows name
 * their resource, and those tables name the learner (a sign-off by its route).
 * @example (await auditTrailOf(deps, learnerId)).map((e) => e.action) // ['learner.registered', 'learner.profile.created']
 */
export async function auditTrailOf(
  deps: DbDeps,
  learnerId: string,
): Promise<z.infer<typeof LearnerAuditEvent>[]> {
  const events = await deps.db.kysely
    .selectFrom('audit_event')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('resource_type', '=', 'learner'), eb('resource_id', '=', learnerId)]),
        // Each of these tables names the learner of its rows, and audit rows are named by their table.
        // Sign-offs name their route, not the learner.
        eb.and([
          eb('resource_type', '=', 'signoff'),
          eb(
            'resource_id',
            'in',
            eb
              .selectFrom('signoff')
              .select('id')
              .where(
                'route_id',
                'in',
                eb.selectFrom('route').select('id').where('learner_id', '=', learnerId),
              ),
          ),
        ]),
        ...LEARNERS_RESOURCES.map((table) =>
          eb.and([
            eb('resource_type', '=', table),
            eb('resource_id', 'in', eb.selectFrom(table).select('id').where('learner_id', '=', learnerId)),
          ]),
        ),
      ]),
    )
    .orderBy('at')
    .orderBy('id')
    .execute();
  return events.map((e) => ({
    at: e.at,
    actor: e.actor,
    action: e.action,
    ...(e.detail === null ? {} : { detail: JSON.parse(e.detail) as unknown }),
  }));
}
