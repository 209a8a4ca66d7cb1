import { z } from '@hono/zod-openapi';
import {
  EducationLevelName,
  Id,
  IsoDate,
  Level,
  PageQuery,
  pageOf,
  Slug,
  Text,
  Timestamp,
  Uri,
} from './common.js';

const unique = (items: readonly string[]) => new Set(items).size === items.length;

// ---------------------------------------------------------------------------------------------
// Learner

export const LearnerCreate = z
  .object({
    subject: Text(200)
      .optional()
      .openapi({
        description:
          'The `sub` of the learner in their tokens. A learner registering themselves may leave it out ' +
          '(it is their own); an opleider or admin registering a learner on intake gives it.',
        example: 'rianne-de-vries',
      }),
    name: Text(200).openapi({ example: 'Rianne de Vries' }),
    email: z.email().max(200).openapi({ example: 'rianne@example.nl' }),
  })
  .strict()
  .openapi('LearnerCreate');

export const Learner = z
  .object({
    id: Id,
    subject: Text(200),
    name: Text(200),
    email: z.email(),
    did: z
      .string()
      .optional()
      .openapi({
        description:
          'The DID the learner proved to hold (PUT /learners/{id}/did): the subject of what is issued to them, ' +
          'and the holder whose presentations count for them.',
        example: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Learner');
export type Learner = z.infer<typeof Learner>;

export const LearnerQuery = PageQuery.extend({
  q: PageQuery.shape.q.openapi({
    description: 'Text search in the name; without it, every learner you may see.',
    example: 'Jansen',
  }),
});

// ---------------------------------------------------------------------------------------------
// Holder binding

export const DidNonce = z
  .object({
    nonce: z.string().openapi({ description: 'Sign it in the proof as `nonce`; it is used once.' }),
    audience: z.string().openapi({ description: 'The `aud` of the proof: this service’s public URL.' }),
    expiresAt: Timestamp,
  })
  .openapi('DidNonce');
export type DidNonce = z.infer<typeof DidNonce>;

export const DidRegistration = z
  .object({
    proof: z
      .string()
      .max(8000)
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a compact JWT')
      .openapi({
        description:
          'A compact JWT signed with the key of the DID (a did:key or did:jwk of an Ed25519 key): header ' +
          '`kid` a key of the DID; payload `iss` the DID, `aud` the nonce’s audience, `nonce` and `iat` (at most ' +
          'five minutes old).',
      }),
  })
  .strict()
  .openapi('DidRegistration');
export const LearnerPage = pageOf(Learner, 'LearnerPage');

export const LearnerGrantParam = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  grantId: Id.openapi({ param: { name: 'grantId', in: 'path' } }),
});

export const LearnerEvidenceParam = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  evidenceId: Id.openapi({ param: { name: 'evidenceId', in: 'path' } }),
});

// ---------------------------------------------------------------------------------------------
// Persoonlijk Profiel

export const LevelEvidenceKind = z
  .enum(['cognitive-test', 'diploma', 'assessment', 'interview', 'work-experience', 'reference', 'other'])
  .openapi({ description: 'How the werk- en denkniveau was established.' });

export const LevelEvidence = z
  .object({
    kind: LevelEvidenceKind,
    description: Text(1000).openapi({ example: 'Capaciteitentest bij het UWV: niveau mbo 4' }),
    date: IsoDate,
  })
  .strict()
  .openapi('LevelEvidence');

export const WerkEnDenkniveauInput = z
  .object({
    level: EducationLevelName.openapi({ example: 'mbo-4' }),
    evidence: z.array(LevelEvidence).max(20).default([]).openapi({
      description: 'Without evidence the level is self-declared and does not count for admission.',
    }),
  })
  .strict()
  .openapi('WerkEnDenkniveauInput');

const Items = (max: number) =>
  z
    .array(Text(500))
    .max(max)
    .refine((items) => unique(items), 'list each item once')
    .default([]);

export const Accommodation = Slug.openapi({
  description: 'An accommodation for assessments and work, e.g. `mondeling-examen`, `extra-tijd`.',
  example: 'mondeling-examen',
});

/** The Persoonlijk Profiel as the learner writes it: a PUT replaces it whole. */
export const ProfilePut = z
  .object({
    talenten: Items(50).openapi({ description: 'Bouwsteen 1: Talenten.', example: ['Geduldig', 'Zorgzaam'] }),
    skills: Items(100).openapi({ description: 'Bouwsteen 2: Skills.', example: ['Plannen', 'Rapporteren'] }),
    drijfveren: Items(50).openapi({ description: 'Bouwsteen 3: Drijfveren.', example: ['Iets betekenen'] }),
    wendbaarheid: Text(4000).optional().openapi({
      description: 'Bouwsteen 4: Wendbaarheid (leervermogen).',
      example: 'Leert snel in de praktijk.',
    }),
    werkEnDenkniveau: WerkEnDenkniveauInput.optional().openapi({ description: 'Bouwsteen 5.' }),
    doelEnMotivatie: Text(4000)
      .optional()
      .openapi({ description: 'Bouwsteen 6: Doel & motivatie.', example: 'Ik wil in de zorg werken.' }),
    accommodations: z
      .array(Accommodation)
      .max(30)
      .refine((items) => unique(items), 'list each accommodation once')
      .default([]),
  })
  .strict()
  .openapi('ProfilePut');
export type ProfilePut = z.infer<typeof ProfilePut>;

export const Profile = ProfilePut.extend({
  learnerId: Id,
  werkEnDenkniveau: z
    .object({ level: Level, evidence: z.array(LevelEvidence) })
    .optional()
    .openapi({ description: 'Bouwsteen 5: Werk- en denkniveau with how it was established.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('Profile');
export type Profile = z.infer<typeof Profile>;

// ---------------------------------------------------------------------------------------------
// Evidence items

export const EvidenceKind = z.enum([
  'diploma',
  'certificate',
  'verifiable-credential',
  'evc',
  'work-experience',
  'interview',
  'assessment',
]);

export const EvidenceDocument = z
  .union([
    z.object({ url: z.url().max(1000) }).strict(),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex') }).strict(),
  ])
  .openapi('EvidenceDocument', {
    description: 'Where the document is, or the digest of a copy kept elsewhere.',
  });

export const EvidenceCreate = z
  .object({
    kind: EvidenceKind,
    title: Text(200).openapi({ example: 'BHV-certificaat' }),
    issuer: Text(200).openapi({ example: 'KLM' }),
    issuedOn: IsoDate,
    level: EducationLevelName.optional(),
    description: Text(2000).optional(),
    competencies: z
      .array(Uri)
      .max(100)
      .refine((c) => unique(c), 'list each competency once')
      .default([])
      .openapi({ description: 'Competencies from the catalog this evidence proves.' }),
    document: EvidenceDocument.optional(),
    verified: z.boolean().default(false).openapi({
      description: 'Only an opleider of an institution the learner granted `evidence` may set this.',
    }),
  })
  .strict()
  .openapi('EvidenceCreate');

export const EvidenceItem = EvidenceCreate.omit({ level: true })
  .extend({
    id: Id,
    learnerId: Id,
    level: Level.optional(),
    verifiedBy: z.object({ institution: Slug, at: Timestamp }).optional(),
    addedBy: z.object({ kind: z.enum(['learner', 'institution']), id: Slug.optional() }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('EvidenceItem');
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const EvidenceList = z.object({ items: z.array(EvidenceItem) }).openapi('EvidenceList');

// ---------------------------------------------------------------------------------------------
// Grants (consent)

export const GrantScope = z.enum(['profile', 'evidence']);
export type GrantScope = z.infer<typeof GrantScope>;

export const Grantee = z
  .object({ kind: z.enum(['institution', 'employer']), id: Slug.openapi({ example: 'roc-rivor' }) })
  .strict()
  .openapi('Grantee');

export const GrantCreate = z
  .object({
    grantee: Grantee,
    scope: z
      .array(GrantScope)
      .min(1)
      .refine((s) => unique(s), 'list each scope once')
      .openapi({ example: ['profile', 'evidence'] }),
    purpose: Text(500).optional().openapi({ example: 'Intake leerwerktraject Verzorgende IG' }),
    until: IsoDate.optional().openapi({ description: 'The last day the grant gives access.' }),
  })
  .strict()
  .openapi('GrantCreate');

export const Grant = GrantCreate.extend({
  id: Id,
  learnerId: Id,
  status: z.enum(['active', 'withdrawn', 'expired']),
  createdAt: Timestamp,
  withdrawnAt: Timestamp.optional(),
}).openapi('Grant');
export type Grant = z.infer<typeof Grant>;

export const GrantList = z.object({ items: z.array(Grant) }).openapi('GrantList');

// ---------------------------------------------------------------------------------------------
// Presenting credentials to an instelling

export const PresentationRequestCreate = z
  .object({
    learnerId: Id.openapi({ description: 'You: the learner who will present.' }),
  })
  .strict()
  .openapi('PresentationRequestCreate');

export const PresentationRequest = z
  .object({
    id: Id,
    institutionId: Slug,
    learnerId: Id,
    challenge: z
      .string()
      .openapi({ description: 'Sign it in your presentation’s proof; it is answered once.' }),
    domain: z
      .string()
      .openapi({ description: 'The `domain` of your presentation’s proof: this service’s public URL.' }),
    holder: z.string().openapi({ description: 'The DID whose key must sign the presentation: yours.' }),
    expiresAt: Timestamp,
  })
  .openapi('PresentationRequest');
export type PresentationRequest = z.infer<typeof PresentationRequest>;

export const PresentationRequestParam = z.object({
  id: Slug.openapi({ param: { name: 'id', in: 'path' }, example: 'roc-rivor' }),
  requestId: Id.openapi({ param: { name: 'requestId', in: 'path' } }),
});

export const PresentationAnswer = z
  .object({
    verifiablePresentation: z.record(z.string(), z.unknown()).openapi({
      description:
        'A VerifiablePresentation of your credentials (embedded, Data Integrity), signed by your DID with the ' +
        'request’s challenge and domain (proofPurpose authentication).',
    }),
  })
  .strict()
  .openapi('PresentationAnswer');

const PresentedCredentialBase = z.object({
  id: Id,
  credentialId: z.string().openapi({ description: 'The credential’s own id.' }),
  institutionId: Slug.openapi({ description: 'The instelling that verified it and plans with it.' }),
  issuer: z.string().openapi({ description: 'The issuer’s DID.' }),
  title: z.string(),
  level: Level.optional().openapi({ description: 'The education level an award certifies.' }),
  competencies: z
    .array(z.string())
    .openapi({ description: 'The competencies its achievement is aligned to.' }),
  verifiedAt: Timestamp,
});

export const PresentedCredential = PresentedCredentialBase.extend({
  parts: z
    .array(PresentedCredentialBase)
    .openapi({ description: 'The credentials an award (ClrCredential) embeds; each counts on its own.' }),
}).openapi('PresentedCredential', {
  description:
    'A credential an instelling verified as the learner’s: by their DID, signed, its issuer trusted.',
});
export type PresentedCredential = z.infer<typeof PresentedCredential>;

export const PresentationAccepted = z
  .object({ requestId: Id, credentials: z.array(PresentedCredential) })
  .openapi('PresentationAccepted', {
    description: 'What the instelling verified and now keeps as the learner’s verified evidence there.',
  });

export const PresentedCredentialList = z
  .object({ items: z.array(PresentedCredential) })
  .openapi('PresentedCredentialList');

// ---------------------------------------------------------------------------------------------
// Export (eigen regie)

export const LearnerAuditEvent = z
  .object({ at: Timestamp, actor: z.string(), action: z.string(), detail: z.unknown().optional() })
  .openapi('LearnerAuditEvent');

export const Erasure = z
  .object({
    erasedAt: Timestamp,
    kept: z.array(z.object({ what: z.string(), why: z.string() })),
  })
  .openapi('Erasure');

/** A route of the learner as the export holds it: every version with its inputs, plan, change and approvals, and every sign-off. */
export const ExportedRoute = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    employerId: z.string(),
    roleId: z.string(),
    qualificationId: z.string().nullable(),
    status: z.string(),
    createdAt: Timestamp,
    versions: z.array(
      z.object({
        version: z.number(),
        inputs: z.unknown(),
        outcome: z.unknown(),
        change: z.unknown(),
        createdAt: Timestamp,
        approvals: z.array(z.object({ party: z.string(), approvedBy: z.string(), approvedAt: Timestamp })),
      }),
    ),
    signoffs: z.array(
      z.object({
        id: z.string(),
        outcomeId: z.string(),
        moduleId: z.string(),
        moduleVersion: z.number(),
        assessorId: z.string(),
        result: z.string(),
        date: z.string(),
        evidence: z.unknown(),
        accommodations: z.unknown(),
        supersedes: z.string().nullable(),
        reason: z.string().nullable(),
        recordedAt: Timestamp,
      }),
    ),
  })
  .openapi('ExportedRoute');

/** A credential issued to the learner, as stored: its document and status. */
export const ExportedCredential = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    routeId: z.string().nullable(),
    issuedAt: Timestamp,
    revokedAt: z.string().nullable(),
    suspendedAt: z.string().nullable(),
    document: z.unknown(),
  })
  .openapi('ExportedCredential');

export const LearnerExport = z
  .object({
    exportedAt: Timestamp,
    learner: Learner,
    profile: Profile.nullable(),
    evidence: z.array(EvidenceItem),
    grants: z.array(Grant),
    verifiedCredentials: z.array(PresentedCredential),
    routes: z.array(ExportedRoute),
    credentials: z.array(ExportedCredential),
    auditEvents: z.array(LearnerAuditEvent),
  })
  .openapi('LearnerExport');
export type LearnerExport = z.infer<typeof LearnerExport>;
