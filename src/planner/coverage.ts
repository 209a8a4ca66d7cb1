import type {
  CoverageSource,
  CoveredCompetency,
  Evidence,
  PlannerModule,
  Priority,
  UncoveredCompetency,
} from './types.js';

export interface CoverageInput {
  /** Required competencies in the order the caller listed them. */
  required: ReadonlyMap<string, Priority>;
  /** Required competencies selection found no module for. */
  uncovered: readonly string[];
  /** Required competencies only removed modules teach (`adjustments.removed`). */
  uncoveredByRemoval?: readonly string[];
  /** First piece of held evidence per competency. */
  heldEvidence: ReadonlyMap<string, Evidence>;
  exempt: readonly { module: PlannerModule; evidence: Evidence }[];
  /** In route order, like `planned`. */
  completed: readonly PlannerModule[];
  planned: readonly PlannerModule[];
}

/**
 * Says for every required competency what covers it, or why nothing does. When several things cover it,
 * the one needing the least new work is named: held evidence, then an exemption, then a completed
 * module, then the first planned module in route order.
 *
 * @example
 * summarizeCoverage({ required: new Map([['bhv', 'essential']]), uncovered: [],
 *   heldEvidence: new Map([['bhv', bhvCertificate]]), exempt: [], completed: [], planned: [] })
 * // { covered: [{ competency: 'bhv', priority: 'essential', by: { kind: 'evidence', evidence: bhvCertificate } }], uncovered: [] }
 */
export function summarizeCoverage(input: CoverageInput): {
  covered: CoveredCompetency[];
  uncovered: UncoveredCompetency[];
} {
  const { required } = input;
  const firstSource = new Map<string, CoverageSource>();
  const note = (module: PlannerModule, source: CoverageSource) => {
    for (const c of module.competencies) {
      if (required.has(c) && !firstSource.has(c)) firstSource.set(c, source);
    }
  };
  for (const { module, evidence } of input.exempt)
    note(module, { kind: 'exemption', moduleId: module.id, evidence });
  for (const module of input.completed) note(module, { kind: 'module', moduleId: module.id });
  for (const module of input.planned) note(module, { kind: 'module', moduleId: module.id });

  const notTaught = new Set(input.uncovered);
  const removed = new Set(input.uncoveredByRemoval ?? []);
  const covered: CoveredCompetency[] = [];
  const uncovered: UncoveredCompetency[] = [];
  for (const [competency, priority] of required) {
    if (notTaught.has(competency)) {
      uncovered.push({ competency, priority, reason: 'not-taught-in-catalog' });
      continue;
    }
    if (removed.has(competency)) {
      uncovered.push({ competency, priority, reason: 'removed-by-opleider' });
      continue;
    }
    const evidence = input.heldEvidence.get(competency);
    const by = evidence ? { kind: 'evidence' as const, evidence } : firstSource.get(competency);
    // Selection covers every required competency it does not report as uncovered.
    if (!by) throw new Error(`planner invariant broken: '${competency}' neither covered nor uncovered`);
    covered.push({ competency, priority, by });
  }
  return { covered, uncovered };
}
