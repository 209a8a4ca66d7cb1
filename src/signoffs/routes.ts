import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import {
  ReconcileResult,
  RouteAssessorAssign,
  RouteAssessorList,
  SignoffCreate,
  SignoffList,
  SignoffRecorded,
} from '../../schemas/signoffs.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { issueAfterSignoff, issueModuleCredentials } from '../module-credentials/issue-module-credentials.js';
import {
  assignAssessor,
  listRouteAssessors,
  listSignoffs,
  reconcileCompletions,
  recordSignoff,
} from './store.js';

const tags = ['Praktijktoets'];

const assign = createRoute({
  method: 'post',
  path: '/routes/{id}/assessors',
  tags,
  summary: 'Assign a praktijkopleider to a route',
  description:
    "By the werkgever of the route's employer or the opleider of its institution. The assessor must work for " +
    "the route's employer (422 otherwise). Assigning someone already assigned answers 200 and changes nothing.",
  request: { params: IdParam, body: jsonBody(RouteAssessorAssign) },
  responses: {
    201: jsonResponse(RouteAssessorList, 'Assigned; every praktijkopleider of the route'),
    200: jsonResponse(RouteAssessorList, 'Already assigned; every praktijkopleider of the route'),
    ...writeProblems,
    ...notFoundProblem,
  },
});

const listAssessors = createRoute({
  method: 'get',
  path: '/routes/{id}/assessors',
  tags,
  summary: 'The praktijkopleiders assigned to a route',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(RouteAssessorList, 'The assigned praktijkopleiders'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

const signOff = createRoute({
  method: 'post',
  path: '/routes/{id}/signoffs',
  tags,
  summary: 'Sign off a learning outcome (praktijktoets)',
  description:
    'By a praktijkopleider assigned to the route (403 otherwise), for an outcome of a module in the current plan ' +
    '(422 at `body.outcomeId` otherwise); an outcome that requires an examiner needs an examiner-qualified ' +
    'praktijkopleider (403). Accommodations default to the route’s. A sign-off is never edited: a correction ' +
    'names the sign-off it `supersedes` and gives a `reason`. When every outcome of the module has a current ' +
    'passed sign-off, the module is recorded as completed in the route (a new version; approvals stay). The same ' +
    'sign-off sent again answers 200 with the first one; `Idempotency-Key` is honoured as well.',
  request: { params: IdParam, body: jsonBody(SignoffCreate) },
  responses: {
    201: jsonResponse(SignoffRecorded, 'Recorded'),
    200: jsonResponse(SignoffRecorded, 'This sign-off was recorded before; nothing new was written'),
    ...writeProblems,
    ...notFoundProblem,
  },
});

const list = createRoute({
  method: 'get',
  path: '/routes/{id}/signoffs',
  tags,
  summary: 'The sign-offs of a route and where each module stands',
  description: 'For the route’s opleider, the praktijkopleiders of its employer and the learner.',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SignoffList, 'The sign-offs'), ...commonProblems, ...notFoundProblem },
});

const reconcile = createRoute({
  method: 'post',
  path: '/routes/{id}/signoffs/reconcile',
  tags,
  summary: 'Record completions the sign-offs establish but the route does not show yet',
  description:
    'Every sign-off already does this for its route; this pass repairs a route after an interrupted request. ' +
    'Running it again changes nothing. By the route’s opleider or an assigned praktijkopleider.',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(ReconcileResult, 'What was recorded, and where each module stands'),
    ...writeProblems,
    ...notFoundProblem,
  },
});

export const signoffRoutes = () =>
  newRouter()
    .openapi(assign, async (c) => {
      const { created, items } = await assignAssessor(
        c.get('deps'),
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return created ? c.json({ items }, 201) : c.json({ items }, 200);
    })
    .openapi(listAssessors, async (c) =>
      c.json(
        { items: await listRouteAssessors(c.get('deps'), c.get('principal'), c.req.valid('param').id) },
        200,
      ),
    )
    .openapi(signOff, async (c) => {
      const { created, body } = await recordSignoff(
        c.get('deps'),
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      if (body.module.completed)
        await issueAfterSignoff(c.get('deps'), c.get('principal'), c.req.valid('param').id);
      return created ? c.json(body, 201) : c.json(body, 200);
    })
    .openapi(list, async (c) =>
      c.json(await listSignoffs(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(reconcile, async (c) => {
      const { id } = c.req.valid('param');
      const reconciled = await reconcileCompletions(c.get('deps'), c.get('principal'), id);
      await issueModuleCredentials(c.get('deps'), c.get('principal'), id);
      return c.json(reconciled, 200);
    });
