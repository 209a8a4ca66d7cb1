/** What other features use of sign-offs; they import it from here, never from its inner files. */
export {
  type CorrectedModule,
  completedModulesOf,
  type SignedOffModule,
  type SignedOffModules,
  signedOffModulesOf,
} from './completed-modules.js';
export { decidingSignoffs, signedBefore } from './module-completion.js';
export {
  correctionPositions,
  type OutcomeFacts,
  outcomeOnRoute,
  type Recorded,
  recordSignoff,
  type SignoffStanding,
  signoffRefusal,
  signoffStanding,
} from './record-signoff.js';
export { assignAssessor, listRouteAssessors } from './route-assessors.js';
export type { SettleCredentials } from './routes.js';
export { settleAfterSignoff } from './settle-after-signoff.js';
export { listSignoffs } from './signoffs.js';
