import { levelOf } from '../../schemas/common.js';
import type { Profile, ProfilePut } from '../../schemas/learners.js';
import type { Schema } from '../db/schema.js';
import type { Actor } from '../kernel/audit.js';
import { fail, refuseFields } from '../kernel/errors.js';
import { type DbDeps, today, type WriteDeps } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';

type ProfileRow = Schema['learner_profile'];

/**
 * The Persoonlijk Profiel as the learner wrote it.
 * @example profileContent(row).accommodations // ['mondeling-examen']
 */
export const profileContent = (row: Pick<ProfileRow, 'content'>) => JSON.parse(row.content) as ProfilePut;

/**
 * The Persoonlijk Profiel as the API shows it, with the werk- en denkniveau as a full level.
 * @example toProfile(row).werkEnDenkniveau?.level // { name: 'mbo-4', nlqf: 4, eqf: 4 }
 */
export function toProfile(row: ProfileRow): Profile {
  const { werkEnDenkniveau, ...rest } = profileContent(row);
  return {
    ...rest,
    learnerId: row.learner_id,
    ...(werkEnDenkniveau === undefined
      ? {}
      : {
          werkEnDenkniveau: { level: levelOf(werkEnDenkniveau.level), evidence: werkEnDenkniveau.evidence },
        }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The learner's profile row, if they wrote one.
 * @example const row = await findProfile(deps, learnerId); // undefined before the first PUT
 */
export const findProfile = (deps: DbDeps, learnerId: string): Promise<ProfileRow | undefined> =>
  deps.db.kysely
    .selectFrom('learner_profile')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();

/**
 * The learner's Persoonlijk Profiel; a 404 when they have not written one.
 * @example (await readProfile(deps, learnerId)).talenten // ['Geduldig']
 */
export async function readProfile(deps: DbDeps, learnerId: string): Promise<Profile> {
  const row = await findProfile(deps, learnerId);
  if (!row) throw fail.notFound('profile of learner', learnerId);
  return toProfile(row);
}

/**
 * The learner writes their Persoonlijk Profiel whole; nobody else writes it. A level's evidence may not
 * be dated in the future.
 * @example await putProfile(deps, principal, learnerId, { talenten: ['Nauwkeurig'], accommodations: [] })
 */
export async function putProfile(
  deps: WriteDeps,
  actor: Actor,
  learnerId: string,
  input: ProfilePut,
): Promise<Profile> {
  const day = today(deps);
  refuseFields(
    (input.werkEnDenkniveau?.evidence ?? []).flatMap((e, i) =>
      e.date > day ? [{ field: `werkEnDenkniveau.evidence[${i}].date`, message: 'lies in the future' }] : [],
    ),
  );
  const existing = await findProfile(deps, learnerId);
  const now = deps.now().toISOString();
  const row: ProfileRow = {
    learner_id: learnerId,
    content: JSON.stringify(input),
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  const db = deps.db.kysely;
  await deps.db.atomically([
    existing
      ? db
          .updateTable('learner_profile')
          .set({ content: row.content, updated_at: now })
          .where('learner_id', '=', learnerId)
      : db.insertInto('learner_profile').values(row),
    learnerEvent(deps, actor, existing ? 'profile.replaced' : 'profile.created', learnerId),
  ]);
  return toProfile(row);
}
