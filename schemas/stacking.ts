import { z } from '@hono/zod-openapi';
import { Id, Slug, Timestamp } from './common.js';
import { VerifiableCredential } from './credentials.js';

/** An issuer as a client names it: an instelling's slug, or a DID. */
const IssuerRef = z
  .string()
  .trim()
  .min(2)
  .max(500)
  // A DID, not a DID URL: a fragment or query names something in a document, not an issuer.
  .refine((v) => Slug.safeParse(v).success || /^did:[a-z0-9]+:[^\s#?]+$/.test(v), {
    message: 'an instelling slug (e.g. ncoi) or a DID (did:web:…, did:key:…)',
  })
  .openapi({ example: 'ncoi' });

const BASE58_DIGITS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Whether a string is an Ed25519 public key as a Multikey: `z` (base58btc) over the multicodec header
 * 0xed 0x01 and 32 key bytes. Decoded, not pattern-matched: `z6Mk` and a length also admit strings that
 * decode to another header or length.
 * @example isEd25519Multikey('z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK') // true
 */
export function isEd25519Multikey(value: string): boolean {
  if (!/^z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(value)) return false;
  let n = 0n;
  for (const digit of value.slice(1)) n = n * 58n + BigInt(BASE58_DIGITS.indexOf(digit));
  return n >> 256n === 0xed01n;
}

const DID_V1 = 'https://www.w3.org/ns/did/v1';

const PinnedVerificationMethod = z
  .object({
    id: z.string().max(600).openapi({ example: 'did:web:academie.example#key-1' }),
    type: z.literal('Multikey'),
    controller: z.string().max(500).openapi({ example: 'did:web:academie.example' }),
    publicKeyMultibase: z
      .string()
      .refine(isEd25519Multikey, { message: 'an Ed25519 public key as a multibase Multikey (z6Mk…)' })
      .openapi({ example: 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }),
  })
  .strict();

/**
 * The DID document of an issuer outside this service, optionally pinned with an instelling's
 * recognition: it then verifies that issuer's credentials for that instelling only. Only what
 * verification uses: Ed25519 Multikey verification methods and the assertionMethod references to them
 * (strip `service`, `authentication` and the like before sending).
 */
export const PinnedDidDocument = z
  .object({
    '@context': z
      .union([z.string(), z.array(z.string()).min(1).max(10)])
      .refine((v) => (Array.isArray(v) ? v[0] : v) === DID_V1, { message: `must start with ${DID_V1}` })
      .optional(),
    id: z.string().max(500).openapi({ example: 'did:web:academie.example' }),
    verificationMethod: z.array(PinnedVerificationMethod).min(1).max(20),
    assertionMethod: z
      .array(z.string().max(600))
      .min(1)
      .max(20)
      .openapi({ description: 'Ids of verificationMethod entries (full DID URLs)' }),
  })
  .strict()
  .openapi('PinnedDidDocument', {
    description:
      "An external did:web issuer's DID document as pinned: its id is the DID, every verification " +
      'method an Ed25519 Multikey controlled by it, assertionMethod naming them',
  });
export type PinnedDidDocument = z.infer<typeof PinnedDidDocument>;

export const RecognitionCreate = z
  .object({
    issuer: IssuerRef,
    didDocument: PinnedDidDocument.optional().openapi({
      description:
        'Optional for a did:web outside this service (otherwise resolved over HTTPS from its host): pinned, ' +
        'it verifies that issuer for this instelling only. Refused for an instelling here and for a did:key, ' +
        'which need none',
    }),
  })
  .strict()
  .openapi('RecognitionCreate', { description: 'An issuer whose credentials this instelling accepts' });

export const RecognitionParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'han' }),
  recognitionId: Id.openapi({ param: { name: 'recognitionId', in: 'path' } }),
});

export const Recognition = z
  .object({
    id: Id,
    institutionId: Slug,
    issuer: z.object({
      institutionId: Slug.optional().openapi({ description: 'When the issuer is an instelling here' }),
      did: z.string().openapi({ example: 'did:web:localhost%3A8787:institutions:ncoi' }),
    }),
    didDocument: PinnedDidDocument.optional().openapi({
      description: 'The pinned DID document of an external did:web issuer, as stored',
    }),
    createdAt: Timestamp,
  })
  .openapi('Recognition');
export type Recognition = z.infer<typeof Recognition>;

export const WithdrawnRecognition = Recognition.extend({
  withdrawnAt: Timestamp.openapi({
    description:
      'When it was withdrawn. From then on the issuer is not trusted for this instelling, and the recognition ' +
      'is no longer listed (`GET /institutions/{id}/recognitions`); withdrawing it again is a 404',
  }),
}).openapi('WithdrawnRecognition', { description: 'A recognition as it was, withdrawn' });
export type WithdrawnRecognition = z.infer<typeof WithdrawnRecognition>;

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
