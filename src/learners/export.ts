import type { LearnerExport } from '../../schemas/learners.js';
import type { Deps } from '../kernel/ports.js';
import { auditTrailOf } from './audit-trail.js';
import { evidenceOf } from './evidence.js';
import { credentialsOfLearner, routesOfLearner } from './exported-routes.js';
import { loadLearner, toLearner } from './learner.js';
import { grantsOf } from './learner-grants.js';
import { presentedCredentialsOf, toPresentedCredential } from './presented-credentials.js';
import { findProfile, toProfile } from './profile.js';

/**
 * Everything Loopbrug holds on the learner, for the learner, as one document: their record, profile,
 * evidence, grants, the credentials instellingen verified as theirs, their routes (every version, its
 * approvals, every sign-off), the credentials issued to them, and the audit trail of every write to
 * and read of their data. A 404 for an unknown learner.
 * @example (await exportLearner(deps, learnerId)).auditEvents.map((e) => e.action) // ['learner.registered', …]
 */
export async function exportLearner(
  deps: Pick<Deps, 'db' | 'now'>,
  learnerId: string,
): Promise<LearnerExport> {
  const [learner, profile, evidence, grants, verified, routes, credentials, auditEvents] = await Promise.all([
    loadLearner(deps, learnerId),
    findProfile(deps, learnerId),
    evidenceOf(deps, learnerId),
    grantsOf(deps, learnerId),
    presentedCredentialsOf(deps, learnerId),
    routesOfLearner(deps, learnerId),
    credentialsOfLearner(deps, learnerId),
    auditTrailOf(deps, learnerId),
  ]);
  return {
    exportedAt: deps.now().toISOString(),
    learner: toLearner(learner),
    profile: profile ? toProfile(profile) : null,
    evidence,
    grants,
    verifiedCredentials: verified.map(toPresentedCredential),
    routes,
    credentials,
    auditEvents,
  };
}
