import { createRoute } from '@hono/zod-openapi';
import { AuditPage, AuditQuery } from '../../schemas/audit.js';
import { InstitutionSlugParam } from '../../schemas/credentials.js';
import { institutionAuditRule } from '../access/index.js';
import { loadInstitutionFacts } from '../catalog/index.js';
import { guard, param, secured } from '../http/guard.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem } from '../http/router.js';
import { institutionAuditTrail } from './institution-audit.js';

const audit = createRoute(
  secured(guard(param('id', loadInstitutionFacts), institutionAuditRule), {
    method: 'get',
    path: '/institutions/{id}/audit',
    tags: ['Instellingen'],
    summary: "An instelling's own audit trail, oldest first",
    description:
      'What happened to the instelling and what it owns: its recognitions of issuers, the routes planned ' +
      'through it (admission overrides with their reason, exemptions granted and dropped), the credentials it ' +
      'issued and their status, its catalog, and the presentations learners made to it.',
    request: { params: InstitutionSlugParam, query: AuditQuery },
    responses: {
      200: jsonResponse(AuditPage, 'A page of audit events'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * `GET /institutions/{id}/audit`, for its opleiders.
 * @example app.route('/', institutionAuditRoutes())
 */
export const institutionAuditRoutes = () =>
  newRouter().openapi(audit, async (c) =>
    c.json(await institutionAuditTrail(c.get('deps'), c.req.valid('param').id, c.req.valid('query')), 200),
  );
