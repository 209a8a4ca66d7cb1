/** An instelling's own audit trail: what other features use of it. */
export { institutionAuditRoutes } from './routes.js';
