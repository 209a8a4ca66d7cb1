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

/**
 * A competency framework: shared (kwalificatiedossiers, ESCO) when it has no institution, else an
 * instelling's own.
 */
export interface FrameworkTarget {
  institutionId: string | null;
}

const ownInstitution = (p: Principal, target: CatalogTarget) => target.institutionId ?? p.institution;
const ownEmployer = (p: Principal, target: EmployerTarget) => target.employerId ?? p.employer;

const institution = rule<CatalogTarget>(
  "an admin, or an opleider of the institution (the one named, or the opleider's own)",
  (p, target) => isAdmin(p) || isOpleiderOf(p, ownInstitution(p, target)),
  (target) =>
    target.institutionId === undefined
      ? "Only an admin or an opleider changes an institution's catalog."
      : `You may not change the catalog of institution '${target.institutionId}'.`,
);

/**
 * Who may write what in the catalog of instellingen and werkgevers.
 * @example guard(param('id', loadModuleFacts), catalogRules.institution)
 */
export const catalogRules = {
  adminOnly: rule<unknown>('an admin', isAdmin, () => 'Only an admin may do this.'),
  institution,
  /**
   * Changing a framework (adding its competencies): a shared one only an admin, an instelling's own also
   * its opleiders. When the write names no framework that exists, whoever may change some framework
   * passes, and the write itself is refused as invalid.
   */
  framework: rule<FrameworkTarget | undefined>(
    "an admin; for an instelling's own framework also an opleider of that instelling",
    (p, framework) =>
      framework === undefined
        ? institution.allows(p, {})
        : isAdmin(p) || (framework.institutionId !== null && isOpleiderOf(p, framework.institutionId)),
    (framework) =>
      framework === undefined
        ? 'Only an admin or an opleider changes a framework.'
        : framework.institutionId === null
          ? 'Only an admin changes a shared framework.'
          : `You may not change the catalog of institution '${framework.institutionId}'.`,
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
 * Whose module drafts a reader sees: those who may change a catalog see its work in progress (an admin
 * every instelling's, an opleider their own); everyone else reads the published versions only.
 */
export type DraftsSeen = 'every-institution' | { institutionId: string | undefined };

/**
 * The drafts a reader of the catalog sees.
 * @example draftsSeenBy({ role: 'opleider', institution: 'han', sub: 'x' }) // { institutionId: 'han' }
 * @example draftsSeenBy({ role: 'learner', sub: 'x' }) // { institutionId: undefined }: published only
 */
export function draftsSeenBy(p: Principal): DraftsSeen {
  if (isAdmin(p)) return 'every-institution';
  return { institutionId: p.role === 'opleider' ? p.institution : undefined };
}

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

/**
 * The institution a new framework belongs to, once its guard allowed the caller: an opleider's is always
 * their own, whatever the write names; an admin's is shared (null) unless the write names one.
 * @example frameworkInstitution({ role: 'opleider', institution: 'han', sub: 'x' }, 'loi') // 'han'
 * @example frameworkInstitution({ role: 'admin', sub: 'beheer' }, undefined) // null
 */
export function frameworkInstitution(p: Principal, requested: string | undefined): string | null {
  return isAdmin(p) ? (requested ?? null) : owningInstitution(p, undefined);
}

/**
 * The employer a write is for, once its guard allowed it: the one named, or else the werkgever's own.
 * @example owningEmployer({ role: 'werkgever', employer: 'ksu', sub: 'hr' }, undefined) // 'ksu'
 */
export function owningEmployer(p: Principal, requested: string | undefined): string {
  const id = requested ?? p.employer;
  if (id === undefined) throw fail.invalid('employerId', 'name the employer this belongs to');
  return id;
}
