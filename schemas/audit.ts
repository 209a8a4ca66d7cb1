import { z } from '@hono/zod-openapi';
import { PageQuery, pageOf, Timestamp } from './common.js';

/** One audit event, as an audit trail shows it. */
export const AuditEvent = z
  .object({
    at: Timestamp,
    actor: z.string().openapi({ example: 'opleider:opleider-han' }),
    action: z.string().openapi({ example: 'route.admission-overridden' }),
    resourceType: z.string().openapi({ example: 'route' }),
    resourceId: z.string(),
    detail: z.unknown().optional(),
  })
  .openapi('AuditEvent');

export const AuditPage = pageOf(AuditEvent, 'AuditPage');

export const AuditQuery = PageQuery.omit({ q: true });
