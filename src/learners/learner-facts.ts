import type { GrantScope } from '../../schemas/learners.js';
import type { ActiveGrant, LearnerFacts } from '../access/index.js';
import type { Deps } from '../kernel/ports.js';
import { loadLearner } from './learner.js';
import { activeGrants } from './learner-grants.js';

/**
 * What access to a learner's data depends on: the learner (not erased) and the grants that give access
 * today. A 404 for a learner that does not exist or erased themselves.
 * @example learnerRules.readProfile.allows(principal, await loadLearnerFacts(deps, id))
 */
export async function loadLearnerFacts(
  deps: Pick<Deps, 'db' | 'now'>,
  learnerId: string,
): Promise<LearnerFacts> {
  const [learner, grants] = await Promise.all([
    loadLearner(deps, learnerId),
    activeGrants(deps)
      .select(['grantee_kind', 'grantee_id', 'scope'])
      .where('learner_id', '=', learnerId)
      .execute(),
  ]);
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
