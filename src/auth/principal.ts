import { z } from '@hono/zod-openapi';
import { Slug } from '../../schemas/common.js';
import { ProblemError } from '../http/problem.js';

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

/** A 401: no token, or one that does not verify. */
export const unauthenticated = (detail: string) => new ProblemError(401, 'Unauthenticated', detail);

// TRANSITION: role checks that move to src/access as rules declared on routes. Delete once unused.
import { problems } from '../http/problem.js';

export function assertInstitutionAccess(principal: Principal, institutionId: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'opleider' && principal.institution === institutionId) return;
  throw problems.forbidden(`You may not change the catalog of institution '${institutionId}'.`);
}
export function assertEmployerAccess(principal: Principal, employerId: string): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'werkgever' && principal.employer === employerId) return;
  throw problems.forbidden(`You may not change employer '${employerId}'.`);
}
export function assertAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw problems.forbidden('Only an admin may do this.');
}
export function owningInstitution(principal: Principal, requested: string | undefined): string {
  if (principal.role !== 'admin' && principal.role !== 'opleider')
    throw problems.forbidden("Only an admin or an opleider changes an institution's catalog.");
  const id = requested ?? principal.institution;
  if (id === undefined) throw problems.invalid('body.institutionId', 'name the institution this belongs to');
  assertInstitutionAccess(principal, id);
  return id;
}
export function owningEmployer(principal: Principal, requested: string | undefined): string {
  if (principal.role !== 'admin' && principal.role !== 'werkgever')
    throw problems.forbidden('Only an admin or a werkgever describes an employer.');
  const id = requested ?? principal.employer;
  if (id === undefined) throw problems.invalid('body.employerId', 'name the employer this belongs to');
  assertEmployerAccess(principal, id);
  return id;
}
