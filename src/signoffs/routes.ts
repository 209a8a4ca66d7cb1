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
import { type RouteFacts, type Rule, routeRules } from '../access/index.js';
import type { AppDeps } from '../http/app-env.js';
import { guard, param, secured } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import type { Actor } from '../kernel/audit.js';
import { loadRouteFacts } from '../learning-routes/index.js';
import { reconcileCompletions } from './completion-catch-up.js';
import { recordSignoff } from './record-signoff.js';
import { assignAssessor, listRouteAssessors } from './route-assessors.js';
import { settleAfterSignoff } from './settle-after-signoff.js';
import { listSignoffs } from './signoffs.js';

/**
 * Settles a route's credentials with its sign-offs: issues what its completed modules are owed and not
 * yet given, suspends the credential of a module a correction took back, and reinstates it once the
 * module is passed again. Credentials are not the sign-offs' to decide: the app passes the issuing
 * feature's step in.
 */
export type SettleCredentials = (deps: AppDeps, actor: Actor, routeId: string) => Promise<unknown>;

const tags = ['Praktijktoets'];
/** Who may call an operation on the route in the path, by one of the route's rules. */
const onRoute = (rule: Rule<RouteFacts>) => guard(param('id', loadRouteFacts), rule);

const assign = createRoute(
  secured(onRoute(routeRules.assignAssessor), {
    method: 'post',
    path: '/routes/{id}/assessors',
    tags,
    summary: 'Assign a praktijkopleider to a route',
    description:
      "The assessor must work for the route's employer (422 otherwise). Assigning someone already assigned " +
      'answers 200 and changes nothing.',
    request: { params: IdParam, body: jsonBody(RouteAssessorAssign) },
    responses: {
      201: jsonResponse(RouteAssessorList, 'Assigned; every praktijkopleider of the route'),
      200: jsonResponse(RouteAssessorList, 'Already assigned; every praktijkopleider of the route'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const listAssessors = createRoute(
  secured(onRoute(routeRules.read), {
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
  }),
);

const signOff = createRoute(
  secured(onRoute(routeRules.signOff), {
    method: 'post',
    path: '/routes/{id}/signoffs',
    tags,
    summary: 'Sign off a learning outcome (praktijktoets)',
    description:
      'For an outcome of a module in the current plan (422 at `body.outcomeId` otherwise); an outcome that ' +
      'requires an examiner needs an examiner-qualified praktijkopleider (403). Accommodations default to the ' +
      'route’s. A sign-off is never edited: a correction names the sign-off it `supersedes` and gives a ' +
      '`reason`. When every outcome of the module has a current passed sign-off, the module is recorded as ' +
      'completed in the route (a new version; approvals stay) and its credential is issued. A correction that ' +
      'takes a completed module back (an outcome no longer passed) suspends its credential, with the ' +
      'correction’s reason, until the module is passed again: then the same credential is reinstated. The ' +
      'same sign-off sent again answers 200 with the first one; `Idempotency-Key` is honoured as well.',
    request: { params: IdParam, body: jsonBody(SignoffCreate) },
    responses: {
      201: jsonResponse(SignoffRecorded, 'Recorded'),
      200: jsonResponse(SignoffRecorded, 'This sign-off was recorded before; nothing new was written'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const list = createRoute(
  secured(onRoute(routeRules.readSignoffs), {
    method: 'get',
    path: '/routes/{id}/signoffs',
    tags,
    summary: 'The sign-offs of a route and where each module stands',
    request: { params: IdParam },
    responses: { 200: jsonResponse(SignoffList, 'The sign-offs'), ...commonProblems, ...notFoundProblem },
  }),
);

const reconcile = createRoute(
  secured(onRoute(routeRules.reconcile), {
    method: 'post',
    path: '/routes/{id}/signoffs/reconcile',
    tags,
    summary: 'Record completions the sign-offs establish but the route does not show yet',
    description:
      'Every sign-off already does this for its route (records completions the sign-offs establish, and takes ' +
      'back those a correction undid); this pass repairs a route after an interrupted request, ' +
      'issues the credentials its completed modules are owed, suspends those of modules a correction took ' +
      'back, and reinstates those a correction suspended whose module is passed again. Running it again ' +
      'changes nothing.',
    request: { params: IdParam },
    responses: {
      200: jsonResponse(ReconcileResult, 'What was recorded, and where each module stands'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * The workplace sign-off routes: assessors on a route, sign-offs, and the reconcile pass. `settle`
 * runs after a sign-off that completed a module or corrected one (settleAfterSignoff: best effort, the
 * sign-off stands, a failure is logged and a reconcile or the sweep settles later) and on every
 * reconcile (where a failure fails it).
 * @example app.route('/', signoffRoutes(settleModuleCredentials))
 */
export const signoffRoutes = (settle: SettleCredentials) =>
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
      c.json({ items: await listRouteAssessors(c.get('deps'), c.req.valid('param').id) }, 200),
    )
    .openapi(signOff, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const { created, body } = await recordSignoff(deps, c.get('principal'), id, c.req.valid('json'));
      await settleAfterSignoff(deps, id, body, () => settle(deps, c.get('principal'), id));
      return created ? c.json(body, 201) : c.json(body, 200);
    })
    .openapi(list, async (c) => c.json(await listSignoffs(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(reconcile, async (c) => {
      const { id } = c.req.valid('param');
      const reconciled = await reconcileCompletions(c.get('deps'), c.get('principal'), id);
      await settle(c.get('deps'), c.get('principal'), id);
      return c.json(reconciled, 200);
    });
