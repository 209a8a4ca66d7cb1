import { z } from '@hono/zod-openapi';
import {
  EducationLevelName,
  Id,
  IsoDate,
  Level,
  PageQuery,
  pageOf,
  patchOf,
  Slug,
  Text,
  Timestamp,
  Uri,
  WholeNumber,
} from './common.js';

export const DeliveryMode = z.enum(['online', 'blended', 'op-locatie']);

export const StartPattern = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('monthly'), dayOfMonth: z.number().int().min(1).max(28).default(1) }).strict(),
    z.object({ kind: z.literal('continuous') }).strict(),
    z
      .object({
        kind: z.literal('fixed'),
        dates: z
          .array(IsoDate)
          .min(1)
          .max(24)
          .refine((d) => new Set(d).size === d.length, 'list each date once'),
      })
      .strict(),
  ])
  .openapi('StartPattern', {
    description:
      'When a learner can start: monthly, any day, or fixed dates (e.g. the two DUO-funded starts).',
  });

const Prerequisites = z
  .object({
    modules: z.array(Id).max(20).default([]),
    competencies: z.array(Uri).max(20).default([]),
  })
  .strict();

/** The content of a module version: everything that becomes immutable when it is published. */
const ModuleContent = z.object({
  title: Text(200).openapi({ example: 'Klassenmanagement in de gymzaal' }),
  description: Text(4000),
  language: z.enum(['nl', 'en']).default('nl'),
  outcomes: z
    .array(Id)
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, 'list each outcome once')
    .openapi({ description: 'Learning outcome ids of the same institution.' }),
  studyLoad: z
    .object({
      hours: z.number().int().min(1).max(5000),
      ec: z.number().min(0).max(240).multipleOf(0.5).optional(),
    })
    .strict(),
  level: EducationLevelName.optional().openapi({ description: 'Absent for modules without a formal level.' }),
  deliveryModes: z
    .array(DeliveryMode)
    .min(1)
    .refine((m) => new Set(m).size === m.length, 'list each mode once'),
  startPattern: StartPattern,
  price: z
    .object({
      amountCents: z.number().int().min(0).max(10_000_000),
      currency: z.literal('EUR').default('EUR'),
    })
    .strict(),
  prerequisites: Prerequisites.default({ modules: [], competencies: [] }),
});

export const ModuleCreate = ModuleContent.extend({
  institutionId: Slug.optional().openapi({ description: "Defaults to the opleider's own institution." }),
  code: Text(40).openapi({ example: 'ALO-KM' }),
})
  .strict()
  .openapi('ModuleCreate');

/** Editing a published module opens a new draft version; earlier versions never change. */
export const ModuleUpdate = patchOf(ModuleContent).openapi('ModuleUpdate');

export const ModuleStatus = z.enum(['draft', 'published']);

export const ModuleVersion = ModuleContent.omit({ level: true })
  .extend({
    moduleId: Id,
    institutionId: Slug,
    code: z.string(),
    version: z.number().int(),
    status: ModuleStatus,
    level: Level.optional(),
    competencies: z.array(Uri).openapi({ description: 'Competencies taught, derived from the outcomes.' }),
    prerequisites: z.object({ modules: z.array(Id), competencies: z.array(Uri) }),
    createdAt: Timestamp,
    publishedAt: Timestamp.optional(),
  })
  .openapi('ModuleVersion');
export type ModuleVersion = z.infer<typeof ModuleVersion>;

export const Module = ModuleVersion.omit({ moduleId: true })
  .extend({
    id: Id,
    publishedVersion: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Newest published version, if any.' }),
  })
  .openapi('Module', { description: 'A module as its newest version shows it.' });
export type Module = z.infer<typeof Module>;

export const ModuleQuery = PageQuery.extend({
  institution: Slug.optional(),
  level: EducationLevelName.optional(),
  competency: Uri.optional(),
  status: ModuleStatus.optional(),
});
export const ModulePage = pageOf(Module, 'ModulePage');
export const ModuleVersionList = z.object({ items: z.array(ModuleVersion) }).openapi('ModuleVersionList');
export const VersionParam = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  version: WholeNumber(1).openapi({ param: { name: 'version', in: 'path' } }),
});
