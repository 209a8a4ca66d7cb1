/**
 * Errors for input the planner cannot make sense of. Everything else (uncovered competencies, modules
 * without start moments) is reported in the route, never thrown.
 */
export class PlannerInputError extends Error {
  readonly kind: 'invalid-input' | 'prerequisite-cycle' = 'invalid-input';

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
