/**
 * Plain-data input and output of the route planner. No classes, no Dates: everything here can be
 * serialised as JSON as-is, so the HTTP layer can pass it straight through.
 *
 * Dates are ISO calendar dates ('YYYY-MM-DD'), interpreted in UTC.
 */

export type Priority = 'essential' | 'later';

export type StartPattern =
  | { kind: 'monthly'; dayOfMonth: number }
  | { kind: 'continuous' }
  | { kind: 'fixed'; dates: string[] };

export interface PlannerModule {
  id: string;
  code: string;
  title: string;
  /** Competency URIs this module teaches. */
  competencies: string[];
  studyLoadHours: number;
  prerequisites: { modules: string[]; competencies: string[] };
  startPattern: StartPattern;
}

export interface Requirement {
  competency: string;
  priority: Priority;
}

export interface Evidence {
  kind: string;
  id: string;
  description: string;
}

/** A competency the learner can already demonstrate (verified credential, diploma, earlier sign-off, ...). */
export interface HeldCompetency {
  competency: string;
  evidence: Evidence;
}

/** The opleider granted an exemption: the module need not be taken, its competencies count as held. */
export interface ModuleExemption {
  moduleId: string;
  evidence: Evidence;
}

/** A refused exemption request: recorded and shown, it changes nothing in the selection. */
export interface RefusedExemption {
  moduleId?: string;
  competency?: string;
  reason: string;
}

/** What a credential's status is at this plan: only an active one counts as evidence. */
export type CredentialState = 'active' | 'revoked' | 'suspended' | 'unavailable';

/**
 * A credential verified as the learner's at the route's instelling (the holder's proof, the issuer's
 * signature, the instelling's trust in the issuer), with its status as it was read for this plan. An
 * active one proves the competencies its achievement is aligned to; any other proves nothing now.
 */
export interface VerifiedCredential {
  id: string;
  /** How it is cited as evidence, e.g. 'Nederlands 2F (kw1c), verified by roc-rivor'. */
  description: string;
  /** Competency URIs its achievement is aligned to. */
  competencies: string[];
  state: CredentialState;
  /** Why the state is what it is, in the status check's words (what could not be reached, say). */
  message: string;
}

export interface CompletedModule {
  moduleId: string;
  completedOn: string;
}

/** Half-open interval [from, until): the learner studies again on `until`. */
export interface Pause {
  from: string;
  until: string;
}

/**
 * The opleider's manual changes to a route (PATCH /routes/{id}), applied on every (re)plan.
 *
 * - `added`: planned although the selection would not pick them; they carry `added-by-opleider` and pull
 *   in their prerequisites as usual. An id that is completed or exempt stays completed or exempt.
 * - `removed`: never planned. The set cover picks another module for their competencies where one exists,
 *   otherwise those competencies are `uncovered` with reason `removed-by-opleider`. Removing a module
 *   that a route module needs as a module prerequisite throws PlannerInputError naming both codes. An id
 *   that is completed or exempt stays completed or exempt (removal only affects what would be planned).
 * - `order`: the opleider's preferred order of planned module ids (a move). See `applyRequestedOrder`
 *   for the merge rule; ids that are not planned (completed, exempt, removed, not selected) are ignored,
 *   so a stored order survives a replan. Throws MoveRefusedError when it puts a module before one of its
 *   (transitive) prerequisites.
 *
 * Unknown module ids, duplicates within a list and an id both added and removed throw PlannerInputError.
 */
export interface RouteAdjustments {
  added?: string[];
  removed?: string[];
  order?: string[];
}

export interface PlannerInput {
  today: string;
  startDate: string;
  hoursPerWeek: number;
  requirements: Requirement[];
  held: HeldCompetency[];
  exemptions: ModuleExemption[];
  refusedExemptions: RefusedExemption[];
  completed: CompletedModule[];
  pauses: Pause[];
  catalog: PlannerModule[];
  adjustments?: RouteAdjustments;
  /**
   * The learner's verified credentials at the route's instelling. An active one holds its
   * competencies, and exempts every module the route would plan whose competencies it (with other
   * active ones) all proves; an exemption naming a credential (`evidence.kind` 'verifiable-credential')
   * holds only while that credential is active, and is refused when it is not listed here.
   */
  credentials?: VerifiedCredential[];
}

export type ItemStatus = 'planned' | 'exempt' | 'completed';

export type Reason =
  /** The module teaches a required competency the learner does not hold yet. */
  | { kind: 'covers'; competency: string; priority: Priority }
  /** The module is a module prerequisite of `moduleId`. */
  | { kind: 'prerequisite-of'; moduleId: string }
  /** The module teaches `competency`, which `moduleId` needs before it can start. */
  | { kind: 'provides-prerequisite'; moduleId: string; competency: string }
  /** `competency` is a prerequisite of this module, but nothing held or in the catalog provides it. */
  | { kind: 'prerequisite-unavailable'; competency: string }
  | { kind: 'exempt'; evidence: Evidence }
  /**
   * A credential that would cover what this module teaches (or that its exemption names) does not count
   * now: revoked, suspended (it counts again once reinstated), or its status could not be read.
   */
  | {
      kind: 'credential-revoked' | 'credential-suspended' | 'status-unavailable';
      credentialId: string;
      message: string;
    }
  | { kind: 'exemption-refused'; reason: string }
  | { kind: 'completed'; on: string }
  /** The opleider added this module to the route (`adjustments.added`). */
  | { kind: 'added-by-opleider' }
  /** No start moment on or after the earliest possible date: the module stays in the route without dates. */
  | { kind: 'no-start-moment' }
  /** The module runs into this pause and is extended by its length. */
  | { kind: 'extended-by-pause'; from: string; until: string };

export interface RouteItem {
  moduleId: string;
  code: string;
  title: string;
  status: ItemStatus;
  essential: boolean;
  /** 1-based position in the route. */
  order: number;
  /** Only for planned items that could be scheduled. */
  plannedStart?: string;
  /** Exclusive: the first day after the module, i.e. the earliest day the next module may start. */
  plannedEnd?: string;
  weeks?: number;
  reasons: Reason[];
}

export type CoverageSource =
  | { kind: 'module'; moduleId: string }
  | { kind: 'exemption'; moduleId: string; evidence: Evidence }
  | { kind: 'evidence'; evidence: Evidence };

export interface CoveredCompetency {
  competency: string;
  priority: Priority;
  by: CoverageSource;
}

/**
 * `not-taught-in-catalog`: no module that is not completed or exempt teaches it.
 * `removed-by-opleider`: only modules in `adjustments.removed` teach it.
 */
export type UncoveredReason = 'not-taught-in-catalog' | 'removed-by-opleider';

export interface UncoveredCompetency {
  competency: string;
  priority: Priority;
  reason: UncoveredReason;
}

export interface RefusalOutcome {
  refusal: RefusedExemption;
  /** Route items the refusal was attached to (as an `exemption-refused` reason). */
  appliesTo: string[];
}

export interface PlannedRoute {
  items: RouteItem[];
  covered: CoveredCompetency[];
  uncovered: UncoveredCompetency[];
  refusals: RefusalOutcome[];
  /** max(startDate, today): the first day a planned module may start. */
  routeStart: string;
  /** Exclusive end of the last scheduled module; `routeStart` when nothing is scheduled. */
  endDate: string;
  /** Exclusive end of the last scheduled essential module; `routeStart` when there is none. */
  independentFrom: string;
  /** Planned module ids that got no dates (no start moment left); the end dates above ignore them. */
  unscheduled: string[];
}
