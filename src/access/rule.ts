import type { Principal } from '../auth/principal.js';

/**
 * One access decision, as a pure function of who asks and plain facts about what they ask for. `who`
 * says it in words, for the OpenAPI description of every operation that declares the rule.
 */
export interface Rule<R> {
  readonly who: string;
  allows(principal: Principal, resource: R): boolean;
  /** Why the answer is no, for the 403. */
  denied(resource: R): string;
}

/**
 * Makes a rule.
 * @example const adminOnly = rule('an admin', (p) => p.role === 'admin', () => 'Only an admin may do this.');
 */
export function rule<R>(
  who: string,
  allows: (principal: Principal, resource: R) => boolean,
  denied: (resource: R) => string = () => `Only ${who} may do this.`,
): Rule<R> {
  return { who, allows, denied };
}

/** Anyone with a valid token. */
export const anyoneSignedIn = rule<unknown>('anyone signed in', () => true);

export const isAdmin = (p: Principal) => p.role === 'admin';
export const isOpleiderOf = (p: Principal, institutionId: string | undefined) =>
  p.role === 'opleider' && institutionId !== undefined && p.institution === institutionId;
export const isWerkgeverOf = (p: Principal, employerId: string | undefined) =>
  p.role === 'werkgever' && employerId !== undefined && p.employer === employerId;
export const isLearnerWithSubject = (p: Principal, subject: string | null | undefined) =>
  p.role === 'learner' && subject != null && p.sub === subject;
