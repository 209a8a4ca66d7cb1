import { createRoute, type OpenAPIHono, type RouteConfig, type z } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import type { Principal } from '../auth/principal.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { type Guard, secured, signedIn } from './guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from './router.js';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ResourceSpec<Query extends AnyObject, Create extends AnyObject, Update extends AnyObject> {
  /** Collection path, e.g. `/roles`; the item path is `/roles/{id}`. */
  path: string;
  tag: string;
  /** Singular and plural name for summaries, e.g. `['role', 'roles']`. */
  names: [string, string];
  /** The path parameter of the item, when ids are not generated (e.g. slugs). */
  params?: AnyObject;
  schemas: { item: z.ZodType; page: z.ZodType; query: Query; create: Create; update?: Update };
  /** Who may create and change one; anyone signed in reads (what a store shows may depend on who reads). */
  access: { create: Guard; update?: Guard };
  store: {
    list(deps: AppDeps, query: z.infer<Query>, reader: Principal): Promise<unknown>;
    get(deps: AppDeps, id: string, reader: Principal): Promise<unknown>;
    create(deps: AppDeps, principal: Principal, input: z.infer<Create>): Promise<unknown>;
    update?(deps: AppDeps, principal: Principal, id: string, patch: z.infer<Update>): Promise<unknown>;
  };
}

// The JSON of each list answer, by the answer itself: a store that keeps its answers (the module list,
// per revision) hands out the same object until the data changes, and serialising a page of 40 modules
// was a tenth of serving it again. Answers are plain data no one changes once returned.
const rendered = new WeakMap<object, string>();
const jsonOf = (page: unknown): string => {
  if (page === null || typeof page !== 'object') return JSON.stringify(page);
  let json = rendered.get(page);
  if (json === undefined) {
    json = JSON.stringify(page);
    rendered.set(page, json);
  }
  return json;
};

/**
 * The list/read/create/change routes of a catalog resource, documented in the OpenAPI document.
 * The store functions hold the rules; this only wires validated input to them.
 * @example resourceRoutes({ path: '/roles', tag: 'Werkgevers', names: ['role', 'roles'], schemas, store })
 */
export function resourceRoutes<Query extends AnyObject, Create extends AnyObject, Update extends AnyObject>(
  spec: ResourceSpec<Query, Create, Update>,
): OpenAPIHono<AppEnv> {
  const { path, names, schemas, store, access } = spec;
  const [one, many] = names;
  const tags = [spec.tag];
  const params = spec.params ?? IdParam;
  const router = newRouter();
  // Route configs are built from runtime schemas here, so their precise types are not useful to the chain.
  const open = (guard: Guard, route: RouteConfig, handler: Parameters<OpenAPIHono<AppEnv>['openapi']>[1]) =>
    router.openapi(createRoute(secured(guard, route)), handler);

  open(
    signedIn,
    {
      method: 'get',
      path,
      tags,
      summary: `List ${many}`,
      request: { query: schemas.query },
      responses: { 200: jsonResponse(schemas.page, `A page of ${many}`), ...commonProblems },
    },
    async (c) => {
      const page = await store.list(
        c.get('deps'),
        c.req.valid('query' as never) as z.infer<Query>,
        c.get('principal'),
      );
      return c.body(jsonOf(page), 200, { 'content-type': 'application/json' });
    },
  );
  open(
    signedIn,
    {
      method: 'get',
      path: `${path}/{id}`,
      tags,
      summary: `Read a ${one}`,
      request: { params },
      responses: { 200: jsonResponse(schemas.item, `The ${one}`), ...commonProblems, ...notFoundProblem },
    },
    async (c) => c.json(await store.get(c.get('deps'), c.req.param('id') as string, c.get('principal')), 200),
  );
  open(
    access.create,
    {
      method: 'post',
      path,
      tags,
      summary: `Create a ${one}`,
      request: { body: jsonBody(schemas.create) },
      responses: { 201: jsonResponse(schemas.item, 'Created'), ...writeProblems },
    },
    async (c) =>
      c.json(
        await store.create(
          c.get('deps'),
          c.get('principal'),
          c.req.valid('json' as never) as z.infer<Create>,
        ),
        201,
      ),
  );
  const { update } = store;
  if (update && schemas.update && access.update) {
    open(
      access.update,
      {
        method: 'patch',
        path: `${path}/{id}`,
        tags,
        summary: `Change a ${one}`,
        request: { params, body: jsonBody(schemas.update) },
        responses: { 200: jsonResponse(schemas.item, 'Changed'), ...writeProblems, ...notFoundProblem },
      },
      async (c) =>
        c.json(
          await update(
            c.get('deps'),
            c.get('principal'),
            c.req.param('id') as string,
            c.req.valid('json' as never) as z.infer<Update>,
          ),
          200,
        ),
    );
  }
  return router;
}
