import type { Compilable } from 'kysely';
import type { WriteDeps } from './ports.js';

/** Who did something: the role and subject of a token, or the service itself (`system:…`). */
export interface Actor {
  role: string;
  sub: string;
}

/**
 * How an actor is written in audit rows and change records.
 * @example actorLabel({ role: 'opleider', sub: 'ans' }) // 'opleider:ans'
 */
export const actorLabel = (actor: Actor): string => `${actor.role}:${actor.sub}`;

/** The service acting on its own (the owed-credential sweep, fixtures), not on anyone's request. */
export const systemActor = (name: string): Actor => ({ role: 'system', sub: name });

/**
 * The append-only audit row for a write; pass it in the same `atomically` list as the write itself.
 * @example db.atomically([insert, auditEvent(deps, actor, 'module.published', 'module', id)])
 */
export function auditEvent(
  deps: WriteDeps,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string,
  detail?: unknown,
): Compilable {
  return deps.db.kysely.insertInto('audit_event').values({
    id: deps.newId(),
    at: deps.now().toISOString(),
    actor: actorLabel(actor),
    action,
    resource_type: resourceType,
    resource_id: resourceId,
    detail: detail === undefined ? null : JSON.stringify(detail),
  });
}
