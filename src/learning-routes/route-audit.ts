import { type AuditEntry, auditTrailPage } from '../kernel/audit.js';
import type { Page, PageRequest } from '../kernel/pages.js';
import type { DbDeps } from '../kernel/ports.js';

/**
 * What the instelling did to a credential it issued for a route. What the learner did with it is left
 * out: sharing it (`credential.shared`, `credential.share-withdrawn`) is their business (eigen regie),
 * not the opleider's, and so is picking it up in a wallet (`credential.picked-up`, written on the copy).
 * Listed rather than excluded, so that an action added later stays out until someone decides it belongs.
 */
const CREDENTIAL_ACTIONS = [
  'credential.issued',
  'credential.suspended',
  'credential.revoked',
  'credential.reinstated',
];

/**
 * A route's audit trail, a page at a time, oldest first (or `newestFirst`): what was done to the route
 * (composed, changed, approved, paused…), to its sign-offs (recorded, corrected, with who and why) and
 * to the credentials issued for it (issued, suspended, revoked, reinstated, with why), which are audited
 * on themselves. A credential belongs to the route by its `route_id`, which only the route's module
 * credentials carry: the copies wallets picked up have none, so their events (the pickup, and the status
 * changes that follow their original's, `follows` naming it) are not here; the original's event already
 * says what happened, and which wallets hold a copy is the learner's business. One trail for
 * `GET /routes/{id}/audit` and the history page (which reads it `newestFirst`, as its versions are).
 * @example const { items } = await routeAuditTrail(deps, routeId, { limit: 50 });
 */
export function routeAuditTrail(
  deps: DbDeps,
  routeId: string,
  request: PageRequest & { newestFirst?: boolean },
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
        eb.and([
          eb('resource_type', '=', 'credential'),
          eb('action', 'in', CREDENTIAL_ACTIONS),
          eb('resource_id', 'in', eb.selectFrom('credential').select('id').where('route_id', '=', routeId)),
        ]),
      ]),
    request,
  );
}
