import { z } from '@hono/zod-openapi';
import { Slug } from './common.js';
import { CompactVcJwt, VerifiableCredential } from './credentials.js';

const RelyingParty = Slug.optional().openapi({
  description:
    'An instelling (slug) to answer trust for: adds a `trust` check that passes only when that instelling ' +
    'trusts the issuer (itself, or an issuer its opleider recognised), and uses the DID documents it ' +
    'pinned. Without it the answer says nothing about trust.',
  example: 'han',
});

export const VerifyRequest = z
  .object({
    verifiableCredential: z.union([VerifiableCredential, CompactVcJwt]).openapi({
      description:
        'A credential with a Data Integrity proof, a VC-JWT as a compact JWS, or an ' +
        '`EnvelopedVerifiableCredential` holding one',
    }),
    options: z.looseObject({ relyingParty: RelyingParty }).optional(),
  })
  .openapi('VerifyCredentialRequest');

export const VerificationCheck = z
  .object({
    check: z
      .enum(['signature', 'issuer', 'validity-period', 'schema', 'status', 'related-resource', 'trust'])
      .openapi({ description: '`related-resource` only for a credential that names a `relatedResource`' }),
    ok: z.boolean(),
    message: z.string().optional(),
    notChecked: z
      .enum(['absent', 'blocked'])
      .optional()
      .openapi({
        description:
          'Set when the check looked at nothing. `absent`: the credential carries none of what the check ' +
          'looks at; it then passes for a validity period, schema or status (nothing to refuse) and fails for ' +
          'the signature or issuer. `blocked`: what the check rests on could not be read (no proof to check ' +
          "the issuer's key with; a VC-JWT that cannot be decoded), and it fails.",
      }),
  })
  .openapi('VerificationCheck');

export const TrustAnswer = z
  .object({
    institutionId: Slug,
    trusted: z.boolean(),
    because: z.string().openapi({ example: "recognised by 'han' on 2026-11-01 (recognition '…')" }),
  })
  .openapi('Trust');

export const VerifyResponse = z
  .object({
    verified: z.literal(true),
    checks: z.array(VerificationCheck),
    issuer: z.string().openapi({
      description: "The issuer's DID, as the credential names it and its proof proves",
      example: 'did:web:loopbrug.example.nl:institutions:han',
    }),
    trust: TrustAnswer.optional().openapi({ description: 'Only with `options.relyingParty`' }),
  })
  .openapi('VerifyCredentialResponse');

export const PresentationVerifyRequest = z
  .object({
    verifiablePresentation: VerifiableCredential.openapi({
      description:
        'A VerifiablePresentation with a proof (authentication) by its holder, or by whoever presents it ' +
        'when it names no `holder` (optional: VC Data Model 2.0 §4.13); Data Integrity `eddsa-rdfc-2022` ' +
        'or `Ed25519Signature2020`',
    }),
    options: z
      .object({
        challenge: z.string().min(1).max(500),
        domain: z.string().min(1).max(500),
        relyingParty: RelyingParty,
      })
      .strict(),
  })
  .openapi('VerifyPresentationRequest');

export const PresentationCheck = z
  .object({
    target: z.string().openapi({ example: 'verifiableCredential[0]' }),
    check: z.string().openapi({ example: 'signature' }),
    ok: z.boolean(),
    message: z.string().optional(),
  })
  .openapi('PresentationCheck');

export const PresentationVerifyResponse = z
  .object({
    verified: z.literal(true),
    checks: z.array(PresentationCheck),
    holder: z.string().optional().openapi({
      description: "The holder's DID, whose proof the presentation carries; absent when it names no holder",
    }),
  })
  .openapi('VerifyPresentationResponse');
