import type { z } from '@hono/zod-openapi';
import { type Compilable, sql } from 'kysely';
import { type EducationLevel, levelOf } from '../../../schemas/common.js';
import type {
  Module,
  ModuleCreate,
  ModuleQuery,
  ModuleUpdate,
  ModuleVersion,
} from '../../../schemas/modules.js';
import type { AppDeps } from '../../app/app-env.js';
import { assertInstitutionAccess, owningInstitution, type Principal } from '../../auth/principal.js';
import type { Schema } from '../../db/schema.js';
import { containsText } from '../../db/text-search.js';
import { auditEvent } from '../../http/audit.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { ProblemError, problems } from '../../http/problem.js';
import { assertCompetenciesExist } from '../competencies/store.js';
import { assertInstitutionExists } from '../institutions/store.js';
import { findCycleThrough } from './prerequisite-cycle.js';

type Content = Omit<z.infer<typeof ModuleCreate>, 'institutionId' | 'code'>;
type StoredContent = Omit<Content, 'title' | 'level'>;
type VersionRow = Schema['module_version'];
type ModuleRow = Schema['module'];

function toVersion(module: ModuleRow, row: VersionRow, competencies: string[]): ModuleVersion {
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
async function competenciesOf(deps: AppDeps, pairs: { id: string; version: number }[]) {
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

const selectLatest = (deps: AppDeps) =>
  deps.db.kysely
    .selectFrom('module as m')
    .innerJoin('module_version as v', (join) =>
      join.onRef('v.module_id', '=', 'm.id').onRef('v.version', '=', 'm.latest_version'),
    )
    .selectAll('m')
    .select(['v.version', 'v.status', 'v.title', 'v.level', 'v.content', 'v.published_at'])
    .select('v.created_at as version_created_at');

/** Lists modules as their newest version shows them, filtered by institution, level, competency, status, text. */
export async function listModules(deps: AppDeps, query: z.infer<typeof ModuleQuery>) {
  const after = decodeCursor(query.cursor);
  let select = selectLatest(deps);
  if (query.institution) select = select.where('m.institution_id', '=', query.institution);
  if (query.level) select = select.where('v.level', '=', query.level);
  if (query.status) select = select.where('v.status', '=', query.status);
  if (query.competency) {
    const uri = query.competency;
    // A join lets SQLite start from the competency index; an EXISTS made it walk every module in id order.
    select = select.innerJoin('module_version_competency as c', (join) =>
      join
        .onRef('c.module_id', '=', 'm.id')
        .onRef('c.version', '=', 'm.latest_version')
        .on('c.competency_uri', '=', uri),
    );
  }
  if (query.q) select = select.where(containsText(['m.code', 'v.title'], query.q));
  if (after !== undefined) select = select.where('m.id', '>', after);
  const rows = (
    await select
      .orderBy('m.id')
      .limit(query.limit + 1)
      .execute()
  ).map(splitJoined);
  const taught = await competenciesOf(
    deps,
    rows.map(([m, v]) => ({ id: m.id, version: v.version })),
  );
  const modules = rows.map(([m, v]) => toModule(m, toVersion(m, v, taught(m.id, v.version))));
  return toPage(modules, query.limit, (m) => m.id);
}

async function loadLatest(deps: AppDeps, id: string): Promise<[ModuleRow, VersionRow]> {
  const row = await selectLatest(deps).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('module', id);
  return splitJoined(row);
}

export async function getModule(deps: AppDeps, id: string): Promise<Module> {
  const [module, version] = await loadLatest(deps, id);
  const taught = await competenciesOf(deps, [{ id, version: version.version }]);
  return toModule(module, toVersion(module, version, taught(id, version.version)));
}

/** Every version of a module, oldest first; published ones are exactly as they were published. */
export async function listModuleVersions(deps: AppDeps, id: string): Promise<ModuleVersion[]> {
  const [module] = await loadLatest(deps, id);
  const rows = await deps.db.kysely
    .selectFrom('module_version')
    .selectAll()
    .where('module_id', '=', id)
    .orderBy('version')
    .execute();
  const taught = await competenciesOf(
    deps,
    rows.map((r) => ({ id, version: r.version })),
  );
  return rows.map((r) => toVersion(module, r, taught(id, r.version)));
}

export async function getModuleVersion(deps: AppDeps, id: string, version: number): Promise<ModuleVersion> {
  const versions = await listModuleVersions(deps, id);
  const found = versions.find((v) => v.version === version);
  if (!found) throw problems.notFound('version of module', `${id}@${version}`);
  return found;
}

/**
 * Checks a version's references and returns the competencies it teaches: its outcomes must belong
 * to the module's institution, its prerequisites must exist, and it may not require what it teaches.
 */
async function validateContent(deps: AppDeps, institutionId: string, content: Content, selfId?: string) {
  const outcomes = await deps.db.kysely
    .selectFrom('learning_outcome as o')
    .leftJoin('learning_outcome_competency as a', 'a.outcome_id', 'o.id')
    .select(['o.id', 'o.institution_id', 'a.competency_uri'])
    .where('o.id', 'in', content.outcomes)
    .execute();
  const errors: { path: string; message: string }[] = [];
  content.outcomes.forEach((id, i) => {
    const rows = outcomes.filter((o) => o.id === id);
    if (rows.length === 0)
      errors.push({ path: `body.outcomes[${i}]`, message: `unknown learning outcome ${id}` });
    else if (rows[0]?.institution_id !== institutionId)
      errors.push({ path: `body.outcomes[${i}]`, message: `outcome ${id} belongs to another institution` });
  });
  const prerequisites = content.prerequisites.modules;
  const known = new Set(
    prerequisites.length === 0
      ? []
      : (
          await deps.db.kysely.selectFrom('module').select('id').where('id', 'in', prerequisites).execute()
        ).map((r) => r.id),
  );
  prerequisites.forEach((id, i) => {
    if (id === selfId || !known.has(id))
      errors.push({
        path: `body.prerequisites.modules[${i}]`,
        message: id === selfId ? 'a module cannot require itself' : `unknown module ${id}`,
      });
  });
  if (errors.length > 0) throw problems.invalidFields(errors);
  await assertCompetenciesExist(
    deps,
    content.prerequisites.competencies,
    (i) => `body.prerequisites.competencies[${i}]`,
  );

  const taught = [
    ...new Set(outcomes.flatMap((o) => (o.competency_uri === null ? [] : [o.competency_uri]))),
  ].sort();
  const circular = content.prerequisites.competencies.filter((uri) => taught.includes(uri));
  if (circular.length > 0)
    throw new ProblemError(
      422,
      'Prerequisite cycle',
      `The module requires ${circular.join(', ')}, which it teaches itself.`,
      circular.map((uri) => ({
        path: 'body.prerequisites.competencies',
        message: `requires what it teaches: ${uri}`,
      })),
    );
  return taught;
}

/** Refuses prerequisites that would close a cycle through this module, naming the cycle by module codes. */
async function assertNoCycle(deps: AppDeps, moduleId: string, prerequisites: readonly string[]) {
  if (prerequisites.length === 0) return;
  const reachable = await sql<{ module_id: string; prerequisite_id: string }>`
    WITH RECURSIVE reach(id) AS (
      SELECT value FROM json_each(${JSON.stringify(prerequisites)})
      UNION SELECT p.prerequisite_id FROM module_prerequisite p JOIN reach r ON p.module_id = r.id
    )
    SELECT p.module_id, p.prerequisite_id FROM module_prerequisite p WHERE p.module_id IN (SELECT id FROM reach)
  `.execute(deps.db.kysely);
  const edges = new Map<string, string[]>([[moduleId, [...prerequisites]]]);
  for (const { module_id, prerequisite_id } of reachable.rows) {
    if (module_id === moduleId) continue;
    edges.set(module_id, [...(edges.get(module_id) ?? []), prerequisite_id]);
  }
  const cycle = findCycleThrough(moduleId, edges);
  if (!cycle) return;
  const codes = new Map(
    (await deps.db.kysely.selectFrom('module').select(['id', 'code']).where('id', 'in', cycle).execute()).map(
      (r) => [r.id, r.code],
    ),
  );
  const named = cycle.map((id) => codes.get(id) ?? id).join(' → ');
  throw new ProblemError(422, 'Prerequisite cycle', `These prerequisites would form a cycle: ${named}.`, [
    { path: 'body.prerequisites.modules', message: `cycle: ${named}` },
  ]);
}

/** The writes that store one version's content, its taught competencies and its prerequisite edges. */
function versionWrites(
  deps: AppDeps,
  moduleId: string,
  version: number,
  content: Content,
  taught: string[],
  replace: boolean,
): Compilable[] {
  const { title, level, ...stored } = content;
  const db = deps.db.kysely;
  const row = { title, level: level ?? null, content: JSON.stringify(stored) };
  return [
    replace
      ? db
          .updateTable('module_version')
          .set(row)
          .where('module_id', '=', moduleId)
          .where('version', '=', version)
          .where('status', '=', 'draft')
      : db.insertInto('module_version').values({
          module_id: moduleId,
          version,
          status: 'draft',
          ...row,
          created_at: deps.now().toISOString(),
          published_at: null,
        }),
    db
      .deleteFrom('module_version_competency')
      .where('module_id', '=', moduleId)
      .where('version', '=', version),
    ...(taught.length === 0
      ? []
      : [
          db
            .insertInto('module_version_competency')
            .values(taught.map((uri) => ({ module_id: moduleId, version, competency_uri: uri }))),
        ]),
    db.deleteFrom('module_prerequisite').where('module_id', '=', moduleId),
    ...(content.prerequisites.modules.length === 0
      ? []
      : [
          db
            .insertInto('module_prerequisite')
            .values(content.prerequisites.modules.map((p) => ({ module_id: moduleId, prerequisite_id: p }))),
        ]),
  ];
}

/** Creates a module with its first version as a draft. */
export async function createModule(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof ModuleCreate>,
): Promise<Module> {
  const { institutionId: requested, code, ...content } = input;
  const institutionId = owningInstitution(principal, requested);
  await assertInstitutionExists(deps, institutionId);
  const taught = await validateContent(deps, institutionId, content);
  const id = deps.newId();
  await deps.db.atomically([
    deps.db.kysely.insertInto('module').values({
      id,
      institution_id: institutionId,
      code,
      latest_version: 1,
      published_version: null,
      created_at: deps.now().toISOString(),
    }),
    ...versionWrites(deps, id, 1, content, taught, false),
    auditEvent(deps, principal, 'module.created', 'module', id, { code }),
  ]);
  return getModule(deps, id);
}

/**
 * Changes a module: a draft changes in place; a published version stays as it is and the change
 * opens the next version as a draft.
 */
export async function updateModule(
  deps: AppDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof ModuleUpdate>,
): Promise<Module> {
  const [module, latest] = await loadLatest(deps, id);
  assertInstitutionAccess(principal, module.institution_id);
  const current = toVersion(module, latest, []);
  const content: Content = {
    title: current.title,
    description: current.description,
    language: current.language,
    outcomes: current.outcomes,
    studyLoad: current.studyLoad,
    ...(current.level === undefined ? {} : { level: current.level.name }),
    deliveryModes: current.deliveryModes,
    startPattern: current.startPattern,
    price: current.price,
    prerequisites: current.prerequisites,
    ...patch,
  };
  const taught = await validateContent(deps, module.institution_id, content, id);
  await assertNoCycle(deps, id, content.prerequisites.modules);
  const inPlace = latest.status === 'draft';
  const version = inPlace ? latest.version : latest.version + 1;
  await deps.db.atomically([
    ...(inPlace
      ? []
      : [
          deps.db.kysely
            .updateTable('module')
            .set({ latest_version: version })
            .where('id', '=', id)
            .where('latest_version', '=', latest.version),
        ]),
    ...versionWrites(deps, id, version, content, taught, inPlace),
    auditEvent(deps, principal, inPlace ? 'module.draft-updated' : 'module.version-opened', 'module', id, {
      version,
      patch,
    }),
  ]);
  return getModule(deps, id);
}

/** Publishes the newest draft; from then on that version never changes. Its prerequisites must be published. */
export async function publishModule(deps: AppDeps, principal: Principal, id: string): Promise<Module> {
  const [module, latest] = await loadLatest(deps, id);
  assertInstitutionAccess(principal, module.institution_id);
  if (latest.status !== 'draft')
    throw problems.conflict(
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
      throw problems.conflict(
        `Publish its prerequisites first: ${unpublished.map((m) => m.code).join(', ')}.`,
      );
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
    auditEvent(deps, principal, 'module.published', 'module', id, { version: latest.version }),
  ]);
  return getModule(deps, id);
}
