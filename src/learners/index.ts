/** What other features use of learners; they import it from here, never from its inner files. */
export { type AdmissionFacts, checkAdmission } from './admission.js';
export { achievementsIn } from './credential-achievements.js';
export type { StandingDeps } from './credential-standings.js';
export type { HeldCompetency } from './held-competencies.js';
export { holderPublicJwk } from './holder-did.js';
export { type LearnerRow, loadLearner } from './learner.js';
export { loadLearnerFacts } from './learner-facts.js';
export { loadPlanningFacts, type PlanningFacts } from './planning-facts.js';
export { keepPresentedCredentials } from './presentation-answers.js';
export type { PresentationRequestRow } from './presentation-requests.js';
export {
  assertVerifiedCredentials,
  presentedCredentialsOf,
  toPresentedCredential,
} from './presented-credentials.js';
