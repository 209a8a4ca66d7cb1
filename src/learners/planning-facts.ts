import type { Deps } from '../kernel/ports.js';
import type { AdmissionFacts } from './admission.js';
import { evidenceOf } from './evidence.js';
import { type HeldCompetency, toHeldCompetencies } from './held-competencies.js';
import { loadLearner } from './learner.js';
import { findProfile, profileContent } from './profile.js';

/** What the planner and admission read of a learner. */
export interface PlanningFacts {
  /** Competencies held through verified evidence, each naming its evidence. */
  held: HeldCompetency[];
  /** The accommodations of their profile (none without a profile). */
  accommodations: string[];
  /** Diploma levels and the tested werk- en denkniveau. */
  admission: AdmissionFacts;
}

/**
 * Everything planning reads of a learner, for one plan: the learner, their profile and their evidence
 * are each read once. A werk- en denkniveau counts as tested only with evidence; a diploma counts with
 * its level. A 404 for a learner that does not exist or erased themselves.
 * @example const { held, accommodations, admission } = await loadPlanningFacts(deps, learnerId);
 */
export async function loadPlanningFacts(deps: Pick<Deps, 'db'>, learnerId: string): Promise<PlanningFacts> {
  const [, profileRow, evidence] = await Promise.all([
    loadLearner(deps, learnerId),
    findProfile(deps, learnerId),
    evidenceOf(deps, learnerId),
  ]);
  const profile = profileRow ? profileContent(profileRow) : undefined;
  const tested = profile?.werkEnDenkniveau;
  return {
    held: toHeldCompetencies(evidence),
    accommodations: profile?.accommodations ?? [],
    admission: {
      diplomaLevels: evidence.flatMap((item) =>
        item.kind === 'diploma' && item.level !== undefined ? [item.level.name] : [],
      ),
      ...(tested !== undefined && tested.evidence.length > 0
        ? { testedLevel: { level: tested.level, evidence: tested.evidence } }
        : {}),
    },
  };
}
