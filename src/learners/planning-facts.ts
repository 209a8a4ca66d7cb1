import type { Deps } from '../kernel/ports.js';
import type { AdmissionFacts } from './admission.js';
import type { HeldCompetency } from './held-competencies.js';
import { accommodationsOf, admissionFacts, heldCompetencies } from './store.js';

/** What the planner and admission read of a learner. */
export interface PlanningFacts {
  /** Competencies held through verified evidence, each naming its evidence. */
  held: HeldCompetency[];
  /** The accommodations of their profile. */
  accommodations: string[];
  /** Diploma levels and the tested werk- en denkniveau. */
  admission: AdmissionFacts;
}

/**
 * Everything planning reads of a learner, for one plan. A 404 for an unknown learner.
 * @example const { held, accommodations, admission } = await loadPlanningFacts(deps, learnerId);
 */
export async function loadPlanningFacts(deps: Pick<Deps, 'db'>, learnerId: string): Promise<PlanningFacts> {
  // TRANSITION: loads the learner three times; to be loaded once.
  const [held, accommodations, admission] = await Promise.all([
    heldCompetencies(deps as never, learnerId),
    accommodationsOf(deps as never, learnerId),
    admissionFacts(deps as never, learnerId),
  ]);
  return { held, accommodations, admission };
}
