import { createRoute } from '@hono/zod-openapi';
import { InstitutionSlugParam } from '../../schemas/credentials.js';
import {
  IssuanceJobIdParam,
  IssuanceJobList,
  IssuanceJobView,
  ReissueJobList,
  ReissueJobParam,
  ReissueJobView,
  ReissueRequest,
} from '../../schemas/issuance-jobs.js';
import { catalogRules, credentialRules } from '../access/index.js';
import { loadInstitutionFacts } from '../catalog/index.js';
import { afterResponse } from '../http/after-response.js';
import { guard, nothing, param, secured } from '../http/guard.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem, writeProblems } from '../http/router.js';
import { jobProgress, recentJobs } from './cohort-jobs.js';
import { jobBudget } from './job-batches.js';
import { recentReissueJobs, reissueProgress, runReissueJob, startReissueJob } from './reissue-jobs.js';

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

const ownKeys = guard(param('id', loadInstitutionFacts), credentialRules.issueAs);

const startReissue = createRoute(
  secured(ownKeys, {
    method: 'post',
    path: '/institutions/{id}/reissue-jobs',
    tags,
    summary:
      "Reissue what the instelling's retired (or compromised) keys signed, under its active key, as a background job",
    description:
      'Chooses every stored, not revoked credential of the instelling whose proof is by one of `keys` (every ' +
      'retired key when absent) under its did:web, and every ClrCredential that embeds one, and signs each again ' +
      'with the active key: the same id, claims and status entry, a new proof (a CLR embeds the reissued ' +
      'documents). Shares, awards and wallet offers point at the credential and follow. Credentials issued under ' +
      'a did:key are not reissued (the key is their issuer). Answers 202 at once with the job; its progress is at ' +
      'the `Location`. A job that stops (a crash, a restart) is resumed by the next start or cron run. One job per ' +
      'instelling at a time: another while one runs is a 409. Audited (`credentials.reissue-started`).',
    request: {
      params: InstitutionSlugParam,
      body: { required: false, content: { 'application/json': { schema: ReissueRequest } } },
    },
    responses: {
      202: jsonResponse(
        ReissueJobView,
        'The job, running (or done at once when there was nothing to reissue)',
      ),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const listReissues = createRoute(
  secured(ownKeys, {
    method: 'get',
    path: '/institutions/{id}/reissue-jobs',
    tags,
    summary: "The instelling's latest reissue jobs, newest first",
    request: { params: InstitutionSlugParam },
    responses: {
      200: jsonResponse(ReissueJobList, 'The latest 20 jobs'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const getReissue = createRoute(
  secured(ownKeys, {
    method: 'get',
    path: '/institutions/{id}/reissue-jobs/{jobId}',
    tags,
    summary: 'The progress of a reissue job: done, total and failed',
    request: { params: ReissueJobParam },
    responses: { 200: jsonResponse(ReissueJobView, 'Its progress'), ...commonProblems, ...notFoundProblem },
  }),
);

/**
 * The background work of issuance: the progress of cohort issuing jobs (an admin's view), and an
 * instelling's reissue jobs (its own opleider's).
 * @example app.route('/', jobRoutes())
 */
export const jobRoutes = () =>
  newRouter()
    .openapi(listJobs, async (c) => c.json({ items: await recentJobs(c.get('deps')) }, 200))
    .openapi(getJob, async (c) => c.json(await jobProgress(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(startReissue, async (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const job = await startReissueJob(deps, c.get('principal'), id, c.req.valid('json').keys);
      if (job.state === 'running')
        afterResponse(c, 'reissue job', () => runReissueJob(deps, job.id, jobBudget(deps.jobSeconds)));
      c.header('Location', `/institutions/${encodeURIComponent(id)}/reissue-jobs/${job.id}`);
      return c.json(job, 202);
    })
    .openapi(listReissues, async (c) =>
      c.json({ items: await recentReissueJobs(c.get('deps'), c.req.valid('param').id) }, 200),
    )
    .openapi(getReissue, async (c) => {
      const { id, jobId } = c.req.valid('param');
      return c.json(await reissueProgress(c.get('deps'), id, jobId), 200);
    });
