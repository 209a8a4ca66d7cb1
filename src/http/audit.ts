// TRANSITION: moved to src/kernel/audit.ts. Delete once nothing imports it.
export { auditEvent } from '../kernel/audit.js';
