import { z } from '@hono/zod-openapi';

/** RFC 9457 problem details, as every failing request answers. */
export const Problem = z
  .object({
    type: z.string().openapi({ example: '/problems/validation' }),
    title: z.string().openapi({ example: 'The request is not valid' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: 'studyLoad.hours' }), message: z.string() }))
      .optional(),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof Problem>;
