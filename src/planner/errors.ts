/**
 * Errors for input the planner cannot make sense of. Everything else (uncovered competencies, modules
 * without start moments) is reported in the route, never thrown.
 */
export class PlannerInputError extends Error {
  readonly kind: 'invalid-input' | 'prerequisite-cycle' | 'move-refused' = 'invalid-input';

  constructor(message: string) {
    super(message);
    this.name = 'PlannerInputError';
  }
}

/**
 * A prerequisite cycle; `cycle` names the modules by code, first code repeated at the end.
 *
 * @example new PrerequisiteCycleError(['A', 'B', 'A']).message // 'prerequisite cycle: A -> B -> A'
 */
export class PrerequisiteCycleError extends PlannerInputError {
  override readonly kind = 'prerequisite-cycle';
  readonly cycle: string[];

  constructor(cycle: string[]) {
    super(`prerequisite cycle: ${cycle.join(' -> ')}`);
    this.name = 'PrerequisiteCycleError';
    this.cycle = cycle;
  }
}

/**
 * The opleider's requested order (`adjustments.order`) puts a module before one of its (possibly
 * transitive) prerequisites. Names both by code; the ids are there for the API's problem details.
 *
 * @example new MoveRefusedError({ id: 'km2', code: 'KM-2' }, { id: 'km1', code: 'KM-1' }).message
 * // 'KM-2 cannot come before its prerequisite KM-1'
 */
export class MoveRefusedError extends PlannerInputError {
  override readonly kind = 'move-refused';
  /** Code of the module the order puts too early. */
  readonly module: string;
  readonly moduleId: string;
  /** Code of the prerequisite it would come before. */
  readonly prerequisite: string;
  readonly prerequisiteId: string;

  constructor(module: { id: string; code: string }, prerequisite: { id: string; code: string }) {
    super(`${module.code} cannot come before its prerequisite ${prerequisite.code}`);
    this.name = 'MoveRefusedError';
    this.module = module.code;
    this.moduleId = module.id;
    this.prerequisite = prerequisite.code;
    this.prerequisiteId = prerequisite.id;
  }
}
