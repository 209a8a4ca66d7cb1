import type { GrantScope } from '../../schemas/learners.js';
import type { Principal } from '../auth/principal.js';
import { isLearnerWithSubject, rule } from './rule.js';

/** A grant that gives access today (not withdrawn, not past its `until` day). */
export interface ActiveGrant {
  granteeKind: 'institution' | 'employer';
  granteeId: string;
  scope: readonly GrantScope[];
}

/** What access to a learner's data depends on: who they are, and whom they granted what. */
export interface LearnerFacts {
  id: string;
  /** Their token subject. */
  subject: string | null;
  grants: readonly ActiveGrant[];
}

/** The institution or employer a principal reads for, if their role reads on behalf of one. */
export function granteeOf(p: Principal): { kind: ActiveGrant['granteeKind']; id: string } | undefined {
  if (p.role === 'opleider' && p.institution !== undefined) return { kind: 'institution', id: p.institution };
  if ((p.role === 'werkgever' || p.role === 'praktijkopleider') && p.employer !== undefined)
    return { kind: 'employer', id: p.employer };
  return undefined;
}

/**
 * How a principal reaches a learner's data: as the learner, through an active grant to their
 * institution or employer covering `scope` (any scope when absent), or not at all. Admins get no
 * access: nobody sees a learner's data without the learner's grant.
 * @example learnerAccess({ sub: 'x', role: 'opleider', institution: 'han' }, learner, 'profile') // 'grantee' when han was granted the profile
 */
export function learnerAccess(
  p: Principal,
  learner: LearnerFacts,
  scope?: GrantScope,
): 'self' | 'grantee' | undefined {
  if (isLearnerWithSubject(p, learner.subject)) return 'self';
  const grantee = granteeOf(p);
  if (!grantee) return undefined;
  const covered = learner.grants.some(
    (g) =>
      g.granteeKind === grantee.kind &&
      g.granteeId === grantee.id &&
      (scope === undefined || g.scope.includes(scope)),
  );
  return covered ? 'grantee' : undefined;
}

/** An opleider of an institution the learner granted their evidence: the one who may verify it. */
export const isEvidenceVerifier = (p: Principal, learner: LearnerFacts) =>
  p.role === 'opleider' && learnerAccess(p, learner, 'evidence') === 'grantee';

/**
 * The institution in whose name a principal verifies the learner's evidence, if they may: the
 * opleider's own, once the learner granted it their evidence.
 * @example verifyingInstitution({ sub: 'ans', role: 'opleider', institution: 'han' }, learner) // 'han' when han was granted the evidence
 */
export const verifyingInstitution = (p: Principal, learner: LearnerFacts): string | undefined =>
  isEvidenceVerifier(p, learner) ? p.institution : undefined;

/**
 * Who an evidence item is recorded as added by: the institution of an opleider who may verify it, or
 * else the learner (the only other one who may add evidence).
 * @example evidenceAddedBy({ sub: 'willem', role: 'learner' }, learner) // { kind: 'learner' }
 */
export function evidenceAddedBy(
  p: Principal,
  learner: LearnerFacts,
): { kind: 'institution'; id: string } | { kind: 'learner' } {
  const institution = verifyingInstitution(p, learner);
  return institution === undefined ? { kind: 'learner' } : { kind: 'institution', id: institution };
}

/**
 * Which learners a principal may list: a learner themselves (by their subject), an opleider,
 * werkgever or praktijkopleider those who granted their institution or employer, anyone else none
 * (admins included).
 * @example listableLearners({ sub: 'hr', role: 'werkgever', employer: 'ksu' }) // { by: 'grantee', granteeKind: 'employer', granteeId: 'ksu' }
 */
export function listableLearners(
  p: Principal,
):
  | { by: 'subject'; subject: string }
  | { by: 'grantee'; granteeKind: ActiveGrant['granteeKind']; granteeId: string }
  | { by: 'none' } {
  if (p.role === 'learner') return { by: 'subject', subject: p.sub };
  const grantee = granteeOf(p);
  return grantee ? { by: 'grantee', granteeKind: grantee.kind, granteeId: grantee.id } : { by: 'none' };
}

/**
 * How a principal registers a learner: a learner registers themselves ('self'), an opleider or an
 * admin registers someone on intake ('intake', naming their subject); nobody else registers.
 * @example registrationBy({ sub: 'ans', role: 'opleider', institution: 'han' }) // 'intake'
 */
export function registrationBy(p: Principal): 'self' | 'intake' | undefined {
  if (p.role === 'learner') return 'self';
  if (p.role === 'opleider' || p.role === 'admin') return 'intake';
  return undefined;
}

const granted = (scope: GrantScope | undefined, who: string) =>
  rule<LearnerFacts>(
    who,
    (p, learner) => learnerAccess(p, learner, scope) !== undefined,
    (learner) =>
      `Learner '${learner.id}' has not granted you access${scope === undefined ? '' : ` to their ${scope}`}.`,
  );

const self = rule<LearnerFacts>(
  'the learner themselves',
  (p, learner) => isLearnerWithSubject(p, learner.subject),
  (learner) => `Only learner '${learner.id}' may do this.`,
);

/** Who may do what with a learner's data (rule 8, eigen regie). */
export const learnerRules = {
  read: granted(undefined, 'the learner, or an opleider, werkgever or praktijkopleider they granted access'),
  readProfile: granted(
    'profile',
    'the learner, or an opleider, werkgever or praktijkopleider they granted their profile',
  ),
  readEvidence: granted(
    'evidence',
    'the learner, or an opleider, werkgever or praktijkopleider they granted their evidence',
  ),
  addEvidence: rule<LearnerFacts>(
    'the learner, or an opleider of an institution they granted their evidence',
    (p, learner) => isLearnerWithSubject(p, learner.subject) || isEvidenceVerifier(p, learner),
    (learner) =>
      `Only learner '${learner.id}' or an opleider of an institution they granted may add evidence.`,
  ),
  verifyEvidence: rule<LearnerFacts>(
    'an opleider of an institution the learner granted their evidence',
    isEvidenceVerifier,
    () => 'Only an opleider of an institution the learner granted verifies evidence.',
  ),
  own: self,
  register: rule<unknown>(
    'a learner (registering themselves), an opleider or an admin (registering a learner on intake)',
    (p) => registrationBy(p) !== undefined,
    () => 'Only a learner, an opleider or an admin registers a learner.',
  ),
};
