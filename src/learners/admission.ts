import { EDUCATION_LEVELS, type EducationLevel } from '../../schemas/common.js';

/** What a programme asks: its entry level, and whether that level is a hard legal minimum. */
export interface AdmissionRequirement {
  entryLevel: EducationLevel;
  legalMinimum: boolean;
}

/** How a tested werk- en denkniveau was established (a cognitive test, an assessment, ...). */
export interface LevelEvidence {
  kind: string;
  description: string;
  date: string;
}

/**
 * A diploma that counts for admission: verified, never typed in by the learner alone (an evidence item
 * an opleider verified, or an award a verified credential certifies). `evidence` names it.
 */
export interface VerifiedDiploma {
  level: EducationLevel;
  evidence: string;
}

/** What the learner's profile and verified evidence say about their level. */
export interface AdmissionFacts {
  diplomas: VerifiedDiploma[];
  testedLevel?: { level: EducationLevel; evidence: LevelEvidence[] };
}

/** A recorded decision to admit below the rules, by someone who answers for it. */
export interface AdmissionOverride {
  reason: string;
  by: string;
}

export interface AdmissionDecision {
  admitted: boolean;
  basis: 'diploma' | 'tested-level' | 'override' | 'none';
  explanation: string;
}

const nlqf = (level: EducationLevel) => EDUCATION_LEVELS[level];
const shown = (level: EducationLevel) => `${level} (NLQF ${nlqf(level)})`;

function highest(diplomas: readonly VerifiedDiploma[]): VerifiedDiploma | undefined {
  let best: VerifiedDiploma | undefined;
  for (const diploma of diplomas)
    if (best === undefined || nlqf(diploma.level) > nlqf(best.level)) best = diploma;
  return best;
}

/**
 * Admission on the profile, not only diplomas (rule 1): a verified diploma at or above the entry level
 * admits; otherwise a werk- en denkniveau proven by evidence at or above it admits, unless the entry
 * level is a legal minimum (then only a verified diploma does); otherwise only an override with a
 * reason admits. Pure: no database, no clock.
 * @example checkAdmission({ entryLevel: 'mbo-4', legalMinimum: false },
 *   { diplomas: [{ level: 'mbo-2', evidence: 'Diploma Helpende (ROC Nijmegen)' }], testedLevel: { level: 'mbo-4', evidence: [test] } })
 *   // { admitted: true, basis: 'tested-level', explanation: '...' }
 */
export function checkAdmission(
  requirement: AdmissionRequirement,
  facts: AdmissionFacts,
  override?: AdmissionOverride,
): AdmissionDecision {
  const entry = requirement.entryLevel;
  const needed = nlqf(entry);
  const best = highest(facts.diplomas);
  if (best !== undefined && nlqf(best.level) >= needed)
    return {
      admitted: true,
      basis: 'diploma',
      explanation: `A diploma at ${shown(best.level)}, ${best.evidence}, meets the entry level ${shown(entry)}.`,
    };
  const diploma = best?.level;

  const tested = facts.testedLevel;
  const proven = tested !== undefined && tested.evidence.length > 0;
  if (proven && !requirement.legalMinimum && nlqf(tested.level) >= needed)
    return {
      admitted: true,
      basis: 'tested-level',
      explanation:
        `The werk- en denkniveau ${shown(tested.level)}, shown by ` +
        `${tested.evidence.map((e) => `${e.kind} (${e.date})`).join(', ')}, meets the entry level ` +
        `${shown(entry)}${diploma === undefined ? '' : `, above the diploma at ${shown(diploma)}`}.`,
    };

  const shortfall = [
    diploma === undefined ? 'no diploma with a level' : `the highest diploma is ${shown(diploma)}`,
    requirement.legalMinimum
      ? `${shown(entry)} is a legal minimum, which only a verified diploma meets`
      : !proven
        ? 'no werk- en denkniveau proven by evidence'
        : `the proven werk- en denkniveau is ${shown(tested.level)}`,
  ].join('; ');
  const reason = override?.reason.trim() ?? '';
  if (override !== undefined && reason.length > 0)
    return {
      admitted: true,
      basis: 'override',
      explanation: `Admitted to ${shown(entry)} by override of ${override.by}: ${reason} (${shortfall}).`,
    };
  return {
    admitted: false,
    basis: 'none',
    explanation: `Not admitted to ${shown(entry)}: ${shortfall}.`,
  };
}
