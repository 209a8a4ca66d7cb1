import { z } from '@hono/zod-openapi';

export const IssuanceJobIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
});

export const IssuanceJobView = z
  .object({
    id: z.string(),
    kind: z.enum(['owed-credentials']),
    state: z.enum(['running', 'done']),
    total: z.number().int().openapi({ description: 'Credentials owed when the job began' }),
    done: z.number().int().openapi({ description: 'Credentials issued so far' }),
    failed: z.number().int().openapi({ description: 'Credentials owed by routes that failed' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    failures: z.array(z.object({ routeId: z.string(), error: z.string() })),
  })
  .openapi('IssuanceJob');

export const IssuanceJobList = z.object({ items: z.array(IssuanceJobView) }).openapi('IssuanceJobList');
