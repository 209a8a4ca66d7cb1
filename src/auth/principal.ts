import { z } from '@hono/zod-openapi';
import { Slug } from '../../schemas/common.js';

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

/** No token, or one that does not verify: answered 401, as bearer-token authentication (RFC 6750) says. */
export class Unauthenticated extends Error {
  readonly status = 401;
}

/**
 * The refusal of a request without a valid token.
 * @example throw unauthenticated('Send a bearer token in the Authorization header.')
 */
export const unauthenticated = (detail: string) => new Unauthenticated(detail);
