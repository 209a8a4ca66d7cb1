import { z } from '@hono/zod-openapi';
import { Id, PageQuery, pageOf, patchOf, Slug, Text, Timestamp, Uri } from './common.js';

export const Sector = z.enum(['zorg', 'onderwijs', 'techniek', 'ict', 'energie', 'bouw', 'overig']);

export const Location = z
  .object({ id: Slug, name: Text(200), city: Text(100) })
  .strict()
  .openapi('Location');

export const EmployerCreate = z
  .object({
    id: Slug.openapi({ example: 'ksu' }),
    name: Text(200).openapi({ example: 'Katholieke Scholenstichting Utrecht' }),
    sector: Sector,
    locations: z
      .array(Location)
      .max(200)
      .refine((l) => new Set(l.map((x) => x.id)).size === l.length, 'location ids must differ')
      .default([]),
  })
  .strict()
  .openapi('EmployerCreate');

export const EmployerUpdate = patchOf(EmployerCreate.omit({ id: true })).openapi('EmployerUpdate');

export const Employer = EmployerCreate.extend({ createdAt: Timestamp, updatedAt: Timestamp }).openapi(
  'Employer',
);
export type Employer = z.infer<typeof Employer>;

export const EmployerQuery = PageQuery.extend({ sector: Sector.optional() });
export const EmployerPage = pageOf(Employer, 'EmployerPage');

export const Requirement = z
  .object({
    competency: Uri,
    priority: z.enum(['essential', 'later']).openapi({
      description: '`essential`: needed to work independently at this workplace, planned first.',
    }),
    note: Text(500).optional(),
  })
  .strict()
  .openapi('Requirement');

export const RoleCreate = z
  .object({
    employerId: Slug.optional().openapi({ description: "Defaults to the werkgever's own employer." }),
    title: Text(200).openapi({ example: 'Leerkracht bewegingsonderwijs' }),
    locationId: Slug.optional().openapi({ description: 'The location whose needs this role describes.' }),
    description: Text(4000).optional(),
    requirements: z
      .array(Requirement)
      .min(1)
      .max(500)
      .refine((r) => new Set(r.map((x) => x.competency)).size === r.length, 'list each competency once'),
  })
  .strict()
  .openapi('RoleCreate');

export const RoleUpdate = patchOf(RoleCreate.omit({ employerId: true })).openapi('RoleUpdate');

export const Role = RoleCreate.extend({
  id: Id,
  employerId: Slug,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('Role');
export type Role = z.infer<typeof Role>;

export const RoleQuery = PageQuery.extend({
  employer: Slug.optional(),
  competency: Uri.optional(),
  q: PageQuery.shape.q.openapi({ description: "Text search in the title and the employer's name." }),
});
export const RolePage = pageOf(Role, 'RolePage');

export const AssessorQualification = z.enum(['mbo-examinator', 'hbo-examinator', 'evc-assessor']);

export const AssessorCreate = z
  .object({
    employerId: Slug.optional().openapi({ description: "Defaults to the werkgever's own employer." }),
    name: Text(200).openapi({ example: 'Fatima el Amrani' }),
    email: z.email().max(200),
    subject: Text(200).optional().openapi({
      description: 'The `sub` of this praktijkopleider in their tokens, to tie sign-offs to them.',
    }),
    qualifications: z
      .array(AssessorQualification)
      .refine((q) => new Set(q).size === q.length, 'list each qualification once')
      .default([]),
  })
  .strict()
  .openapi('AssessorCreate');

export const AssessorUpdate = patchOf(AssessorCreate.omit({ employerId: true })).openapi('AssessorUpdate');

export const Assessor = AssessorCreate.extend({
  id: Id,
  employerId: Slug,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('Assessor');
export type Assessor = z.infer<typeof Assessor>;

export const AssessorQuery = PageQuery.extend({
  employer: Slug.optional(),
  qualification: AssessorQualification.optional(),
});
export const AssessorPage = pageOf(Assessor, 'AssessorPage');
