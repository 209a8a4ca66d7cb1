import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.js';
import { VerifiableCredential } from './credentials.js';

/** A public link to one credential, made by the learner it was issued to. */
export const CredentialShare = z
  .object({
    id: z.string().openapi({ description: 'The unguessable part of the link.' }),
    credentialId: z.string(),
    url: z.url().openapi({ description: 'The public verification page anyone with the link opens.' }),
    createdAt: Timestamp,
    withdrawnAt: Timestamp.optional().openapi({ description: 'From then on the link answers 404.' }),
  })
  .openapi('CredentialShare');
export type CredentialShare = z.infer<typeof CredentialShare>;

export const CredentialShareList = z
  .object({ items: z.array(CredentialShare) })
  .openapi('CredentialShareList');

export const ShareParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e' }),
  shareId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'shareId', in: 'path' } }),
});

export const SharedCredentialParam = z.object({
  shareId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'shareId', in: 'path' } }),
});

/** What a share link shows anyone: the credential as it was issued, and when it was shared. */
export const SharedCredential = z
  .object({ verifiableCredential: VerifiableCredential, sharedAt: Timestamp })
  .openapi('SharedCredential');
