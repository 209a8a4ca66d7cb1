import { createRoute, z } from '@hono/zod-openapi';
import {
  DidDocument,
  InstitutionSlugParam,
  PUBLISHED_SCHEMAS,
  SchemaNameParam,
} from '../../schemas/credentials.js';
import { BitstringStatusListCredential, StatusListIdParam } from '../../schemas/status-lists.js';
import {
  BUNDLED_CONTEXTS,
  LOOPBRUG_CONTEXT,
  loopbrugContext,
  MICROCREDENTIAL_CONTEXT_NAMES,
} from '../credentials/index.js';
import { publicRoute } from '../http/guard.js';
import { jsonResponse, newRouter, notFoundProblem } from '../http/router.js';
import { fail } from '../kernel/errors.js';
import { didDocument } from './issuer-keys.js';
import { signedStatusList } from './status-lists.js';

const tags = ['Credentials'];

const didJson = createRoute(
  publicRoute({
    method: 'get',
    path: '/institutions/{id}/did.json',
    tags,
    summary: "An instelling's did:web DID document: every issuer key, active and retired (public)",
    request: { params: InstitutionSlugParam },
    responses: { 200: jsonResponse(DidDocument, 'The DID document'), ...notFoundProblem },
  }),
);

const context = createRoute(
  publicRoute({
    method: 'get',
    path: '/contexts/{name}',
    tags,
    summary: "Loopbrug's JSON-LD context for the micro-credential terms OBv3 lacks (public)",
    description:
      '`microcredential-v2.jsonld`: the context every credential issued now names by its stable URL ' +
      '`https://id.loopbrug.nl/contexts/microcredential-v2.jsonld` (bundled in every deployment, served here ' +
      'for people); `microcredential-v1.jsonld`, the version before it (without the EU Annex I optional ' +
      'elements). `loopbrug-v1.jsonld`: the per-deployment context of credentials issued before issue 9.',
    request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) }) },
    responses: {
      200: {
        description: 'The context',
        content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...notFoundProblem,
    },
  }),
);

const schema = createRoute(
  publicRoute({
    method: 'get',
    path: '/schemas/{name}',
    tags,
    summary: 'A JSON Schema referenced by credentialSchema (public)',
    request: { params: SchemaNameParam },
    responses: {
      200: {
        description: 'The schema',
        content: { 'application/schema+json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...notFoundProblem,
    },
  }),
);

const statusList = createRoute(
  publicRoute({
    method: 'get',
    path: '/status-lists/{id}',
    tags,
    summary: "An instelling's signed Bitstring Status List credential (public)",
    description:
      'One list per instelling for the credentials it issues (`statusPurpose: message`, 131,072 entries of 2 bits: ' +
      '0 active, 1 suspended, 2 revoked), and for credentials issued before, a 1-bit revocation and a 1-bit ' +
      'suspension list; re-signed when an entry changes.',
    request: { params: StatusListIdParam },
    responses: {
      200: jsonResponse(BitstringStatusListCredential, 'The status list credential'),
      ...notFoundProblem,
    },
  }),
);

/** The contexts this deployment serves by name: each version of the stable one, and its own per-deployment one of before. */
function contextNamed(name: string, publicUrl: string) {
  const stable = MICROCREDENTIAL_CONTEXT_NAMES.get(name);
  if (stable) return BUNDLED_CONTEXTS.get(stable);
  return name === LOOPBRUG_CONTEXT ? loopbrugContext(publicUrl) : undefined;
}

/**
 * What a verifier of our credentials reads, without a token: DID documents, our contexts, our schemas
 * and our status lists.
 * @example app.route('/', publishedRoutes())
 */
export const publishedRoutes = () =>
  newRouter()
    .openapi(didJson, async (c) => c.json(await didDocument(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(context, async (c) => {
      const { name } = c.req.valid('param');
      const found = contextNamed(name, c.get('deps').urls.base);
      if (!found) throw fail.notFound('context', name);
      return c.json(found, 200, { 'content-type': 'application/ld+json' });
    })
    .openapi(schema, async (c) => {
      const { name } = c.req.valid('param');
      if (!Object.hasOwn(PUBLISHED_SCHEMAS, name)) throw fail.notFound('schema', name);
      const found = PUBLISHED_SCHEMAS[name];
      return c.json(found as Record<string, unknown>, 200, { 'content-type': 'application/schema+json' });
    })
    .openapi(statusList, async (c) => {
      const { id } = c.req.valid('param');
      const signed = await signedStatusList(c.get('deps'), id);
      if (!signed) throw fail.notFound('status list', id);
      return c.json(signed, 200);
    });
