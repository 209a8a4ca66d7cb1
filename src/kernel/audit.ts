import { type Compilable, type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { readInChunks } from '../db/chunks.js';
import type { Schema } from '../db/schema.js';
import { fail } from './errors.js';
import { decodeCursor, type Page, type PageRequest, toPage } from './pages.js';
import type { DbDeps, WriteDeps } from './ports.js';

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

const auditRow = (
  deps: WriteDeps,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string,
  detail: unknown,
) => ({
  id: deps.newId(),
  at: deps.now().toISOString(),
  actor: actorLabel(actor),
  action,
  resource_type: resourceType,
  resource_id: resourceId,
  detail: detail === undefined ? null : JSON.stringify(detail),
});

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
  return deps.db.kysely
    .insertInto('audit_event')
    .values(auditRow(deps, actor, action, resourceType, resourceId, detail));
}

/**
 * The audit row of a write whose effect the database decides, written only when `condition` holds at
 * that point of the same transaction: the row it records was stored (not ignored as a duplicate), or
 * the update before it changed a row (a concurrent duplicate changed none).
 * @example db.atomically([update, auditEventIf(deps, actor, 'credential.revoked', 'credential', id, detail, sql<SqlBool>`changes() = 1`)])
 */
export function auditEventIf(
  deps: WriteDeps,
  actor: Actor,
  action: string,
  resourceType: string,
  resourceId: string,
  detail: unknown,
  condition: Expression<SqlBool>,
): Compilable {
  const row = auditRow(deps, actor, action, resourceType, resourceId, detail);
  const columns = Object.keys(row) as (keyof typeof row)[];
  const insert = sql`INSERT INTO audit_event (${sql.join(columns.map((c) => sql.ref(c)))})
    SELECT ${sql.join(columns.map((c) => row[c]))} WHERE ${condition}`;
  return { compile: () => insert.compile(deps.db.kysely) };
}

/**
 * Where the `action` events of these resources stand in the audit, by resource id (the latest when
 * there are several): a later event has a greater position. The position is the audit's rowid, the
 * order rows were appended in; the clock may give two events the same time. A resource without such
 * an event is not in the map.
 * @example (await auditPositions(deps, 'signoff', 'signoff.corrected', [id])).get(id) // 812
 */
export async function auditPositions(
  deps: DbDeps,
  resourceType: string,
  action: string,
  resourceIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await readInChunks(resourceIds, (ids) =>
    deps.db.kysely
      .selectFrom('audit_event')
      .select(['resource_id', sql<number>`max(rowid)`.as('position')])
      .where('resource_type', '=', resourceType)
      .where('action', '=', action)
      .where('resource_id', 'in', ids)
      .groupBy('resource_id')
      .execute(),
  );
  return new Map(rows.map((r) => [r.resource_id, r.position]));
}

/** An audit event as an audit trail shows it. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  detail?: unknown;
}

/**
 * One page of the audit events `filter` selects, oldest first: by time, and events of one instant in
 * the order they were written (the audit's rowid; a batch writes several in one millisecond, and a test
 * clock stands still). The cursor is the last event's time and position, so events written meanwhile
 * never shift a page. `newestFirst` pages the other way, from the latest event back, for a reader who
 * wants what happened last on the first page; its cursors are not an oldest-first page's.
 * @example await auditTrailPage(deps, (eb) => eb('resource_type', '=', 'route').and('resource_id', '=', id), { limit: 50 })
 */
export async function auditTrailPage(
  deps: DbDeps,
  filter: (eb: ExpressionBuilder<Schema, 'audit_event'>) => Expression<SqlBool>,
  request: PageRequest & { newestFirst?: boolean },
): Promise<Page<AuditEntry>> {
  const after = decodeCursor(request.cursor);
  const beyond = request.newestFirst ? '<' : '>';
  const direction = request.newestFirst ? 'desc' : 'asc';
  let select = deps.db.kysely
    .selectFrom('audit_event')
    .selectAll()
    .select(sql<number>`rowid`.as('position'))
    .where(filter);
  if (after !== undefined) {
    const [at, position] = after.split(' ');
    if (at === undefined || !/^\d+$/.test(position ?? ''))
      throw fail.invalid('cursor', 'not a cursor from this API');
    select = select.where((eb) =>
      eb.or([
        eb('at', beyond, at),
        eb.and([eb('at', '=', at), eb(sql<number>`rowid`, beyond, Number(position))]),
      ]),
    );
  }
  const rows = await select
    .orderBy('at', direction)
    .orderBy(sql`rowid`, direction)
    .limit(request.limit + 1)
    .execute();
  const page = toPage(rows, request.limit, (row) => `${row.at} ${row.position}`);
  return {
    ...page,
    items: page.items.map((row) => ({
      at: row.at,
      actor: row.actor,
      action: row.action,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as unknown }),
    })),
  };
}
