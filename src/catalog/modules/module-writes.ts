import type { z } from '@hono/zod-openapi';
import type { Compilable } from 'kysely';
import type { Module, ModuleCreate, ModuleUpdate } from '../../../schemas/modules.js';
import { owningInstitution } from '../../access/index.js';
import type { Principal } from '../../auth/principal.js';
import { auditEvent } from '../../kernel/audit.js';
import type { WriteDeps } from '../../kernel/ports.js';
import { assertInstitutionExists } from '../institutions/store.js';
import { codeOf, writeUnique } from '../unique-keys.js';
import { type Content, checkContent } from './module-content.js';
import { getModule, loadLatest, toVersion } from './module-queries.js';
import { assertNoCycle } from './prerequisite-cycle.js';

/** The writes that store one version's content, its taught competencies and its prerequisite edges. */
function versionWrites(
  deps: WriteDeps,
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

/**
 * Creates a module of an institution (the one named, or the opleider's own) with its first version as
 * a draft.
 * @example await createModule(deps, opleider, { code: 'ALO-KM', title, description, outcomes, studyLoad, … })
 */
export async function createModule(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof ModuleCreate>,
): Promise<Module> {
  const { institutionId: requested, code, ...content } = input;
  const institutionId = owningInstitution(principal, requested);
  await assertInstitutionExists(deps, institutionId);
  const taught = await checkContent(deps, institutionId, content);
  const id = deps.newId();
  await writeUnique(
    deps,
    [
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
    ],
    codeOf(deps, 'module', 'a module', institutionId, code),
  );
  return getModule(deps, id);
}

/**
 * Changes a module: a draft changes in place; a published version stays as it is and the change
 * opens the next version as a draft.
 * @example await updateModule(deps, opleider, id, { studyLoad: { hours: 112, ec: 4 } })
 */
export async function updateModule(
  deps: WriteDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof ModuleUpdate>,
): Promise<Module> {
  const [module, latest] = await loadLatest(deps, id);
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
  const taught = await checkContent(deps, module.institution_id, content, id);
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
