import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../../schemas/common.js';
import {
  Module,
  ModuleCreate,
  ModulePage,
  ModuleQuery,
  ModuleUpdate,
  ModuleVersion,
  ModuleVersionList,
  VersionParam,
} from '../../../schemas/modules.js';
import { draftsSeenBy } from '../../access/index.js';
import { secured, signedIn } from '../../http/guard.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { commonProblems, jsonResponse, notFoundProblem, writeProblems } from '../../http/router.js';
import { forNamedInstitution, ofInstitution } from '../catalog-guards.js';
import {
  getModule,
  getModuleVersion,
  listModules,
  listModuleVersions,
  loadModuleFacts,
} from './module-queries.js';
import { createModule, updateModule } from './module-writes.js';
import { publishModule } from './publish-module.js';

const tags = ['Modules'];
const mayChange = ofInstitution(loadModuleFacts);

const versions = createRoute(
  secured(signedIn, {
    method: 'get',
    path: '/modules/{id}/versions',
    tags,
    summary: 'All versions of a module the caller may see, oldest first (drafts only to its own catalog)',
    request: { params: IdParam },
    responses: {
      200: jsonResponse(ModuleVersionList, 'The versions'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const version = createRoute(
  secured(signedIn, {
    method: 'get',
    path: '/modules/{id}/versions/{version}',
    tags,
    summary: 'One version of a module, exactly as it was published',
    request: { params: VersionParam },
    responses: { 200: jsonResponse(ModuleVersion, 'The version'), ...commonProblems, ...notFoundProblem },
  }),
);

const publish = createRoute(
  secured(mayChange, {
    method: 'post',
    path: '/modules/{id}/publish',
    tags,
    summary: 'Publish the newest draft; from then on that version never changes',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Module, 'Published'), ...writeProblems, ...notFoundProblem },
  }),
);

/**
 * Modules: a change to a draft edits it; a change to a published module opens the next version as
 * a draft, and prerequisites that would form a cycle are refused with 422 naming the cycle. Whoever may
 * change a module's catalog reads it as its newest version, draft or not; everyone else reads its latest
 * published version, and never a draft.
 * @example app.route('/', moduleRoutes())
 */
export const moduleRoutes = () =>
  resourceRoutes({
    path: '/modules',
    tag: 'Modules',
    names: [
      'module (its first version is a draft)',
      'modules as their newest version shows them to their own catalog, else their latest published',
    ],
    schemas: {
      item: Module,
      page: ModulePage,
      query: ModuleQuery,
      create: ModuleCreate,
      update: ModuleUpdate,
    },
    access: { create: forNamedInstitution, update: mayChange },
    store: {
      list: (deps, query, reader) => listModules(deps, query, draftsSeenBy(reader)),
      get: (deps, id, reader) => getModule(deps, id, draftsSeenBy(reader)),
      create: createModule,
      update: updateModule,
    },
  })
    .openapi(versions, async (c) => {
      const drafts = draftsSeenBy(c.get('principal'));
      return c.json({ items: await listModuleVersions(c.get('deps'), c.req.valid('param').id, drafts) }, 200);
    })
    .openapi(version, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(
        await getModuleVersion(c.get('deps'), id, version, draftsSeenBy(c.get('principal'))),
        200,
      );
    })
    .openapi(publish, async (c) =>
      c.json(await publishModule(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    );
