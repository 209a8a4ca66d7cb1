import type { ActiveGrant, LearnerFacts } from '../access/index.js';
import type { GrantScope } from '../../schemas/learners.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';

/**
 * What access to a learner's data depends on: the learner (not erased) and the grants that give access
 * today. A 404 for a learner that does not exist or erased themselves.
 * @example learnerRules.readProfile.allows(principal, await loadLearnerFacts(deps, id))
 */
export async function loadLearnerFacts(deps: Pick<Deps, 'db' | 'now'>, learnerId: string): Promise<LearnerFacts> {
  const db = deps.db.kysely;
  const [learner, grants] = await Promise.all([
    db
      .selectFrom('learner')
      .select(['id', 'subject'])
      .where('id', '=', learnerId)
      .where('status', '=', 'active')
      .executeTakeFirst(),
    db
      .selectFrom('learner_grant')
      .select(['grantee_kind', 'grantee_id', 'scope'])
      .where('learner_id', '=', learnerId)
      .where('withdrawn_at', 'is', null)
      .where((w) => w.or([w('until', 'is', null), w('until', '>=', today(deps))]))
      .execute(),
  ]);
  if (!learner) throw fail.notFound('learner', learnerId);
  return {
    id: learner.id,
    subject: learner.subject,
    grants: grants.map(
      (g): ActiveGrant => ({
        granteeKind: g.grantee_kind,
        granteeId: g.grantee_id,
        scope: JSON.parse(g.scope) as GrantScope[],
      }),
    ),
  };
}
