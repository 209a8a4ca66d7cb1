/** What other features use of routes; they import it from here, never from its inner files. */

export { approveRoute, awaitingApproval } from './approvals.js';
export { recordCompletion, withdrawCompletion, withdrawnCompletions } from './completions.js';
export { composeRoute, previewRoute } from './compose.js';
export type { PlanningDeps, RouteDeps } from './planning.js';
export { routeAuditTrail } from './route-audit.js';
export { loadRouteFacts } from './route-facts.js';
export { listRoutes } from './route-list.js';
export { endedRefusal } from './route-status.js';
export { type LoadedRoute, loadRoute, openRoute, type RouteRow, readRoute } from './route-versions.js';
