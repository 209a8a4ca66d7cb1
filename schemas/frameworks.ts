import { z } from '@hono/zod-openapi';
import { EducationLevelName, Id, Level, PageQuery, pageOf, Slug, Text, Timestamp, Uri } from './common.js';

export const FrameworkKind = z.enum([
  'kwalificatiedossier',
  'beroepsprofiel',
  'esco',
  'competentnl',
  'eigen',
]);

export const FrameworkCreate = z
  .object({
    uri: Uri,
    title: Text(200).openapi({ example: 'Kwalificatiedossier Verzorgende IG' }),
    kind: FrameworkKind,
    version: Text(40).optional(),
    institutionId: Slug.optional().openapi({
      description:
        'Owning institution; an opleider always owns what they create. Absent for shared frameworks.',
    }),
  })
  .strict()
  .openapi('FrameworkCreate');

export const Framework = FrameworkCreate.extend({
  id: Id,
  institutionId: Slug.nullable(),
  createdAt: Timestamp,
}).openapi('Framework');
export type Framework = z.infer<typeof Framework>;

export const FrameworkQuery = PageQuery.extend({
  institution: Slug.optional(),
  kind: FrameworkKind.optional(),
});
export const FrameworkPage = pageOf(Framework, 'FrameworkPage');

export const CompetencyCreate = z
  .object({
    frameworkId: Id,
    uri: Uri.openapi({ description: 'Stable identifier; outcomes, roles and credentials align to it.' }),
    code: Text(40).optional().openapi({ example: 'B1-K1-W3' }),
    title: Text(300).openapi({ example: 'Voert verpleegtechnische handelingen uit' }),
    description: Text(2000).optional(),
    level: EducationLevelName.optional(),
  })
  .strict()
  .openapi('CompetencyCreate');

export const Competency = CompetencyCreate.omit({ level: true })
  .extend({ id: Id, level: Level.optional(), createdAt: Timestamp })
  .openapi('Competency');
export type Competency = z.infer<typeof Competency>;

export const CompetencyQuery = PageQuery.extend({
  framework: Id.optional(),
  level: EducationLevelName.optional(),
});
export const CompetencyPage = pageOf(Competency, 'CompetencyPage');
