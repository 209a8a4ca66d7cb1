import { createRoute, type z } from '@hono/zod-openapi';
import { AuditPage, AuditQuery } from '../../schemas/audit.js';
import { IdParam } from '../../schemas/common.js';
import { VersionParam } from '../../schemas/modules.js';
import { RouteListQuery, RouteSummaryPage } from '../../schemas/route-list.js';
import {
  PauseRequest,
  ReplanRequest,
  ResumeRequest,
  Route,
  RouteChange,
  RouteCompose,
  RoutePreview,
} from '../../schemas/routes.js';
import { composeRule, routeRules } from '../access/index.js';
import { body, type Guard, guard, param, secured, signedIn, text } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { adjustRoute } from './adjust.js';
import { approveRoute } from './approvals.js';
import { composeRoute, previewRoute } from './compose.js';
import { pauseRoute, resumeRoute } from './pause-resume.js';
import { replanRoute } from './replan.js';
import { routeAuditTrail } from './route-audit.js';
import { loadRouteFacts } from './route-facts.js';
import { listRoutes } from './route-list.js';
import { readRoute } from './route-versions.js';

const tags = ['Leerroutes'];
const mayCompose = guard(
  body((b) => ({ institutionId: text(b.institutionId) })),
  composeRule,
);
const mayRead = guard(param('id', loadRouteFacts), routeRules.read);
const mayAdjust = guard(param('id', loadRouteFacts), routeRules.adjust);
const mayApprove = guard(param('id', loadRouteFacts), routeRules.approve);
const mayPause = guard(param('id', loadRouteFacts), routeRules.pause);

const routeResponse = (description: string) => ({
  200: jsonResponse(Route, description),
  ...writeProblems,
  ...notFoundProblem,
});
/** A state change of a route at `/routes/{id}/<path>`, with a JSON body. */
const action = <Body extends z.ZodType>(
  access: Guard,
  path: string,
  summary: string,
  description: string,
  body: Body,
) =>
  createRoute(
    secured(access, {
      method: 'post',
      path: `/routes/{id}/${path}`,
      tags,
      summary,
      description,
      request: { params: IdParam, body: jsonBody(body) },
      responses: routeResponse('The route as it is now'),
    }),
  );

const preview = createRoute(
  secured(mayCompose, {
    method: 'post',
    path: '/routes/preview',
    tags,
    summary: 'Plan a route without saving it',
    description:
      'Only what the role needs that the learner cannot yet demonstrate, essential modules first, on real start ' +
      'moments, each item with its reasons. Needs the learner’s grant to read their profile.',
    request: { body: jsonBody(RouteCompose) },
    responses: { 200: jsonResponse(RoutePreview, 'The planned route'), ...writeProblems },
  }),
);

const compose = createRoute(
  secured(mayCompose, {
    method: 'post',
    path: '/routes',
    tags,
    summary: 'Compose and save a route (a draft, version 1)',
    description:
      'Needs the learner’s grant to read their profile. Refused with 422 when the learner is not admitted to ' +
      'the qualification and no override is given.',
    request: { body: jsonBody(RouteCompose) },
    responses: { 201: jsonResponse(Route, 'The composed route'), ...writeProblems },
  }),
);

const list = createRoute(
  secured(signedIn, {
    method: 'get',
    path: '/routes',
    tags,
    summary: 'List the routes you take part in',
    description:
      'Only routes the caller may read: a learner their own, an opleider those of their instelling, a werkgever ' +
      'those of their employer, a praktijkopleider those they are assigned to; an admin none. Filter by `learner`, ' +
      '`assessor=me` (a praktijkopleider: assigned to me), `employer` or `institution`; filters only narrow.',
    request: { query: RouteListQuery },
    responses: { 200: jsonResponse(RouteSummaryPage, 'A page of routes, by id'), ...commonProblems },
  }),
);

const read = createRoute(
  secured(mayRead, {
    method: 'get',
    path: '/routes/{id}',
    tags,
    summary: 'Read a route (its current version)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Route, 'The route'), ...commonProblems, ...notFoundProblem },
  }),
);

const audit = createRoute(
  secured(mayRead, {
    method: 'get',
    path: '/routes/{id}/audit',
    tags,
    summary: "The route's audit trail, oldest first",
    description:
      'Every change of the route: composed, adjusted, approved, paused, replanned; an admission override with ' +
      'its reason; each exemption granted and dropped (with its evidence, and why: a credential revoked, ' +
      'suspended or unreadable at a replan, a refusal). Each sign-off recorded or corrected (`signoff.*`). ' +
      'What the instelling did to the credentials issued for the route: `credential.issued` (detail names ' +
      'the module), `credential.suspended`, `credential.revoked` and `credential.reinstated` (detail has the ' +
      "reason). Not what the learner did with them (sharing, a wallet's pickup), nor the copies wallets " +
      'picked up, which follow their original.',
    request: { params: IdParam, query: AuditQuery },
    responses: {
      200: jsonResponse(AuditPage, 'A page of audit events'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const readVersion = createRoute(
  secured(mayRead, {
    method: 'get',
    path: '/routes/{id}/versions/{version}',
    tags,
    summary: 'Read an earlier version of a route',
    request: { params: VersionParam },
    responses: { 200: jsonResponse(Route, 'That version'), ...commonProblems, ...notFoundProblem },
  }),
);

const change = createRoute(
  secured(mayAdjust, {
    method: 'patch',
    path: '/routes/{id}',
    tags,
    summary: 'Adjust a route (opleider)',
    description:
      'Move an item (refused with 422 if it would come before its prerequisite), add or remove a module, grant an ' +
      'exemption with its evidence, refuse one with its reason. Makes a new version that needs approval again.',
    request: { params: IdParam, body: jsonBody(RouteChange) },
    responses: routeResponse('The new version'),
  }),
);

const approve = createRoute(
  secured(mayApprove, {
    method: 'post',
    path: '/routes/{id}/approvals',
    tags,
    summary: 'Approve the current version',
    description:
      'The opleider, an assigned praktijkopleider and the learner each approve; then the route is agreed.',
    request: { params: IdParam },
    responses: routeResponse('The route with this approval'),
  }),
);
const pause = action(
  mayPause,
  'pause',
  'Pause the route',
  'Later modules shift past the pause; nothing is lost. A pause may be planned ahead: the route reads as ' +
    '`paused` only while today is inside the pause (from its `from` up to, not including, its `until`).',
  PauseRequest,
);
const resume = action(
  mayPause,
  'resume',
  'Resume: end a pause, or cancel a planned one',
  'Study resumes on the given day (today when absent). The pause that day falls in, else the current or the ' +
    'next planned one, ends then, or is cancelled when that day is on or before its start. 409 when the ' +
    'route has no current or planned pause.',
  ResumeRequest,
);
const replan = action(
  mayAdjust,
  'replan',
  'Replan toward a new role, qualification or pace',
  'Completed modules and exemptions are kept.',
  ReplanRequest,
);

/**
 * The routes of learning routes: compose and preview, list, read (and earlier versions, and its audit trail),
 * adjust, approve, pause, resume and replan, each declaring who may call it.
 * @example app.route('/', learningRouteRoutes())
 */
export const learningRouteRoutes = () =>
  newRouter()
    .openapi(preview, async (c) =>
      c.json(await previewRoute(c.get('deps'), c.get('principal'), c.req.valid('json')), 200),
    )
    .openapi(compose, async (c) =>
      c.json(await composeRoute(c.get('deps'), c.get('principal'), c.req.valid('json')), 201),
    )
    .openapi(list, async (c) =>
      c.json(await listRoutes(c.get('deps'), c.get('principal'), c.req.valid('query')), 200),
    )
    .openapi(read, async (c) => c.json(await readRoute(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(audit, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await routeAuditTrail(c.get('deps'), id, c.req.valid('query')), 200);
    })
    .openapi(readVersion, async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json(await readRoute(c.get('deps'), id, version), 200);
    })
    .openapi(change, async (c) =>
      c.json(
        await adjustRoute(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(approve, async (c) =>
      c.json(await approveRoute(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(pause, async (c) =>
      c.json(
        await pauseRoute(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(resume, async (c) =>
      c.json(
        await resumeRoute(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(replan, async (c) =>
      c.json(
        await replanRoute(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    );
