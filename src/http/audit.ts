import type { Compilable } from 'kysely';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';

/**
 * The append-only audit row for a write; pass it in the same `atomically` list as the write itself.
 * @example db.atomically([insert, auditEvent(deps, principal, 'module.published', 'module', id)])
 */
export function auditEvent(
  deps: AppDeps,
  principal: Principal,
  action: string,
  resourceType: string,
  resourceId: string,
  detail?: unknown,
): Compilable {
  return deps.db.kysely.insertInto('audit_event').values({
    id: deps.newId(),
    at: deps.now().toISOString(),
    actor: `${principal.role}:${principal.sub}`,
    action,
    resource_type: resourceType,
    resource_id: resourceId,
    detail: detail === undefined ? null : JSON.stringify(detail),
  });
}
