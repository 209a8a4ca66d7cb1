import type { z } from '@hono/zod-openapi';
import { type RawBuilder, sql } from 'kysely';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type { Module, ModuleQuery, ModuleVersion } from '../../../schemas/modules.js';
import type { DraftsSeen } from '../../access/index.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { fail } from '../../kernel/errors.js';
import { keysetPage, type Page } from '../../kernel/pages.js';
import type { DbDeps } from '../../kernel/ports.js';
import type { StoredContent } from './module-content.js';

/** A module's own row and one of its versions' rows. */
export type ModuleRow = Schema['module'];
export type VersionRow = Schema['module_version'];

/**
 * A version as the API shows it, from its rows and the competencies it teaches.
 * @example toVersion(module, latest, []).prerequisites
 */
export function toVersion(module: ModuleRow, row: VersionRow, competencies: string[]): ModuleVersion {
  const content = JSON.parse(row.content) as StoredContent;
  return {
    moduleId: module.id,
    institutionId: module.institution_id,
    code: module.code,
    version: row.version,
    status: row.status,
    title: row.title,
    ...content,
    ...(row.level === null ? {} : { level: levelOf(row.level as EducationLevel) }),
    competencies,
    createdAt: row.created_at,
    ...(row.published_at === null ? {} : { publishedAt: row.published_at }),
  };
}

function toModule(module: ModuleRow, version: ModuleVersion): Module {
  const { moduleId, ...rest } = version;
  return {
    id: moduleId,
    ...rest,
    ...(module.published_version === null ? {} : { publishedVersion: module.published_version }),
  };
}

/** The taught competencies of the given (module, version) pairs, in one query. */
async function competenciesOf(deps: DbDeps, pairs: { id: string; version: number }[]) {
  const key = (id: string, version: number) => `${id}@${version}`;
  const result = new Map<string, string[]>(pairs.map((p) => [key(p.id, p.version), []]));
  if (pairs.length === 0) return (id: string, version: number) => result.get(key(id, version)) ?? [];
  const rows = await deps.db.kysely
    .selectFrom('module_version_competency')
    .select(['module_id', 'version', 'competency_uri'])
    .where(
      'module_id',
      'in',
      pairs.map((p) => p.id),
    )
    .orderBy('competency_uri')
    .execute();
  for (const row of rows) result.get(key(row.module_id, row.version))?.push(row.competency_uri);
  return (id: string, version: number) => result.get(key(id, version)) ?? [];
}

type JoinedRow = ModuleRow & Omit<VersionRow, 'module_id' | 'created_at'> & { version_created_at: string };

const splitJoined = (row: JoinedRow): [ModuleRow, VersionRow] => [
  {
    id: row.id,
    institution_id: row.institution_id,
    code: row.code,
    latest_version: row.latest_version,
    published_version: row.published_version,
    created_at: row.created_at,
  },
  {
    module_id: row.id,
    version: row.version,
    status: row.status,
    title: row.title,
    level: row.level,
    content: row.content,
    created_at: row.version_created_at,
    published_at: row.published_at,
  },
];

/** What the service itself reads (writes, issuing, sign-offs): every module as its newest version. */
const EVERY_DRAFT: DraftsSeen = 'every-institution';

const seesDraftsOf = (drafts: DraftsSeen, institutionId: string) =>
  drafts === 'every-institution' || drafts.institutionId === institutionId;

/** The newest version of the module row `m` where its drafts are seen, else NULL. */
const newestSeen = (drafts: DraftsSeen): RawBuilder<number | null> =>
  drafts === 'every-institution'
    ? sql`${sql.ref('m.latest_version')}`
    : drafts.institutionId === undefined
      ? sql`NULL`
      : sql`CASE WHEN ${sql.ref('m.institution_id')} = ${drafts.institutionId} THEN ${sql.ref('m.latest_version')} END`;

/**
 * The version of the module row `m` a reader is shown: its newest where they see its drafts, else its
 * latest published, else NULL (the module is not shown). `published` asks for the latest published
 * version of every module; `draft` for the drafts the reader sees (with a filter on the status).
 */
const shownVersion = (drafts: DraftsSeen, status?: ModuleVersion['status']): RawBuilder<number | null> =>
  status === 'published'
    ? sql`${sql.ref('m.published_version')}`
    : status === 'draft'
      ? newestSeen(drafts)
      : sql`COALESCE(${newestSeen(drafts)}, ${sql.ref('m.published_version')})`;

/** Modules joined with the version `version` gives of each (a module without one is left out). */
const selectShown = (deps: DbDeps, version: RawBuilder<number | null>) =>
  deps.db.kysely
    .selectFrom('module as m')
    .innerJoin('module_version as v', (join) =>
      join.onRef('v.module_id', '=', 'm.id').on('v.version', '=', version),
    )
    .selectAll('m')
    .select(['v.version', 'v.status', 'v.title', 'v.level', 'v.content', 'v.published_at'])
    .select('v.created_at as version_created_at');

/** Joined module rows as modules, with their taught competencies read in one query. */
const toModules = (deps: DbDeps) => async (joined: JoinedRow[]) => {
  const rows = joined.map(splitJoined);
  const taught = await competenciesOf(
    deps,
    rows.map(([m, v]) => ({ id: m.id, version: v.version })),
  );
  return rows.map(([m, v]) => toModule(m, toVersion(m, v, taught(m.id, v.version))));
};

type ModulePage = Page<Module>;

/** Answers read at a module-list revision, per database and reader's drafts; dropped whole when the revision moves. */
const listed = new WeakMap<DbDeps['db'], { revision: number; pages: Map<string, ModulePage> }>();
/** Distinct list queries kept at one revision; beyond this the oldest go. */
const MAX_LISTED = 500;

/**
 * A page of modules as the reader is shown them (see `shownVersion`: the newest version of those whose
 * drafts they see, else the latest published), filtered by institution, level, competency, status and
 * text. Answers are kept per query and per drafts seen (one reader's draft is never another's answer)
 * at the module-list revision that triggers raise on every write to modules, their versions and
 * competencies (migration 0019): a list read again before any such write costs one query.
 * @example await listModules(deps, { competency: uri, status: 'published', limit: 20 }, { institutionId: undefined })
 */
export async function listModules(
  deps: DbDeps,
  query: z.infer<typeof ModuleQuery>,
  drafts: DraftsSeen,
): Promise<ModulePage> {
  const row = await deps.db.kysely.selectFrom('module_list_revision').select('revision').executeTakeFirst();
  const revision = row?.revision ?? 0;
  let kept = listed.get(deps.db);
  if (kept?.revision !== revision) {
    kept = { revision, pages: new Map() };
    listed.set(deps.db, kept);
  }
  const key = JSON.stringify([drafts, query]);
  const found = kept.pages.get(key);
  if (found) return found;
  const page = await readModules(deps, query, drafts);
  // A page read while a write committed may be newer than `revision`: it is kept only if nothing moved.
  const after = await deps.db.kysely.selectFrom('module_list_revision').select('revision').executeTakeFirst();
  if ((after?.revision ?? 0) === revision) {
    if (kept.pages.size >= MAX_LISTED) kept.pages.delete(kept.pages.keys().next().value as string);
    kept.pages.set(key, page);
  }
  return page;
}

/** The page of modules a list query asks for, read from the database. */
async function readModules(
  deps: DbDeps,
  query: z.infer<typeof ModuleQuery>,
  drafts: DraftsSeen,
): Promise<ModulePage> {
  const version = shownVersion(drafts, query.status);
  let select = selectShown(deps, version);
  if (query.institution) select = select.where('m.institution_id', '=', query.institution);
  if (query.level) select = select.where('v.level', '=', query.level);
  if (query.status) select = select.where('v.status', '=', query.status);
  if (query.competency) {
    const uri = query.competency;
    // A join lets SQLite start from the competency index; an EXISTS made it walk every module in id order.
    select = select.innerJoin('module_version_competency as c', (join) =>
      join.onRef('c.module_id', '=', 'm.id').on('c.version', '=', version).on('c.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['m.code', 'v.title'], query.q));
  return keysetPage(select, query, 'm.id', toModules(deps), (m) => m.id);
}

/**
 * A module's row and its newest version's row; a 404 when there is no such module.
 * @example const [module, latest] = await loadLatest(deps, id)
 */
export async function loadLatest(deps: DbDeps, id: string): Promise<[ModuleRow, VersionRow]> {
  return loadShown(deps, id, EVERY_DRAFT);
}

async function loadShown(deps: DbDeps, id: string, drafts: DraftsSeen): Promise<[ModuleRow, VersionRow]> {
  const row = await selectShown(deps, shownVersion(drafts)).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound('module', id);
  return splitJoined(row);
}

/**
 * A module as the reader is shown it: its newest version where they see its drafts (the service itself
 * sees every one), else its latest published; a 404 when there is none they may see.
 * @example (await getModule(deps, id)).publishedVersion
 * @example await getModule(deps, id, draftsSeenBy(learner)) // the published version, never a draft
 */
export async function getModule(deps: DbDeps, id: string, drafts: DraftsSeen = EVERY_DRAFT): Promise<Module> {
  const [module, version] = await loadShown(deps, id, drafts);
  const taught = await competenciesOf(deps, [{ id, version: version.version }]);
  return toModule(module, toVersion(module, version, taught(id, version.version)));
}

/**
 * The institution of a module, for the guards of its writes; a 404 when there is none.
 * @example guard(param('id', loadModuleFacts), catalogRules.institution)
 */
export async function loadModuleFacts(deps: DbDeps, id: string): Promise<{ institutionId: string }> {
  const [module] = await loadLatest(deps, id);
  return { institutionId: module.institution_id };
}

/**
 * The versions of a module the reader is shown, oldest first: every one where they see its drafts, else
 * the published ones, exactly as they were published; a 404 when there is none they may see.
 * @example (await listModuleVersions(deps, id)).map((v) => v.status) // ['published', 'draft']
 */
export async function listModuleVersions(
  deps: DbDeps,
  id: string,
  drafts: DraftsSeen = EVERY_DRAFT,
): Promise<ModuleVersion[]> {
  const [module] = await loadShown(deps, id, drafts);
  let select = deps.db.kysely.selectFrom('module_version').selectAll().where('module_id', '=', id);
  if (!seesDraftsOf(drafts, module.institution_id)) select = select.where('status', '=', 'published');
  const rows = await select.orderBy('version').execute();
  const taught = await competenciesOf(
    deps,
    rows.map((r) => ({ id, version: r.version })),
  );
  return rows.map((r) => toVersion(module, r, taught(id, r.version)));
}

/**
 * One version of a module, exactly as it was published; a 404 when there is none the reader may see.
 * @example (await getModuleVersion(deps, moduleId, 1)).outcomes
 */
export async function getModuleVersion(
  deps: DbDeps,
  id: string,
  version: number,
  drafts: DraftsSeen = EVERY_DRAFT,
): Promise<ModuleVersion> {
  const versions = await listModuleVersions(deps, id, drafts);
  const found = versions.find((v) => v.version === version);
  if (!found) throw fail.notFound('version of module', `${id}@${version}`);
  return found;
}
