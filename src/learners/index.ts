/** What other features use of learners; they import it from here, never from its inner files. */
export { type AdmissionFacts, checkAdmission } from './admission.js';
export { learnerGuard } from './audited-access.js';
export { achievementsIn } from './credential-achievements.js';
export type { StandingDeps } from './credential-standings.js';
export { eraseLearner } from './erasure.js';
export { exportLearner } from './export.js';
export type { HeldCompetency } from './held-competencies.js';
export { holderPublicJwk } from './holder-did.js';
export { type LearnerRow, listLearners, loadLearner } from './learner.js';
export { loadLearnerFacts } from './learner-facts.js';
export { createGrant, grantsOf, withdrawGrant } from './learner-grants.js';
export { loadPlanningFacts, type PlanningFacts } from './planning-facts.js';
export { keepPresentedCredentials } from './presentation-answers.js';
export type { PresentationRequestRow } from './presentation-requests.js';
export {
  assertVerifiedCredentials,
  presentedCredentialsOf,
  toPresentedCredential,
} from './presented-credentials.js';
export { findProfile, toProfile } from './profile.js';
export { registerLearner } from './registration.js';
