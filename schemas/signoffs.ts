import { z } from '@hono/zod-openapi';
import { Id, IsoDate, Text, Timestamp } from './common.js';
import { AssessorQualification } from './employers.js';
import { Accommodation } from './learners.js';

// ---------------------------------------------------------------------------------------------
// Assessors on a route

export const RouteAssessorAssign = z
  .object({
    assessorId: Id.openapi({ description: "A praktijkopleider of the route's employer." }),
  })
  .strict()
  .openapi('RouteAssessorAssign');

export const RouteAssessor = z
  .object({
    assessorId: Id,
    name: z.string(),
    subject: z
      .string()
      .optional()
      .openapi({ description: 'The token subject the praktijkopleider signs with.' }),
    qualifications: z.array(AssessorQualification),
    assignedBy: z.string(),
    assignedAt: Timestamp,
  })
  .openapi('RouteAssessor');
export type RouteAssessor = z.infer<typeof RouteAssessor>;

export const RouteAssessorList = z.object({ items: z.array(RouteAssessor) }).openapi('RouteAssessorList');

// ---------------------------------------------------------------------------------------------
// Sign-offs

const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex (64 characters)')
  .openapi({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' });

const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .openapi({ example: 'https://dossier.sante-zorg.nl/praktijktoets/4711' });

export const SignoffEvidence = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('text'),
        text: Text(4000).openapi({
          example: 'Medicatie volgens protocol gedeeld bij 6 cliënten; dubbel gecontroleerd.',
        }),
      })
      .strict(),
    z.object({ kind: z.literal('link'), url: HttpUrl }).strict(),
    z
      .object({
        kind: z.literal('file'),
        sha256: Sha256,
        name: Text(200).optional().openapi({ example: 'observatieformulier.pdf' }),
      })
      .strict()
      .openapi({ description: 'A file kept elsewhere, named by its SHA-256 digest.' }),
  ])
  .openapi('SignoffEvidence');

export const SignoffResult = z.enum(['passed', 'not-yet']);

export const SignoffCreate = z
  .object({
    outcomeId: Id.openapi({
      description: 'A learning outcome of a module in the route’s current plan (planned or completed).',
    }),
    result: SignoffResult,
    date: IsoDate.openapi({ description: 'The day of the praktijktoets; not in the future.' }),
    evidence: z.array(SignoffEvidence).min(1).max(20),
    accommodations: z
      .array(Accommodation)
      .max(30)
      .refine((items) => new Set(items).size === items.length, 'list each accommodation once')
      .optional()
      .openapi({
        description: 'Accommodations given at this assessment; the route’s accommodations when absent.',
      }),
    supersedes: Id.optional().openapi({
      description:
        'The sign-off this one corrects: same route and outcome, not corrected yet. Needs a reason.',
    }),
    reason: Text(1000).optional().openapi({ example: 'Verkeerde datum ingevuld; de toets was op 12 april.' }),
  })
  .strict()
  .openapi('SignoffCreate');

export const Signoff = z
  .object({
    id: Id,
    routeId: Id,
    outcomeId: Id,
    moduleId: Id,
    moduleVersion: z.number().int(),
    assessorId: Id,
    result: SignoffResult,
    date: IsoDate,
    evidence: z.array(SignoffEvidence),
    accommodations: z.array(z.string()),
    supersedes: Id.optional(),
    reason: z.string().optional(),
    supersededBy: Id.optional().openapi({ description: 'The correction that replaced this sign-off.' }),
    current: z.boolean().openapi({ description: 'False once a correction supersedes it.' }),
    recordedBy: z.string(),
    recordedAt: Timestamp,
  })
  .openapi('Signoff');
export type Signoff = z.infer<typeof Signoff>;

export const ModuleCompletionState = z
  .object({
    moduleId: Id,
    moduleVersion: z.number().int(),
    completed: z.boolean(),
    completedOn: IsoDate.optional(),
    missing: z.array(Id).openapi({ description: 'Outcomes without a current passed sign-off.' }),
    recordedInRoute: z.boolean().openapi({
      description:
        'Whether the route already shows it as completed. A completion the route recorded stays: when a ' +
        'correction takes it back, `completed` is false while this stays true, and its credential is ' +
        'suspended until the module is passed again.',
    }),
  })
  .openapi('ModuleCompletionState');

export const SignoffRecorded = z
  .object({
    signoff: Signoff,
    module: ModuleCompletionState.openapi({
      description: 'The module of the signed outcome, after this sign-off.',
    }),
    routeVersion: z
      .number()
      .int()
      .openapi({ description: 'The route’s current version after this request.' }),
  })
  .openapi('SignoffRecorded');

export const SignoffList = z
  .object({
    items: z
      .array(Signoff)
      .openapi({ description: 'Every sign-off of the route, corrections included, oldest first.' }),
    modules: z
      .array(ModuleCompletionState)
      .openapi({ description: 'Each module with sign-offs in this route.' }),
  })
  .openapi('SignoffList');

export const ReconcileResult = z
  .object({
    recorded: z
      .array(Id)
      .openapi({ description: 'Modules whose completion this pass recorded in the route.' }),
    withdrawn: z.array(Id).openapi({
      description:
        'Modules whose completion this pass took back in the route, because a correction took back one of ' +
        'their outcomes: they are planned again.',
    }),
    modules: z.array(ModuleCompletionState),
    routeVersion: z.number().int(),
  })
  .openapi('ReconcileResult');
