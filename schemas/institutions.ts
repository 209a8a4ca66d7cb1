import { z } from '@hono/zod-openapi';
import { PageQuery, pageOf, patchOf, Slug, Text, Timestamp } from './common.js';

export const InstitutionKind = z.enum(['mbo', 'hbo', 'private', 'company']);

export const InstitutionCreate = z
  .object({
    id: Slug,
    name: Text(200).openapi({ example: 'Hogeschool van Arnhem en Nijmegen' }),
    kind: InstitutionKind,
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'use an ISO 3166-1 alpha-2 code')
      .default('NL'),
    qualityAssurance: Text(500).openapi({
      description: 'Type of quality assurance (EU micro-credential element).',
      example: 'NVAO-accreditatie',
    }),
    website: z.url().max(300).optional(),
  })
  .strict()
  .openapi('InstitutionCreate');

export const InstitutionUpdate = patchOf(InstitutionCreate.omit({ id: true })).openapi('InstitutionUpdate');

export const Institution = InstitutionCreate.extend({
  country: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).openapi('Institution');
export type Institution = z.infer<typeof Institution>;

export const InstitutionQuery = PageQuery.extend({ kind: InstitutionKind.optional() });
export const InstitutionPage = pageOf(Institution, 'InstitutionPage');
