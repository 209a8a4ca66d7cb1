/** What other features use of sign-offs; they import it from here, never from its inner files. */
export { completedModulesOf, type SignedOffModule } from './completed-modules.js';
export {
  type OutcomeFacts,
  outcomeOnRoute,
  type Recorded,
  recordSignoff,
  type SignoffStanding,
  signoffRefusal,
  signoffStanding,
} from './record-signoff.js';
export { assignAssessor, listRouteAssessors } from './route-assessors.js';
export type { IssueOwed } from './routes.js';
export { listSignoffs } from './signoffs.js';
