/**
 * Who may do what: pure rules over plain facts, declared on each operation with `guard(load, rule)`
 * (src/http/guard.ts) and tested as tables. Domain code never compares roles itself.
 */
export {
  type CatalogTarget,
  catalogRules,
  type DraftsSeen,
  draftsSeenBy,
  type EmployerTarget,
  type FrameworkTarget,
  frameworkInstitution,
  owningEmployer,
  owningInstitution,
} from './catalog.js';
export { type CredentialFacts, credentialRules } from './credentials.js';
export {
  type ActiveGrant,
  evidenceAddedBy,
  granteeOf,
  isEvidenceVerifier,
  type LearnerFacts,
  learnerAccess,
  learnerRules,
  listableLearners,
  registrationBy,
  verifyingInstitution,
} from './learner-data.js';
export {
  institutionAuditRule,
  type PresentationRequestFacts,
  presentationRules,
} from './presentations.js';
export {
  approvingParty,
  composeRule,
  learnerNameSeenBy,
  listableRoutes,
  partiesOf,
  type RouteFacts,
  type RouteParty,
  routeRules,
} from './route-parties.js';
export { anyoneSignedIn, type Rule, rule } from './rule.js';
export { type CredentialOfferFacts, walletRules } from './wallet.js';
