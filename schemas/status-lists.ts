import { z } from '@hono/zod-openapi';

export const StatusListIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
});

export const CredentialIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e' }),
});

export const BitstringStatusListCredential = z
  .record(z.string(), z.unknown())
  .openapi('BitstringStatusListCredential', {
    type: 'object',
    additionalProperties: true,
    description:
      'A W3C BitstringStatusListCredential (VC Data Model 2.0) signed by the instelling (eddsa-rdfc-2022); ' +
      '`credentialSubject.encodedList` is the GZIP-compressed bitstring, multibase base64url (`u…`).',
  });

const Reason = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .openapi({ example: 'Beoordeling bleek niet door de praktijkopleider gedaan.' });

export const StatusChangeRequest = z.object({ reason: Reason }).openapi('CredentialStatusChangeRequest');

export const CredentialStatusView = z
  .object({
    credentialId: z.string(),
    status: z.enum(['active', 'revoked', 'suspended']),
    revokedAt: z.string().optional(),
    suspendedAt: z.string().optional(),
    copies: z.array(z.string()).optional().openapi({
      description:
        'The copies wallets picked up of this credential: each follows the change under its own status entry.',
    }),
  })
  .openapi('CredentialStatus');

const StatusEntryRef = z.object({
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.enum(['revocation', 'suspension']).optional(),
  id: z.string().optional(),
  statusListIndex: z.string().optional(),
  statusListCredential: z.string().optional(),
});

/**
 * VC-API "update status" (`POST /credentials/status`). Two shapes are accepted:
 * - the current VC-API `UpdateCredentialStatusRequest`: one `credentialStatus` entry naming the
 *   `statusPurpose`, and `status: true` (set: revoke / suspend) or `false` (clear: reinstate);
 * - the earlier array shape: `credentialStatus: [{ type, status: 'revoked' | 'suspended' | 'active' }]`.
 */
export const UpdateCredentialStatusRequest = z
  .object({
    credentialId: z.string().min(1).max(200),
    credentialStatus: z.union([
      StatusEntryRef.extend({ statusPurpose: z.enum(['revocation', 'suspension']) }),
      z
        .array(StatusEntryRef.extend({ status: z.enum(['revoked', 'suspended', 'active']) }))
        .length(1, 'name exactly one status change'),
    ]),
    status: z.boolean().optional(),
    reason: Reason.optional(),
  })
  .openapi('UpdateCredentialStatusRequest', {
    example: {
      credentialId: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
      status: true,
      reason: 'Beoordeling bleek niet door de praktijkopleider gedaan.',
    },
  });
