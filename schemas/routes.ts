import { z } from '@hono/zod-openapi';
import { Id, IsoDate, Slug, Text, Timestamp, Uri } from './common.js';

export const Evidence = z
  .object({
    kind: z.enum([
      'verifiable-credential',
      'diploma',
      'certificate',
      'evc',
      'earlier-module',
      'work-experience',
      'other',
    ]),
    id: Text(200).openapi({ description: 'Evidence item id, credential id or document reference.' }),
    description: Text(1000).openapi({ example: 'Propedeuse Rechtsgeleerdheid, Universiteit Utrecht (1992)' }),
  })
  .strict()
  .openapi('Evidence');

export const Exemption = z.object({ moduleId: Id, evidence: Evidence }).strict().openapi('Exemption');

export const RefusedExemption = z
  .object({
    moduleId: Id.optional(),
    competency: Uri.optional(),
    reason: Text(1000).openapi({
      example: 'Levenservaring is geen bewijs van taalniveau 2F; toets volgt in de module.',
    }),
  })
  .strict()
  .refine((r) => r.moduleId !== undefined || r.competency !== undefined, 'name the module or the competency')
  .openapi('RefusedExemption');

export const Pause = z
  .object({
    from: IsoDate,
    until: IsoDate.openapi({ description: 'The day study resumes (exclusive end of the pause).' }),
    reason: Text(300).optional().openapi({ example: 'Zwangerschapsverlof' }),
  })
  .strict()
  .refine((p) => p.from < p.until, { message: 'a pause ends after it starts', path: ['until'] })
  .openapi('Pause');

export const Completion = z.object({ moduleId: Id, completedOn: IsoDate }).strict();

export const AdmissionOverride = z
  .object({
    reason: Text(1000).openapi({ example: 'Zij-instroomtraject met toestemming van de examencommissie.' }),
  })
  .strict();

/** What a route is planned from; every version keeps its own copy. */
export const RouteCompose = z
  .object({
    learnerId: Id,
    roleId: Id,
    institutionId: Slug.optional().openapi({
      description: "The opleider's institution composing the route.",
    }),
    qualificationId: Id.optional(),
    hoursPerWeek: z
      .number()
      .min(1)
      .max(40)
      .openapi({ example: 8, description: 'Study hours a week (1 day ≈ 8).' }),
    startDate: IsoDate.openapi({
      description: 'The day the programme may start; onboarding before it counts toward the 100 days.',
    }),
    exemptions: z.array(Exemption).max(200).default([]),
    refusedExemptions: z.array(RefusedExemption).max(200).default([]),
    pauses: z.array(Pause).max(50).default([]),
    admissionOverride: AdmissionOverride.optional(),
  })
  .strict()
  .openapi('RouteCompose');

export const RouteOperation = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('add'), moduleId: Id }).strict(),
    z.object({ op: z.literal('remove'), moduleId: Id }).strict(),
    z
      .object({
        op: z.literal('move'),
        moduleId: Id,
        position: z
          .number()
          .int()
          .min(1)
          .openapi({ description: '1-based position among the planned items.' }),
      })
      .strict(),
    z.object({ op: z.literal('exempt'), moduleId: Id, evidence: Evidence }).strict(),
    z
      .object({
        op: z.literal('refuse-exemption'),
        moduleId: Id.optional(),
        competency: Uri.optional(),
        reason: RefusedExemption.shape.reason,
      })
      .strict(),
    z
      .object({
        op: z.literal('record-completion'),
        moduleId: Id,
        completedOn: IsoDate,
      })
      .strict()
      .openapi({
        description: 'A module finished elsewhere in this route (workplace sign-off will record it too).',
      }),
    z.object({ op: z.literal('set-hours'), hoursPerWeek: RouteCompose.shape.hoursPerWeek }).strict(),
  ])
  .openapi('RouteOperation');

/** One adjustment as the change log keeps it: module codes rather than ids, nothing of its evidence. */
const OperationFact = z
  .object({
    op: z.enum(['add', 'remove', 'move', 'exempt', 'refuse-exemption', 'record-completion', 'set-hours']),
    code: z.string().optional(),
    position: z.number().int().optional(),
    completedOn: IsoDate.optional(),
    hoursPerWeek: z.number().optional(),
    competency: z.string().optional(),
  })
  .openapi('RouteOperationFact');

/** What one version of a route changed, as data: a page words it in its reader's language. */
export const RouteChangeFacts = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('composed') }),
    z.object({ kind: z.literal('adjusted'), operations: z.array(OperationFact) }),
    z.object({ kind: z.literal('module-completed'), code: z.string(), on: IsoDate }),
    z.object({ kind: z.literal('completion-withdrawn'), code: z.string() }).openapi({
      description: "A sign-off correction took the module's completion back; `change.reason` says why.",
    }),
    z.object({ kind: z.literal('paused'), from: IsoDate, until: IsoDate }),
    z.object({ kind: z.literal('resumed'), on: IsoDate }),
    z.object({ kind: z.literal('pause-cancelled'), from: IsoDate, until: IsoDate, planned: z.boolean() }),
    z.object({
      kind: z.literal('replanned'),
      role: z.string().optional().openapi({ description: 'The new role, by its title.' }),
      qualification: z
        .string()
        .nullable()
        .optional()
        .openapi({ description: 'The new qualification, by its title; null when it was dropped.' }),
      hoursPerWeek: z.number().optional(),
    }),
  ])
  .openapi('RouteChangeFacts');
export type RouteChangeFacts = z.infer<typeof RouteChangeFacts>;

export const RouteChange = z
  .object({
    operations: z.array(RouteOperation).min(1).max(50),
    reason: Text(1000)
      .optional()
      .openapi({ example: 'Klassenmanagement eerder: Willem staat vanaf maart voor de groep.' }),
  })
  .strict()
  .openapi('RouteChange');

export const ApprovalParty = z.enum(['opleider', 'praktijkopleider', 'learner']);

export const PauseRequest = Pause;
export const ResumeRequest = z
  .object({ on: IsoDate.optional().openapi({ description: 'The day study resumes; today when absent.' }) })
  .strict()
  .openapi('ResumeRequest');

export const ReplanRequest = z
  .object({
    roleId: Id.optional(),
    qualificationId: Id.nullable().optional(),
    hoursPerWeek: RouteCompose.shape.hoursPerWeek.optional(),
    reason: Text(1000).optional(),
  })
  .strict()
  .openapi('ReplanRequest');

const ReasonKind = z.enum([
  'covers',
  'prerequisite-of',
  'provides-prerequisite',
  'prerequisite-unavailable',
  'exempt',
  'exemption-refused',
  'completed',
  'added-by-opleider',
  'no-start-moment',
  'extended-by-pause',
  'credential-revoked',
  'credential-suspended',
  'status-unavailable',
]);

const ReasonSchema = z
  .object({ kind: ReasonKind })
  .catchall(z.unknown())
  .openapi('Reason', {
    description:
      'Why an item is where it is: covers, prerequisite-of, provides-prerequisite, exempt, exemption-refused, ' +
      'completed, added-by-opleider, no-start-moment, extended-by-pause, prerequisite-unavailable; and why a ' +
      'verified credential does not exempt it now (with `credentialId` and `message`): credential-revoked, ' +
      'credential-suspended (it exempts again once reinstated), status-unavailable (its status list could not ' +
      'be read: no exemption until it can).',
  });

export const RouteItem = z
  .object({
    moduleId: Id,
    code: z.string(),
    title: z.string(),
    status: z.enum(['planned', 'exempt', 'completed']),
    essential: z.boolean(),
    order: z.number().int(),
    plannedStart: IsoDate.optional(),
    plannedEnd: IsoDate.optional().openapi({ description: 'Exclusive: the first day after the module.' }),
    weeks: z.number().int().optional(),
    reasons: z.array(ReasonSchema),
  })
  .openapi('RouteItem');

export const Plan = z
  .object({
    items: z.array(RouteItem),
    covered: z.array(
      z.object({
        competency: Uri,
        priority: z.string(),
        by: z.object({ kind: z.string() }).catchall(z.unknown()),
      }),
    ),
    uncovered: z.array(z.object({ competency: Uri, priority: z.string(), reason: z.string() })),
    refusals: z.array(
      z.object({
        refusal: z.object({ moduleId: Id.optional(), competency: Uri.optional(), reason: z.string() }),
        appliesTo: z.array(Id),
      }),
    ),
    routeStart: IsoDate,
    endDate: IsoDate,
    independentFrom: IsoDate.openapi({
      description: 'End of the last essential module: from then on the learner works independently.',
    }),
    unscheduled: z.array(Id),
  })
  .openapi('Plan');

export const Admission = z
  .object({
    admitted: z.boolean(),
    basis: z.enum(['diploma', 'tested-level', 'override', 'none']),
    explanation: z.string(),
  })
  .openapi('Admission');

export const RoutePreview = z
  .object({
    admission: Admission.optional(),
    accommodations: z.array(z.string()),
    onboarding: z.object({
      startDate: IsoDate.openapi({
        description:
          'The day the route starts: its start date, or the day it was planned once that had passed.',
      }),
      independentFrom: IsoDate,
      days: z.number().int().openapi({
        description: 'Days from the day the route starts until the learner works independently.',
      }),
      within100Days: z.boolean(),
    }),
    plan: Plan,
  })
  .openapi('RoutePreview');

export const RouteStatus = z.enum(['draft', 'agreed', 'active', 'paused', 'completed', 'ended']).openapi({
  description:
    '`paused` while today is inside one of its pauses; `ended` once its learner erased their data (nothing more is approved, signed off or changed on it).',
});

export const Route = RoutePreview.extend({
  id: Id,
  version: z.number().int(),
  status: RouteStatus,
  learnerId: Id,
  institutionId: Slug,
  employerId: Slug,
  roleId: Id,
  qualificationId: Id.optional(),
  hoursPerWeek: z.number(),
  startDate: IsoDate,
  inputs: z.object({
    exemptions: z.array(Exemption),
    refusedExemptions: z.array(z.object({ reason: z.string() }).catchall(z.unknown())),
    pauses: z.array(Pause),
    completed: z.array(Completion),
    adjustments: z.object({ added: z.array(Id), removed: z.array(Id), order: z.array(Id) }),
  }),
  approvals: z.array(z.object({ party: ApprovalParty, by: z.string(), at: Timestamp })).openapi({
    description:
      'Approvals of this version; the route is agreed once opleider, praktijkopleider and learner approved it.',
  }),
  change: z.object({
    by: z.string(),
    at: Timestamp,
    summary: z
      .string()
      .openapi({ description: 'The change in a short English sentence, made from `facts`.' }),
    facts: RouteChangeFacts.optional().openapi({
      description:
        'What changed, for a reader to put in its own words; absent on versions made before it was kept.',
    }),
    reason: z.string().optional(),
  }),
  createdAt: Timestamp,
}).openapi('Route');
export type Route = z.infer<typeof Route>;
