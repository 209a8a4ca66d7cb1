import { z } from '@hono/zod-openapi';
import moduleCredentialSchema from './credentials/module-credential.schema.json';

/** The JSON Schemas we publish at `/schemas/{name}`, referenced by `credentialSchema`. */
export const PUBLISHED_SCHEMAS: Readonly<Record<string, object>> = {
  'module-credential.schema.json': moduleCredentialSchema,
};

/** A JSON-LD document: an object; its meaning is checked by the JSON-LD processor, not here. */
const JsonLdObject = z
  .record(z.string(), z.unknown())
  .refine((v) => '@context' in v, { message: "'@context' is required" })
  .openapi({ type: 'object', additionalProperties: true });

export const IssueRequest = z
  .object({
    credential: JsonLdObject.openapi({ description: 'The unsigned credential; `issuer` is your did:web' }),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('IssueCredentialRequest');

export const VerifiableCredential = z
  .record(z.string(), z.unknown())
  .openapi('VerifiableCredential', { type: 'object', additionalProperties: true });

export const IssueResponse = z
  .object({ verifiableCredential: VerifiableCredential })
  .openapi('IssueCredentialResponse');

export const VerifyRequest = z
  .object({
    verifiableCredential: VerifiableCredential,
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('VerifyCredentialRequest');

export const VerificationCheck = z
  .object({
    check: z.enum(['signature', 'issuer', 'validity-period', 'schema', 'status']),
    ok: z.boolean(),
    message: z.string().optional(),
  })
  .openapi('VerificationCheck');

export const VerifyResponse = z
  .object({ verified: z.literal(true), checks: z.array(VerificationCheck) })
  .openapi('VerifyCredentialResponse');

export const InstitutionSlugParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'han' }),
});

export const SchemaNameParam = z.object({
  name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: 'module-credential.schema.json' }),
});

export const DidDocument = z
  .object({
    '@context': z.array(z.string()),
    id: z.string(),
    verificationMethod: z.array(
      z.object({ id: z.string(), type: z.string(), controller: z.string(), publicKeyMultibase: z.string() }),
    ),
    assertionMethod: z.array(z.string()),
  })
  .openapi('DidDocument');

export const IssuerKey = z
  .object({
    keyId: z.string(),
    publicKeyMultibase: z.string(),
    createdAt: z.string(),
    retiredAt: z.string().nullable(),
  })
  .openapi('IssuerKey');
