const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The operationId of an operation that declares none, from its method and path: path words in
 * camelCase, a `{parameter}` as `By` + its name. Unique because a method and a path are.
 * @example operationIdOf('post', '/routes/{id}/signoffs/reconcile') // 'postRoutesByIdSignoffsReconcile'
 * @example operationIdOf('get', '/institutions/{id}/did.json') // 'getInstitutionsByIdDidJson'
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
      return parameter === undefined ? segment.split(/[^A-Za-z0-9]+/) : ['by', parameter];
    })
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

type OpenApiDocument = { paths?: object | undefined };

/**
 * The OpenAPI document with an operationId on every operation: the one an operation declares, or
 * operationIdOf its method and path. Clients generated from the document name their methods by it.
 * @example withOperationIds(app.getOpenAPI31Document(info)).paths['/routes'].get.operationId // 'getRoutes'
 */
export function withOperationIds<D extends OpenApiDocument>(doc: D): D {
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Record<string, unknown>][]) {
    for (const method of METHODS) {
      const operation = item[method];
      if (typeof operation !== 'object' || operation === null) continue;
      const declared = (operation as { operationId?: unknown }).operationId;
      if (typeof declared !== 'string')
        Object.assign(operation, { operationId: operationIdOf(method, path) });
    }
  }
  return doc;
}
