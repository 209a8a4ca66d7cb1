import { createRoute, z } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import { VerifiableCredential } from '../../schemas/credentials.js';
import { CredentialIdParam } from '../../schemas/status-lists.js';
import { credentialRules, learnerRules, routeRules } from '../access/index.js';
import { guard, param, secured } from '../http/guard.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem } from '../http/router.js';
import { learnerGuard } from '../learners/index.js';
import { loadRouteFacts } from '../learning-routes/index.js';
import {
  getCredential,
  learnerCredentials,
  loadCredentialFacts,
  routeCredentials,
} from './stored-credentials.js';

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

const ofRoute = createRoute(
  secured(guard(param('id', loadRouteFacts), routeRules.read), {
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
  }),
);

const ofLearner = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'get',
    path: '/learners/{id}/credentials',
    tags,
    summary: "A learner's credentials",
    request: { params: IdParam },
    responses: {
      200: jsonResponse(StoredCredentialList, 'The credentials'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const one = createRoute(
  secured(guard(param('id', loadCredentialFacts), credentialRules.read), {
    method: 'get',
    path: '/credentials/{id}',
    tags,
    summary: 'One credential',
    description: '`id` is the URL-encoded credential id.',
    request: { params: CredentialIdParam },
    responses: {
      200: jsonResponse(StoredCredential, 'The credential'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * Reading issued credentials: those of a route, a learner's wallet, and one by its id.
 * @example app.route('/', storedCredentialRoutes())
 */
export const storedCredentialRoutes = () =>
  newRouter()
    .openapi(ofRoute, async (c) =>
      c.json(await routeCredentials(c.get('deps'), c.req.valid('param').id), 200),
    )
    .openapi(ofLearner, async (c) =>
      c.json(await learnerCredentials(c.get('deps'), c.req.valid('param').id), 200),
    )
    .openapi(one, async (c) => c.json(await getCredential(c.get('deps'), c.req.valid('param').id), 200));
