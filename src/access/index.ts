/**
 * Who may do what: pure rules over plain facts, declared on each operation with `guard(load, rule)`
 * (src/http/guard.ts) and tested as tables. Domain code never compares roles itself.
 */
export {
  type CatalogTarget,
  catalogRules,
  type EmployerTarget,
  owningEmployer,
  owningInstitution,
} from './catalog.js';
export { type CredentialFacts, credentialRules } from './credentials.js';
export {
  type ActiveGrant,
  granteeOf,
  isEvidenceVerifier,
  type LearnerFacts,
  learnerAccess,
  learnerRules,
} from './learner-data.js';
export { approvingParty, partiesOf, type RouteFacts, type RouteParty, routeRules } from './route-parties.js';
export { anyoneSignedIn, type Rule, rule } from './rule.js';
