import { type AuditEntry, auditTrailPage } from '../kernel/audit.js';
import type { Page, PageRequest } from '../kernel/pages.js';
import type { DbDeps } from '../kernel/ports.js';

/**
 * A route's audit trail, a page at a time, oldest first: what was done to the route (composed, changed,
 * approved, paused…) and to its sign-offs (recorded, corrected, with who and why), which are audited on
 * themselves. One trail for `GET /routes/{id}/audit` and the history page.
 * @example const { items } = await routeAuditTrail(deps, routeId, { limit: 50 });
 */
export function routeAuditTrail(
  deps: DbDeps,
  routeId: string,
  request: PageRequest,
): Promise<Page<AuditEntry>> {
  return auditTrailPage(
    deps,
    (eb) =>
      eb.or([
        eb.and([eb('resource_type', '=', 'route'), eb('resource_id', '=', routeId)]),
        eb.and([
          eb('resource_type', '=', 'signoff'),
          eb('resource_id', 'in', eb.selectFrom('signoff').select('id').where('route_id', '=', routeId)),
        ]),
      ]),
    request,
  );
}
