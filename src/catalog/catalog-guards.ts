import { catalogRules } from '../access/index.js';
import { body, type Guard, guard, nothing, param, text } from '../http/guard.js';
import type { DbDeps } from '../kernel/ports.js';

/**
 * Registering an instelling or a werkgever: an admin only.
 * @example access: { create: adminOnly, update: ofInstitution(loadInstitutionFacts) }
 */
export const adminOnly: Guard = guard(nothing, catalogRules.adminOnly);

/**
 * Creating something in an instelling's catalog: an admin, or an opleider of the instelling the body
 * names (their own when it names none).
 * @example access: { create: forNamedInstitution, update: ofInstitution(loadModuleFacts) }
 */
export const forNamedInstitution: Guard = guard(
  body((b) => ({ institutionId: text(b.institutionId) })),
  catalogRules.institution,
);

/**
 * Creating something of an employer: an admin, or a werkgever of the employer the body names (their own
 * when it names none).
 * @example access: { create: forNamedEmployer, update: ofEmployer(loadRoleFacts) }
 */
export const forNamedEmployer: Guard = guard(
  body((b) => ({ employerId: text(b.employerId) })),
  catalogRules.employer,
);

/**
 * Changing a row of an instelling's catalog named by the path `{id}`: an admin, or an opleider of the
 * instelling it belongs to. `load` answers 404 for a row that does not exist.
 * @example createRoute(secured(ofInstitution(loadModuleFacts), { method: 'post', path: '/modules/{id}/publish', … }))
 */
export const ofInstitution = (
  load: (deps: DbDeps, id: string) => Promise<{ institutionId: string }>,
): Guard => guard(param('id', load), catalogRules.institution);

/**
 * Changing a row of an employer named by the path `{id}`: an admin, or a werkgever of its employer.
 * `load` answers 404 for a row that does not exist.
 * @example access: { create: forNamedEmployer, update: ofEmployer(loadAssessorFacts) }
 */
export const ofEmployer = (load: (deps: DbDeps, id: string) => Promise<{ employerId: string }>): Guard =>
  guard(param('id', load), catalogRules.employer);
