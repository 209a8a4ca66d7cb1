import { z } from '@hono/zod-openapi';
import {
  EducationLevelName,
  Id,
  Level,
  PageQuery,
  pageOf,
  patchOf,
  Slug,
  Text,
  Timestamp,
  Uri,
} from './common.js';

const unique = (items: string[]) => new Set(items).size === items.length;

/** One group of a stack rule: all of its items, or at least `n` of them. */
export const StackGroup = z
  .object({
    title: Text(200).openapi({ example: 'Basiszorg' }),
    kind: z.enum(['all-of', 'n-of']),
    n: z.number().int().min(1).optional(),
    competencies: z.array(Uri).max(100).default([]),
    modules: z.array(Id).max(100).default([]),
  })
  .strict()
  .superRefine((g, ctx) => {
    const size = g.competencies.length + g.modules.length;
    if (size === 0) ctx.addIssue({ code: 'custom', path: ['competencies'], message: 'a group needs items' });
    if (!unique(g.competencies) || !unique(g.modules))
      ctx.addIssue({ code: 'custom', path: ['competencies'], message: 'list each item once' });
    if (g.kind === 'n-of' && g.n === undefined)
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'an n-of group needs n' });
    if (g.kind === 'all-of' && g.n !== undefined)
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'an all-of group takes no n' });
    if (g.n !== undefined && g.n > size)
      ctx.addIssue({ code: 'custom', path: ['n'], message: `n is more than the ${size} items of the group` });
  })
  .openapi('StackGroup');

const Admission = z
  .object({
    entryLevel: EducationLevelName.openapi({
      description: 'Werk- en denkniveau needed; proven by a test as well as by a diploma.',
    }),
    legalMinimum: z
      .boolean()
      .openapi({ description: 'A hard legal minimum: admission below it needs a recorded override.' }),
  })
  .strict();

export const QualificationCreate = z
  .object({
    institutionId: Slug.optional().openapi({ description: 'Awarding institution; defaults to your own.' }),
    code: Text(40).openapi({ example: 'VIG-3' }),
    title: Text(200).openapi({ example: 'Verzorgende IG (mbo 3)' }),
    level: EducationLevelName,
    admission: Admission.extend({ legalMinimum: Admission.shape.legalMinimum.default(false) }).strict(),
    stackRule: z.object({ groups: z.array(StackGroup).min(1).max(30) }).strict(),
  })
  .strict()
  .openapi('QualificationCreate');

/** A changed admission is given whole, so a hard legal minimum is never dropped by a default. */
export const QualificationUpdate = patchOf(QualificationCreate.omit({ institutionId: true, code: true }))
  .extend({ admission: Admission.optional() })
  .openapi('QualificationUpdate');

export const Qualification = QualificationCreate.omit({ level: true, admission: true })
  .extend({
    id: Id,
    institutionId: Slug,
    level: Level,
    admission: z.object({ entryLevel: Level, legalMinimum: z.boolean() }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Qualification');
export type Qualification = z.infer<typeof Qualification>;

export const QualificationQuery = PageQuery.extend({
  institution: Slug.optional(),
  level: EducationLevelName.optional(),
  competency: Uri.optional(),
});
export const QualificationPage = pageOf(Qualification, 'QualificationPage');
