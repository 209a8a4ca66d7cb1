import { z } from '@hono/zod-openapi';
import clrCredentialSchema from './credentials/clr-credential.schema.json';
import moduleCredentialSchema from './credentials/module-credential.schema.json';

/** The JSON Schemas we publish at `/schemas/{name}`, referenced by `credentialSchema`. */
export const PUBLISHED_SCHEMAS: Readonly<Record<string, object>> = {
  'module-credential.schema.json': moduleCredentialSchema,
  'clr-credential.schema.json': clrCredentialSchema,
};

/** A JSON-LD document: an object; its meaning is checked by the JSON-LD processor, not here. */
const JsonLdObject = z
  .record(z.string(), z.unknown())
  .refine((v) => '@context' in v, { message: "'@context' is required" })
  .openapi({ type: 'object', additionalProperties: true });

export const IssueRequest = z
  .object({
    credential: JsonLdObject.openapi({
      description:
        'The unsigned credential; `issuer` is your did:web or the did:key of your active issuer key. Without ' +
        '`credentialStatus` one is added on your status list; with a well-formed one of your own it is kept; ' +
        '`id` an absolute URL not issued before, or left out for a new `urn:uuid:`',
    }),
    options: z
      .looseObject({
        format: z
          .enum(['vc+jwt'])
          .optional()
          .openapi({
            description:
              'Leave out for a Data Integrity proof (eddsa-rdfc-2022). `vc+jwt`: secure it as a VC-JWT ' +
              '(W3C VC-JOSE-COSE; EdDSA, `kid` the verification method in your DID document), answered as an ' +
              '`EnvelopedVerifiableCredential` whose `id` is `data:application/vc+jwt,<compact JWS>`.',
          }),
        credentialStatus: z
          .object({ type: z.literal('BitstringStatusListEntry') })
          .optional()
          .openapi({
            description:
              'The status type to issue with (VC-API). A credential without a `credentialStatus` of its own gets ' +
              'one `BitstringStatusListEntry` (`statusPurpose: message`, revocation and suspension in one) on your ' +
              'status list, asked for or not; no other type is offered.',
          }),
      })
      .optional(),
  })
  .openapi('IssueCredentialRequest');

export const VerifiableCredential = z
  .record(z.string(), z.unknown())
  .openapi('VerifiableCredential', { type: 'object', additionalProperties: true });

export const IssueResponse = z
  .object({
    verifiableCredential: VerifiableCredential.openapi({
      description:
        'The credential with its proof, or for `format: vc+jwt` an `EnvelopedVerifiableCredential` ' +
        '(`{ "@context", "id": "data:application/vc+jwt,<compact JWS>", "type": "EnvelopedVerifiableCredential" }`)',
    }),
  })
  .openapi('IssueCredentialResponse');

/** A VC-JWT as a compact JWS. */
export const CompactVcJwt = z
  .string()
  .max(1_000_000)
  .openapi('CompactVcJwt', { description: 'A VC-JWT (`typ: vc+jwt`) as a compact JWS' });

export const InstitutionSlugParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'han' }),
});

export const IssuerKeyParam = InstitutionSlugParam.extend({
  publicKeyMultibase: z.string().openapi({
    param: { name: 'publicKeyMultibase', in: 'path' },
    example: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  }),
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
    compromisedAt: z.string().optional(),
  })
  .openapi('IssuerKey');
