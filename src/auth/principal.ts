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
