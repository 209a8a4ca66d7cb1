import { createRoute, z } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import { VerifiableCredential } from '../../schemas/credentials.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem } from '../http/router.js';
import { getCredential, learnerCredentials, routeCredentials } from './store.js';

const tags = ['Credentials'];

const StoredCredential = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    routeId: z.string().optional(),
    moduleId: z.string().optional(),
    issuedAt: z.string(),
    status: z.enum(['active', 'revoked', 'suspended']),
    verifiableCredential: VerifiableCredential,
  })
  .openapi('StoredCredential');
const StoredCredentialList = z.object({ items: z.array(StoredCredential) }).openapi('StoredCredentialList');
const CredentialIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'urn:uuid:…' }),
});

const ofRoute = createRoute({
  method: 'get',
  path: '/routes/{id}/credentials',
  tags,
  summary: 'The module microcredentials a route earned',
  description: 'Issued once, when every outcome of a module is signed off at the workplace.',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(StoredCredentialList, 'The credentials'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

const ofLearner = createRoute({
  method: 'get',
  path: '/learners/{id}/credentials',
  tags,
  summary: "A learner's credentials (only the learner)",
  request: { params: IdParam },
  responses: {
    200: jsonResponse(StoredCredentialList, 'The credentials'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

const one = createRoute({
  method: 'get',
  path: '/credentials/{id}',
  tags,
  summary: 'One credential, for its learner or its issuer',
  request: { params: CredentialIdParam },
  responses: { 200: jsonResponse(StoredCredential, 'The credential'), ...commonProblems, ...notFoundProblem },
});

export const moduleCredentialRoutes = () =>
  newRouter()
    .openapi(ofRoute, async (c) =>
      c.json(await routeCredentials(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(ofLearner, async (c) =>
      c.json(await learnerCredentials(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(one, async (c) =>
      c.json(await getCredential(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    );
