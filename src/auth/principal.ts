import { z } from '@hono/zod-openapi';
import { Slug } from '../../schemas/common.js';
import { ProblemError, problems } from '../http/problem.js';

export const ROLES = ['admin', 'opleider', 'praktijkopleider', 'werkgever', 'learner'] as const;

/** The claims Loopbrug reads from a bearer token; the tenant is an institution or an employer. */
export const Claims = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    institution: Slug.optional(),
    employer: Slug.optional(),
  })
  .refine(
    (c) => c.role !== 'opleider' || c.institution !== undefined,
    'an opleider token names its institution',
  )
  .refine(
    (c) => !['werkgever', 'praktijkopleider'].includes(c.role) || c.employer !== undefined,
    'a werkgever or praktijkopleider token names its employer',
  );
export type Principal = z.infer<typeof Claims>;

/**
 * Who may write an institution's catalog: an admin, or an opleider of that institution.
 * @example assertInstitutionAccess({ sub: 'x', role: 'opleider', institution: 'han' }, 'loi') // throws 403
 */
export function assertInstitutionAccess(principal: Principal, institutionId: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'opleider' && principal.institution === institutionId) return;
  throw problems.forbidden(`You may not change the catalog of institution '${institutionId}'.`);
}

/** Who may describe an employer's roles and assessors: an admin, or a werkgever of that employer. */
export function assertEmployerAccess(principal: Principal, employerId: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'werkgever' && principal.employer === employerId) return;
  throw problems.forbidden(`You may not change employer '${employerId}'.`);
}

/** Only an admin may do this (e.g. register a new institution or employer). */
export function assertAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw problems.forbidden('Only an admin may do this.');
}

/**
 * The institution a write is for: the one named in the body, or else the opleider's own.
 * @example owningInstitution({ role: 'opleider', institution: 'han', sub: 'x' }, undefined) // 'han'
 */
export function owningInstitution(principal: Principal, requested: string | undefined): string {
  if (principal.role !== 'admin' && principal.role !== 'opleider')
    throw problems.forbidden("Only an admin or an opleider changes an institution's catalog.");
  const id = requested ?? principal.institution;
  if (id === undefined) throw problems.invalid('body.institutionId', 'name the institution this belongs to');
  assertInstitutionAccess(principal, id);
  return id;
}

/** The employer a write is for: the one named in the body, or else the werkgever's own. */
export function owningEmployer(principal: Principal, requested: string | undefined): string {
  if (principal.role !== 'admin' && principal.role !== 'werkgever')
    throw problems.forbidden('Only an admin or a werkgever describes an employer.');
  const id = requested ?? principal.employer;
  if (id === undefined) throw problems.invalid('body.employerId', 'name the employer this belongs to');
  assertEmployerAccess(principal, id);
  return id;
}

export const unauthenticated = (detail: string) => new ProblemError(401, 'Unauthenticated', detail);
