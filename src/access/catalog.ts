import type { Principal } from '../auth/principal.js';
import { fail } from '../kernel/errors.js';
import { isAdmin, isOpleiderOf, isWerkgeverOf, rule } from './rule.js';

/**
 * The institution a catalog write is for: the one it names or belongs to, or (when it names none) the
 * opleider's own.
 */
export interface CatalogTarget {
  institutionId?: string | undefined;
}

/** The employer a write is for: the one it names or belongs to, or the werkgever's own. */
export interface EmployerTarget {
  employerId?: string | undefined;
}

const ownInstitution = (p: Principal, target: CatalogTarget) => target.institutionId ?? p.institution;
const ownEmployer = (p: Principal, target: EmployerTarget) => target.employerId ?? p.employer;

/** Who may write what in the catalog of instellingen and werkgevers. */
export const catalogRules = {
  adminOnly: rule<unknown>('an admin', isAdmin, () => 'Only an admin may do this.'),
  institution: rule<CatalogTarget>(
    "an admin, or an opleider of the institution (the one named, or the opleider's own)",
    (p, target) => isAdmin(p) || isOpleiderOf(p, ownInstitution(p, target)),
    (target) =>
      target.institutionId === undefined
        ? "Only an admin or an opleider changes an institution's catalog."
        : `You may not change the catalog of institution '${target.institutionId}'.`,
  ),
  employer: rule<EmployerTarget>(
    "an admin, or a werkgever of the employer (the one named, or the werkgever's own)",
    (p, target) => isAdmin(p) || isWerkgeverOf(p, ownEmployer(p, target)),
    (target) =>
      target.employerId === undefined
        ? 'Only an admin or a werkgever describes an employer.'
        : `You may not change employer '${target.employerId}'.`,
  ),
  /** Only an opleider of the instelling itself decides whom it trusts (never an admin). */
  recognitions: rule<CatalogTarget>(
    'an opleider of the instelling',
    (p, target) => isOpleiderOf(p, target.institutionId),
    (target) => `Only an opleider of '${target.institutionId}' decides whom it recognises.`,
  ),
  /** Awarding a qualification: an opleider of its awarding instelling. */
  award: rule<CatalogTarget>(
    'an opleider of the awarding instelling',
    (p, target) => isOpleiderOf(p, target.institutionId),
    (target) => `Only an opleider of '${target.institutionId}' awards this qualification.`,
  ),
};

/**
 * The institution a catalog write is for, once its guard allowed it: the one named, or else the
 * opleider's own.
 * @example owningInstitution({ role: 'opleider', institution: 'han', sub: 'x' }, undefined) // 'han'
 */
export function owningInstitution(p: Principal, requested: string | undefined): string {
  const id = requested ?? p.institution;
  if (id === undefined) throw fail.invalid('institutionId', 'name the institution this belongs to');
  return id;
}

/** The employer a write is for, once its guard allowed it: the one named, or else the werkgever's own. */
export function owningEmployer(p: Principal, requested: string | undefined): string {
  const id = requested ?? p.employer;
  if (id === undefined) throw fail.invalid('employerId', 'name the employer this belongs to');
  return id;
}
