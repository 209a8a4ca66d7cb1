import { sql } from 'kysely';
import type { Module } from '../../../schemas/modules.js';
import { type Actor, auditEvent } from '../../kernel/audit.js';
import { fail } from '../../kernel/errors.js';
import type { WriteDeps } from '../../kernel/ports.js';
import type { StoredContent } from './module-content.js';
import { getModule, loadLatest } from './module-queries.js';

/**
 * Publishes the newest draft; from then on that version never changes. Its prerequisites must be
 * published, and the institution's catalog revision goes up by one.
 * @example (await publishModule(deps, opleider, id)).publishedVersion // 1
 */
export async function publishModule(deps: WriteDeps, actor: Actor, id: string): Promise<Module> {
  const [module, latest] = await loadLatest(deps, id);
  if (latest.status !== 'draft')
    throw fail.conflict(
      `Version ${latest.version} is already published; change the module to open a new draft.`,
    );
  const { prerequisites } = JSON.parse(latest.content) as StoredContent;
  if (prerequisites.modules.length > 0) {
    const unpublished = await deps.db.kysely
      .selectFrom('module')
      .select('code')
      .where('id', 'in', prerequisites.modules)
      .where('published_version', 'is', null)
      .execute();
    if (unpublished.length > 0)
      throw fail.conflict(`Publish its prerequisites first: ${unpublished.map((m) => m.code).join(', ')}.`);
  }
  const at = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('module_version')
      .set({ status: 'published', published_at: at })
      .where('module_id', '=', id)
      .where('version', '=', latest.version)
      .where('status', '=', 'draft'),
    deps.db.kysely.updateTable('module').set({ published_version: latest.version }).where('id', '=', id),
    deps.db.kysely
      .insertInto('catalog_revision')
      .values({ institution_id: module.institution_id, revision: 1 })
      .onConflict((oc) => oc.column('institution_id').doUpdateSet({ revision: sql`revision + 1` })),
    auditEvent(deps, actor, 'module.published', 'module', id, { version: latest.version }),
  ]);
  return getModule(deps, id);
}
