import { z } from '@hono/zod-openapi';
import { Id, Timestamp, Uri } from './common.js';
import { PresentedCredential } from './learners.js';

/** The credential formats a wallet picks a credential up in. */
export const WalletFormatName = z.enum(['ldp_vc', 'jwt_vc_json']).openapi({
  description: 'Data Integrity (`eddsa-rdfc-2022`), or our VC-JWT (`vc+jwt`)',
  example: 'ldp_vc',
});

const QrCode = z
  .object({
    svg: z.string().openapi({ description: 'An SVG document' }),
    png: z.string().openapi({ description: 'A `data:image/png;base64,…` URL' }),
  })
  .openapi('QrCode');

export const CredentialOfferCreate = z
  .object({
    format: WalletFormatName.optional().openapi({
      description: 'The format the wallet gets; `ldp_vc` when absent',
    }),
    include: z
      .array(z.string().min(1).max(500))
      .max(20)
      .optional()
      .openapi({ description: 'Other credentials of the same learner and instelling, offered with it' }),
  })
  .openapi('CredentialOfferCreate');

export const OfferedCredential = z
  .object({
    credentialId: z.string(),
    configurationId: z.string().openapi({ example: 'ModuleMicrocredential_ldp_vc' }),
    credentialIdentifier: z.string().openapi({ description: 'How the token response names it' }),
    pickedUp: z
      .object({ credentialId: z.string(), holder: z.string(), at: Timestamp })
      .optional()
      .openapi({ description: 'The holder-bound credential the wallet picked up, once it did' }),
  })
  .openapi('OfferedCredential');

export const CredentialOffer = z
  .object({
    id: Id,
    institutionId: z.string(),
    learnerId: Id,
    format: WalletFormatName,
    state: z.enum(['open', 'redeemed', 'withdrawn', 'burned', 'expired']).openapi({
      description:
        '`open` until a wallet redeems its code (`redeemed`), or it is withdrawn, burned by wrong transaction codes or expires',
    }),
    expiresAt: Timestamp,
    credentials: z.array(OfferedCredential),
  })
  .openapi('CredentialOffer');
export type CredentialOffer = z.infer<typeof CredentialOffer>;

export const CredentialOfferCreated = CredentialOffer.extend({
  credentialOffer: z.string().openapi({
    description: 'The offer by value: `openid-credential-offer://?credential_offer=…`',
  }),
  credentialOfferUri: z.string().openapi({
    description:
      'The offer by reference: `openid-credential-offer://?credential_offer_uri=…` (what the QR code holds)',
  }),
  txCode: z.string().openapi({
    description:
      'The transaction code the wallet asks for: show or send it apart from the QR code, never in it',
    example: '493536',
  }),
  qrCode: QrCode,
}).openapi('CredentialOfferCreated');
export type CredentialOfferCreated = z.infer<typeof CredentialOfferCreated>;

export const WalletRequestCreate = z
  .object({
    competencies: z.array(Uri).max(50).optional().openapi({
      description: 'Ask only for credentials aligned to one of these competency URIs; any when absent',
    }),
  })
  .openapi('WalletRequestCreate');

export const WalletRequest = z
  .object({
    id: Id,
    routeId: Id,
    learnerId: Id,
    institutionId: z.string(),
    clientId: z
      .string()
      .openapi({ example: 'decentralized_identifier:did:web:loopbrug.example.nl:institutions:han' }),
    requestUri: z.string(),
    authorizationRequest: z.string().openapi({
      description:
        'The request by reference: `openid4vp://?client_id=…&request_uri=…` (what the QR code holds)',
    }),
    status: z.enum(['pending', 'answered', 'expired']),
    expiresAt: Timestamp,
    credentials: z
      .array(PresentedCredential)
      .openapi({ description: 'What the answer proved, once answered' }),
  })
  .openapi('WalletRequest');
export type WalletRequest = z.infer<typeof WalletRequest>;

export const WalletRequestCreated = WalletRequest.extend({ qrCode: QrCode }).openapi('WalletRequestCreated');
export type WalletRequestCreated = z.infer<typeof WalletRequestCreated>;

export const WalletRequestParam = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  requestId: Id.openapi({ param: { name: 'requestId', in: 'path' } }),
});
