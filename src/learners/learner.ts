import type { Learner } from '../../schemas/learners.js';
import { listableLearners } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import type { Schema } from '../db/schema.js';
import { containsText } from '../db/text-search.js';
import { fail } from '../kernel/errors.js';
import { keysetPage, type Page, type PageRequest } from '../kernel/pages.js';
import type { DbDeps, Deps } from '../kernel/ports.js';
import { activeGrants } from './learner-grants.js';

export type LearnerRow = Schema['learner'];

/**
 * A learner that exists and has not erased themselves, with their name and email; a 404 otherwise.
 * @example const { name, email } = await loadLearner(deps, learnerId);
 */
export async function loadLearner(deps: DbDeps, learnerId: string): Promise<LearnerRow> {
  const row = await deps.db.kysely
    .selectFrom('learner')
    .selectAll()
    .where('id', '=', learnerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw fail.notFound('learner', learnerId);
  return row;
}

/**
 * A learner as the API shows it.
 * @example toLearner(await loadLearner(deps, id)) // { id, subject: 'rianne', name: 'Rianne de Vries', … }
 */
export const toLearner = (row: LearnerRow): Learner => ({
  id: row.id,
  subject: row.subject ?? '',
  name: row.name ?? '',
  email: row.email ?? '',
  ...(row.did === null ? {} : { did: row.did }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * The learners the caller may see, by id, from after `after` on: themselves, or those who granted the
 * caller's institution or employer today; with `q`, only those whose name contains it (in any case).
 * Fetches up to `limit` rows.
 * @example await listLearners(deps, { sub: 'hr', role: 'werkgever', employer: 'ksu' }, { limit: 21 })
 * @example await listLearners(deps, opleiderOfHan, { q: 'jansen', limit: 50 }) // Willem Jansen, …
 */
export async function listLearners(
  deps: Pick<Deps, 'db' | 'now'>,
  principal: Principal,
  page: PageRequest & { q?: string | undefined },
): Promise<Page<Learner>> {
  const listing = listableLearners(principal);
  if (listing.by === 'none') return { items: [] };
  let select = deps.db.kysely.selectFrom('learner').selectAll().where('status', '=', 'active');
  if (listing.by === 'subject') select = select.where('subject', '=', listing.subject);
  else
    select = select.where(
      'id',
      'in',
      activeGrants(deps)
        .select('learner_id')
        .where('grantee_kind', '=', listing.granteeKind)
        .where('grantee_id', '=', listing.granteeId),
    );
  if (page.q) select = select.where(containsText(['name'], page.q));
  return keysetPage(
    select,
    page,
    'id',
    (rows) => rows.map(toLearner),
    (l) => l.id,
  );
}
