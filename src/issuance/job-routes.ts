import { createRoute } from '@hono/zod-openapi';
import { IssuanceJobIdParam, IssuanceJobList, IssuanceJobView } from '../../schemas/issuance-jobs.js';
import { catalogRules } from '../access/index.js';
import { guard, nothing, secured } from '../http/guard.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem } from '../http/router.js';
import { jobProgress, recentJobs } from './cohort-jobs.js';

const tags = ['Credentials'];
const adminOnly = guard(nothing, catalogRules.adminOnly);

const listJobs = createRoute(
  secured(adminOnly, {
    method: 'get',
    path: '/issuance-jobs',
    tags,
    summary: 'The latest cohort issuing jobs, newest first',
    description:
      'The owed-credential job runs at start-up (Node) or on the cron trigger (Workers): `total` credentials ' +
      'were owed when it began, `done` are issued, `failed` are owed by routes that failed (tried again by ' +
      'the next job). A job a crash interrupted stays `running` until the next start resumes it.',
    responses: { 200: jsonResponse(IssuanceJobList, 'The latest 20 jobs'), ...commonProblems },
  }),
);

const getJob = createRoute(
  secured(adminOnly, {
    method: 'get',
    path: '/issuance-jobs/{id}',
    tags,
    summary: 'The progress of a cohort issuing job',
    request: { params: IssuanceJobIdParam },
    responses: {
      200: jsonResponse(IssuanceJobView, 'Done, total and failed'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * Reading the progress of cohort issuing jobs: an admin's view of the background work.
 * @example app.route('/', jobRoutes())
 */
export const jobRoutes = () =>
  newRouter()
    .openapi(listJobs, async (c) => c.json({ items: await recentJobs(c.get('deps')) }, 200))
    .openapi(getJob, async (c) => c.json(await jobProgress(c.get('deps'), c.req.valid('param').id), 200));
