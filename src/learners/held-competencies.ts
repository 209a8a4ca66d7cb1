import type { EvidenceItem } from '../../schemas/learners.js';

/** A competency the learner can already demonstrate, with the evidence that shows it. */
export interface HeldCompetency {
  competency: string;
  evidence: { kind: string; id: string; description: string };
}

/**
 * How an evidence item is named where it is cited, e.g. in a route's exemption.
 * @example describeEvidence(bhv) // 'BHV-certificaat (KLM, 2025-04-10, verified by roc-rivor)'
 */
export function describeEvidence(item: EvidenceItem): string {
  const verified = item.verifiedBy === undefined ? '' : `, verified by ${item.verifiedBy.institution}`;
  return `${item.title} (${item.issuer}, ${item.issuedOn}${verified})`;
}

/**
 * The competencies proven by verified evidence items; unverified ones do not count. A competency
 * proven twice is listed once, with the first evidence (in the order given).
 * @example toHeldCompetencies([bhv]) // [{ competency: '.../bhv', evidence: { kind: 'certificate', ... } }]
 */
export function toHeldCompetencies(items: readonly EvidenceItem[]): HeldCompetency[] {
  const held = new Map<string, HeldCompetency>();
  for (const item of items) {
    if (!item.verified) continue;
    for (const competency of item.competencies)
      if (!held.has(competency))
        held.set(competency, {
          competency,
          evidence: { kind: item.kind, id: item.id, description: describeEvidence(item) },
        });
  }
  return [...held.values()];
}
