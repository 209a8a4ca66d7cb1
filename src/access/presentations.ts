import { isLearnerWithSubject, isOpleiderOf, rule } from './rule.js';

/** What answering an instelling's presentation request depends on: whose it is. */
export interface PresentationRequestFacts {
  id: string;
  institutionId: string;
  /** The token subject of the learner it was issued for; null once they erased themselves. */
  learnerSubject: string | null;
}

/** Who may answer a presentation request: only the learner it was issued for presents as themselves. */
export const presentationRules = {
  answer: rule<PresentationRequestFacts>(
    'the learner the request was issued for',
    (p, request) => isLearnerWithSubject(p, request.learnerSubject),
    (request) => `Presentation request '${request.id}' is answered only by the learner it was issued for.`,
  ),
};

/**
 * Who reads an instelling's audit trail: its own opleiders (an admin has no part in what an instelling
 * decides, as with its recognitions).
 */
export const institutionAuditRule = rule<{ institutionId: string }>(
  'an opleider of the instelling',
  (p, target) => isOpleiderOf(p, target.institutionId),
  (target) => `Only an opleider of '${target.institutionId}' reads its audit trail.`,
);
