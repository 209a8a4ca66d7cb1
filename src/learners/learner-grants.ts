import type { z } from '@hono/zod-openapi';
import type { Grant, GrantCreate, GrantScope } from '../../schemas/learners.js';
import type { Schema } from '../db/schema.js';
import type { Actor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';

type GrantRow = Schema['learner_grant'];

/**
 * The grants that give access on this day: not withdrawn, and not past their `until` day. The one
 * query both access facts and the list of learners a grantee sees start from.
 * @example await activeGrants(deps).select('learner_id').where('grantee_id', '=', 'han').execute()
 */
export const activeGrants = (deps: Pick<Deps, 'db' | 'now'>) =>
  deps.db.kysely
    .selectFrom('learner_grant')
    .where('withdrawn_at', 'is', null)
    .where((w) => w.or([w('until', 'is', null), w('until', '>=', today(deps))]));

/** A grant gives access until it is withdrawn or its `until` day has passed, as `activeGrants` selects. */
function grantStatus(grant: GrantRow, day: string): Grant['status'] {
  if (grant.withdrawn_at !== null) return 'withdrawn';
  if (grant.until !== null && grant.until < day) return 'expired';
  return 'active';
}

function toGrant(row: GrantRow, day: string): Grant {
  return {
    id: row.id,
    learnerId: row.learner_id,
    grantee: { kind: row.grantee_kind, id: row.grantee_id },
    scope: JSON.parse(row.scope) as GrantScope[],
    ...(row.purpose === null ? {} : { purpose: row.purpose }),
    ...(row.until === null ? {} : { until: row.until }),
    status: grantStatus(row, day),
    createdAt: row.created_at,
    ...(row.withdrawn_at === null ? {} : { withdrawnAt: row.withdrawn_at }),
  };
}

/**
 * Every grant the learner made, active, withdrawn and expired, oldest first.
 * @example (await grantsOf(deps, learnerId)).filter((g) => g.status === 'active')
 */
export async function grantsOf(deps: Pick<Deps, 'db' | 'now'>, learnerId: string): Promise<Grant[]> {
  const rows = await deps.db.kysely
    .selectFrom('learner_grant')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const day = today(deps);
  return rows.map((r) => toGrant(r, day));
}

/**
 * The learner lets an institution or employer read their profile and/or evidence, until a day or
 * until withdrawn. The grantee must exist; `until` may not lie in the past.
 * @example await createGrant(deps, learner, learnerId, { grantee: { kind: 'institution', id: 'han' }, scope: ['profile'] })
 */
export async function createGrant(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  learnerId: string,
  input: z.infer<typeof GrantCreate>,
): Promise<Grant> {
  const { kind, id } = input.grantee;
  const grantee = await deps.db.kysely
    .selectFrom(kind === 'institution' ? 'institution' : 'employer')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!grantee) throw fail.invalid('grantee.id', `there is no ${kind} '${id}'`);
  const day = today(deps);
  if (input.until !== undefined && input.until < day) throw fail.invalid('until', 'lies in the past');
  // The same grant twice would leave one active after the learner withdraws the other.
  const scope = [...new Set(input.scope)].sort().join(' ');
  const active = (await grantsOf(deps, learnerId)).find(
    (g) =>
      g.status === 'active' &&
      g.grantee.kind === kind &&
      g.grantee.id === id &&
      [...g.scope].sort().join(' ') === scope &&
      g.until === input.until,
  );
  if (active) throw fail.conflict(`Grant '${active.id}' already gives ${kind} '${id}' this access.`);
  const row: GrantRow = {
    id: deps.newId(),
    learner_id: learnerId,
    grantee_kind: kind,
    grantee_id: id,
    scope: JSON.stringify(input.scope),
    purpose: input.purpose ?? null,
    until: input.until ?? null,
    created_at: deps.now().toISOString(),
    withdrawn_at: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('learner_grant').values(row),
    learnerEvent(deps, actor, 'grant.created', learnerId, {
      grantId: row.id,
      grantee: input.grantee,
      scope: input.scope,
      ...(input.until === undefined ? {} : { until: input.until }),
    }),
  ]);
  return toGrant(row, day);
}

/**
 * The learner withdraws a grant; from then on it gives no access. The grant itself is kept.
 * @example (await withdrawGrant(deps, learner, learnerId, grantId)).status // 'withdrawn'
 */
export async function withdrawGrant(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  learnerId: string,
  grantId: string,
): Promise<Grant> {
  const row = await deps.db.kysely
    .selectFrom('learner_grant')
    .selectAll()
    .where('id', '=', grantId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('grant', grantId);
  if (row.withdrawn_at !== null) throw fail.conflict(`Grant '${grantId}' is already withdrawn.`);
  const now = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('learner_grant')
      .set({ withdrawn_at: now })
      .where('id', '=', grantId)
      .where('withdrawn_at', 'is', null),
    learnerEvent(deps, actor, 'grant.withdrawn', learnerId, { grantId }),
  ]);
  return toGrant({ ...row, withdrawn_at: now }, today(deps));
}
