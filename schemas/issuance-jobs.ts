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

export const ReissueJobParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'han' }),
  jobId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'jobId', in: 'path' }, example: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
});

export const ReissueRequest = z
  .object({
    keys: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .optional()
      .openapi({
        description:
          "The retired keys (publicKeyMultibase) whose proofs to replace; every retired key of the instelling's when absent",
        example: ['z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
      }),
  })
  .strict()
  .openapi('ReissueRequest');

export const ReissueJobView = z
  .object({
    id: z.string(),
    kind: z.enum(['reissue']),
    institutionId: z.string(),
    keys: z.array(z.string()).openapi({ description: 'The retired keys whose proofs the job replaces' }),
    state: z.enum(['running', 'done']),
    total: z.number().int().openapi({ description: 'Credentials to reissue when the job began' }),
    done: z.number().int().openapi({ description: 'Credentials reissued so far' }),
    failed: z.number().int().openapi({ description: 'Credentials that failed (a new job tries them again)' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    failures: z.array(z.object({ credentialId: z.string(), error: z.string() })),
  })
  .openapi('ReissueJob');

export const ReissueJobList = z.object({ items: z.array(ReissueJobView) }).openapi('ReissueJobList');
