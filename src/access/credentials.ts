import { isAdmin, isLearnerWithSubject, isOpleiderOf, rule } from './rule.js';

/** What access to an issued credential depends on. */
export interface CredentialFacts {
  id: string;
  /** The issuing instelling. */
  institutionId: string;
  /** The token subject of the learner it was issued to, if any (null once they erased themselves). */
  holderSubject: string | null;
}

/** Who may do what with issued credentials. */
export const credentialRules = {
  read: rule<CredentialFacts>(
    'the learner it was issued to, or an opleider of the issuing instelling',
    (p, vc) => isLearnerWithSubject(p, vc.holderSubject) || isOpleiderOf(p, vc.institutionId),
    (vc) => `Credential '${vc.id}' is not yours to see.`,
  ),
  /** Making and withdrawing public links to a credential: only the learner it was issued to. */
  share: rule<CredentialFacts>(
    'the learner it was issued to',
    (p, vc) => isLearnerWithSubject(p, vc.holderSubject),
    (vc) => `Only the learner credential '${vc.id}' was issued to shares it.`,
  ),
  changeStatus: rule<CredentialFacts>(
    'an admin or an opleider of the issuing instelling',
    (p, vc) => isAdmin(p) || isOpleiderOf(p, vc.institutionId),
    (vc) => `Only an admin or an opleider of '${vc.institutionId}' changes the status of its credentials.`,
  ),
  /** Issuing as an instelling, or rotating its keys: an admin or an opleider of that instelling. */
  issueAs: rule<{ institutionId?: string | undefined }>(
    'an admin or an opleider of the issuing instelling',
    (p, target) =>
      isAdmin(p) ||
      (target.institutionId === undefined ? p.role === 'opleider' : isOpleiderOf(p, target.institutionId)),
    (target) => `You may not issue or manage keys as institution '${target.institutionId}'.`,
  ),
};
