import { z } from '@hono/zod-openapi';
import { Id, Slug, Timestamp } from './common.js';
import { VerifiableCredential } from './credentials.js';

/** An issuer as a client names it: an instelling's slug, or a DID. */
const IssuerRef = z
  .string()
  .trim()
  .min(2)
  .max(500)
  .refine((v) => Slug.safeParse(v).success || /^did:[a-z0-9]+:\S+$/.test(v), {
    message: 'an instelling slug (e.g. ncoi) or a DID (did:web:…, did:key:…)',
  })
  .openapi({ example: 'ncoi' });

export const RecognitionCreate = z
  .object({ issuer: IssuerRef })
  .strict()
  .openapi('RecognitionCreate', { description: 'An issuer whose credentials this instelling accepts' });

export const Recognition = z
  .object({
    id: Id,
    institutionId: Slug,
    issuer: z.object({
      institutionId: Slug.optional().openapi({ description: 'When the issuer is an instelling here' }),
      did: z.string().openapi({ example: 'did:web:localhost%3A8787:institutions:ncoi' }),
    }),
    createdAt: Timestamp,
  })
  .openapi('Recognition');
export type Recognition = z.infer<typeof Recognition>;

export const RecognitionList = z
  .object({
    /** The instelling always trusts itself; listed first, without a recognition row. */
    self: z.object({ institutionId: Slug, did: z.string() }),
    items: z.array(Recognition),
  })
  .openapi('RecognitionList');

export const AwardRequest = z
  .object({
    learnerId: Id,
    credentials: z
      .array(VerifiableCredential)
      .min(1)
      .max(40)
      .openapi({ description: 'The signed constituent credentials, as the learner holds them' }),
  })
  .strict()
  .openapi('AwardRequest');

export const AwardResponse = z
  .object({
    id: z.string(),
    verifiableCredential: VerifiableCredential.openapi({ description: 'The signed CLR 2.0 ClrCredential' }),
  })
  .openapi('AwardResponse');

export const PresentationVerifyRequest = z
  .object({
    verifiablePresentation: VerifiableCredential.openapi({
      description: 'A VerifiablePresentation with a Data Integrity proof by its holder (authentication)',
    }),
    options: z
      .object({
        challenge: z.string().min(1).max(500),
        domain: z.string().min(1).max(500),
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
  .object({ verified: z.literal(true), checks: z.array(PresentationCheck) })
  .openapi('VerifyPresentationResponse');
