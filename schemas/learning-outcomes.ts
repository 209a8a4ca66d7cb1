import { z } from '@hono/zod-openapi';
import { Id, PageQuery, pageOf, patchOf, Slug, Text, Timestamp, Uri } from './common.js';

export const AssessmentMethod = z.enum([
  'praktijktoets',
  'observatie',
  'portfolio',
  'criteriumgericht-interview',
  'kennistoets',
]);

export const LearningOutcomeCreate = z
  .object({
    institutionId: Slug.optional().openapi({ description: "Defaults to the opleider's own institution." }),
    code: Text(40).openapi({ example: 'LO-KM-1' }),
    title: Text(300).openapi({ example: 'Houdt orde in een groep van 30 leerlingen' }),
    description: Text(4000),
    competencies: z
      .array(Uri)
      .min(1)
      .max(50)
      .refine((uris) => new Set(uris).size === uris.length, 'list each competency once')
      .openapi({ description: 'Competency URIs this outcome aligns to; each must exist.' }),
    assessmentMethod: AssessmentMethod,
    requiresExaminer: z
      .boolean()
      .default(false)
      .openapi({ description: 'Only a praktijkopleider qualified as examiner may sign it off.' }),
  })
  .strict()
  .openapi('LearningOutcomeCreate');

/** Alignments are fixed once written, because modules and credentials are built on them. */
export const LearningOutcomeUpdate = patchOf(
  LearningOutcomeCreate.pick({
    title: true,
    description: true,
    assessmentMethod: true,
    requiresExaminer: true,
  }),
).openapi('LearningOutcomeUpdate');

export const LearningOutcome = LearningOutcomeCreate.extend({
  id: Id,
  institutionId: Slug,
  requiresExaminer: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('LearningOutcome');
export type LearningOutcome = z.infer<typeof LearningOutcome>;

export const LearningOutcomeQuery = PageQuery.extend({
  institution: Slug.optional(),
  competency: Uri.optional(),
});
export const LearningOutcomePage = pageOf(LearningOutcome, 'LearningOutcomePage');
