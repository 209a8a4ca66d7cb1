import type { GrantScope } from '../../schemas/learners.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import type { Schema } from '../db/schema.js';
import { problems } from '../http/problem.js';

export type LearnerRow = Schema['learner'];
type GrantRow = Schema['learner_grant'];

/** The calendar day of the app's clock, `YYYY-MM-DD`, which `until` dates are compared with. */
export const today = (deps: AppDeps) => deps.now().toISOString().slice(0, 10);

/** A grant gives access until it is withdrawn or its `until` day has passed. */
export function grantStatus(grant: GrantRow, day: string): 'active' | 'withdrawn' | 'expired' {
  if (grant.withdrawn_at !== null) return 'withdrawn';
  if (grant.until !== null && grant.until < day) return 'expired';
  return 'active';
}

/** The institution or employer a principal reads for, if their role reads on behalf of one. */
function granteeOf(principal: Principal): { kind: GrantRow['grantee_kind']; id: string } | undefined {
  if (principal.role === 'opleider' && principal.institution !== undefined)
    return { kind: 'institution', id: principal.institution };
  if ((principal.role === 'werkgever' || principal.role === 'praktijkopleider') && principal.employer)
    return { kind: 'employer', id: principal.employer };
  return undefined;
}

/** A learner that exists and is not erased, if there is one. */
const findLearner = (deps: AppDeps, learnerId: string): Promise<LearnerRow | undefined> =>
  deps.db.kysely
    .selectFrom('learner')
    .selectAll()
    .where('id', '=', learnerId)
    .where('status', '=', 'active')
    .executeTakeFirst();

/** A learner that exists and is not erased; a 404 problem otherwise. */
export async function loadLearner(deps: AppDeps, learnerId: string): Promise<LearnerRow> {
  const row = await findLearner(deps, learnerId);
  if (!row) throw problems.notFound('learner', learnerId);
  return row;
}

export const isSelf = (principal: Principal, learner: LearnerRow) =>
  principal.role === 'learner' && learner.subject !== null && principal.sub === learner.subject;

/**
 * How a principal may reach a learner's data: as the learner, through an active grant naming
 * their institution or employer (covering `scope`, or any scope when it is absent), or not at all.
 * Admins get no access: nobody sees a learner's data without the learner's grant.
 */
export async function accessOf(
  deps: AppDeps,
  principal: Principal,
  learner: LearnerRow,
  scope: GrantScope | undefined,
): Promise<'self' | 'grantee' | undefined> {
  if (isSelf(principal, learner)) return 'self';
  const grantee = granteeOf(principal);
  if (grantee === undefined) return undefined;
  const grants = await deps.db.kysely
    .selectFrom('learner_grant')
    .selectAll()
    .where('learner_id', '=', learner.id)
    .where('grantee_kind', '=', grantee.kind)
    .where('grantee_id', '=', grantee.id)
    .where('withdrawn_at', 'is', null)
    .execute();
  const day = today(deps);
  const covers = (g: GrantRow) =>
    grantStatus(g, day) === 'active' &&
    (scope === undefined || (JSON.parse(g.scope) as GrantScope[]).includes(scope));
  return grants.some(covers) ? 'grantee' : undefined;
}

/**
 * Whether `principal` may read `scope` of a learner: the learner themselves, an opleider of a
 * granted institution, a werkgever or praktijkopleider of a granted employer. False for a learner
 * that does not exist.
 * @example await canRead(deps, { sub: 'hr-ksu', role: 'werkgever', employer: 'ksu' }, id, 'profile') // false
 */
export async function canRead(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  scope: GrantScope,
): Promise<boolean> {
  const row = await findLearner(deps, learnerId);
  return row !== undefined && (await accessOf(deps, principal, row, scope)) !== undefined;
}

/**
 * Throws 404 for a learner that does not exist and 403 unless `canRead` holds.
 * @example await assertCanRead(deps, opleider, learnerId, 'evidence')
 */
export async function assertCanRead(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  scope: GrantScope,
): Promise<void> {
  await assertReadable(deps, principal, learnerId, scope);
}

/** As `assertCanRead`, returning the learner and how the principal reaches it. */
export async function assertReadable(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  scope: GrantScope | undefined,
): Promise<{ learner: LearnerRow; access: 'self' | 'grantee' }> {
  const learner = await loadLearner(deps, learnerId);
  const access = await accessOf(deps, principal, learner, scope);
  if (access === undefined)
    throw problems.forbidden(
      `Learner '${learnerId}' has not granted you access${scope === undefined ? '' : ` to their ${scope}`}.`,
    );
  return { learner, access };
}

/** Only the learner themselves: 404 for an unknown learner, 403 for anyone else. */
export async function assertSelf(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
): Promise<LearnerRow> {
  const learner = await loadLearner(deps, learnerId);
  if (!isSelf(principal, learner)) throw problems.forbidden(`Only learner '${learnerId}' may do this.`);
  return learner;
}
