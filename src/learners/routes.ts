import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import {
  DidNonce,
  DidRegistration,
  Erasure,
  EvidenceCreate,
  EvidenceItem,
  EvidenceList,
  Grant,
  GrantCreate,
  GrantList,
  Learner,
  LearnerCreate,
  LearnerEvidenceParam,
  LearnerExport,
  LearnerGrantParam,
  LearnerPage,
  LearnerQuery,
  Profile,
  ProfilePut,
} from '../../schemas/learners.js';
import { learnerRules } from '../access/index.js';
import { guard, nothing, secured, signedIn } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { learnerGuard } from './audited-access.js';
import { issueDidNonce, registerDid } from './did-binding.js';
import { eraseLearner } from './erasure.js';
import { addEvidence, evidenceOf, verifyEvidence } from './evidence.js';
import { exportLearner } from './export.js';
import { listLearners, loadLearner, toLearner } from './learner.js';
import { createGrant, grantsOf, withdrawGrant } from './learner-grants.js';
import { putProfile, readProfile } from './profile.js';
import { registerLearner } from './registration.js';

const tags = ['Lerenden'];
const readProblems = { ...commonProblems, ...notFoundProblem };
const changeProblems = { ...writeProblems, ...notFoundProblem };

const list = createRoute(
  secured(signedIn, {
    method: 'get',
    path: '/learners',
    tags,
    summary: 'The learners you may see: yourself, or those who granted your institution or employer',
    request: { query: LearnerQuery },
    responses: { 200: jsonResponse(LearnerPage, 'A page of learners'), ...commonProblems },
  }),
);

const register = createRoute(
  secured(guard(nothing, learnerRules.register), {
    method: 'post',
    path: '/learners',
    tags,
    summary: 'Register a learner: yourself as a learner, or on intake as an opleider or admin',
    request: { body: jsonBody(LearnerCreate) },
    responses: { 201: jsonResponse(Learner, 'Registered'), ...writeProblems },
  }),
);

const read = createRoute(
  secured(learnerGuard(learnerRules.read, 'learner'), {
    method: 'get',
    path: '/learners/{id}',
    tags,
    summary: 'Read a learner (the learner, or a grantee)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Learner, 'The learner'), ...readProblems },
  }),
);

const erase = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'delete',
    path: '/learners/{id}',
    tags,
    summary: 'Erase yourself: profile, evidence, grants and personal fields, in one go',
    description:
      'Deletes or irreversibly pseudonymises your personal data everywhere the service holds it, and answers ' +
      "what it keeps and why (your issued credentials' status, for verifiers; the instelling's examination " +
      'records without your personal data).',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Erasure, 'Erased; what is kept, and why'), ...readProblems },
  }),
);

const exportAll = createRoute(
  secured(learnerGuard(learnerRules.own, 'export'), {
    method: 'get',
    path: '/learners/{id}/export',
    tags,
    summary: 'Everything held on you, with your audit trail, as one document (only the learner)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(LearnerExport, 'The export'), ...readProblems },
  }),
);

const didNonce = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'post',
    path: '/learners/{id}/did-nonces',
    tags,
    summary: 'A nonce to sign with the key of the DID you register (only the learner)',
    description: 'Used once, valid for ten minutes. Sign it in the proof of PUT /learners/{id}/did.',
    request: { params: IdParam },
    responses: { 201: jsonResponse(DidNonce, 'The nonce'), ...changeProblems },
  }),
);

const putDid = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'put',
    path: '/learners/{id}/did',
    tags,
    summary: 'Register (or replace) the DID you hold, proving it with a signed nonce (only the learner)',
    description:
      'A did:key or did:jwk of an Ed25519 key. Credentials issued to you from then on name it as their subject, and ' +
      'a presentation counts for you only when its proof is by it. One learner per DID (409).',
    request: { params: IdParam, body: jsonBody(DidRegistration) },
    responses: { 200: jsonResponse(Learner, 'The learner with their DID'), ...changeProblems },
  }),
);

const getProfile = createRoute(
  secured(learnerGuard(learnerRules.readProfile, 'profile'), {
    method: 'get',
    path: '/learners/{id}/profile',
    tags,
    summary: 'Read the Persoonlijk Profiel (the learner, or a grantee with scope `profile`)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(Profile, 'The profile'), ...readProblems },
  }),
);

const writeProfile = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'put',
    path: '/learners/{id}/profile',
    tags,
    summary: 'Write your Persoonlijk Profiel whole (only the learner)',
    request: { params: IdParam, body: jsonBody(ProfilePut) },
    responses: { 200: jsonResponse(Profile, 'Written'), ...changeProblems },
  }),
);

const readEvidence = createRoute(
  secured(learnerGuard(learnerRules.readEvidence, 'evidence'), {
    method: 'get',
    path: '/learners/{id}/evidence',
    tags,
    summary: 'The evidence items (the learner, or a grantee with scope `evidence`)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(EvidenceList, 'The evidence items'), ...readProblems },
  }),
);

const addEvidenceRoute = createRoute(
  secured(learnerGuard(learnerRules.addEvidence), {
    method: 'post',
    path: '/learners/{id}/evidence',
    tags,
    summary: 'Add an evidence item (the learner, or an opleider of a granted institution)',
    request: { params: IdParam, body: jsonBody(EvidenceCreate) },
    responses: { 201: jsonResponse(EvidenceItem, 'Added'), ...changeProblems },
  }),
);

const verify = createRoute(
  secured(learnerGuard(learnerRules.verifyEvidence), {
    method: 'post',
    path: '/learners/{id}/evidence/{evidenceId}/verify',
    tags,
    summary: 'Mark an evidence item verified by your institution (an opleider with scope `evidence`)',
    request: { params: LearnerEvidenceParam },
    responses: { 200: jsonResponse(EvidenceItem, 'Verified'), ...changeProblems },
  }),
);

const readGrants = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'get',
    path: '/learners/{id}/grants',
    tags,
    summary: 'Your grants, active, withdrawn and expired (only the learner)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(GrantList, 'The grants'), ...readProblems },
  }),
);

const grant = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'post',
    path: '/learners/{id}/grants',
    tags,
    summary: 'Let an institution or employer read your profile and/or evidence (only the learner)',
    request: { params: IdParam, body: jsonBody(GrantCreate) },
    responses: { 201: jsonResponse(Grant, 'Granted'), ...changeProblems },
  }),
);

const withdraw = createRoute(
  secured(learnerGuard(learnerRules.own), {
    method: 'post',
    path: '/learners/{id}/grants/{grantId}/withdraw',
    tags,
    summary: 'Withdraw a grant; it gives no access from now on (only the learner)',
    request: { params: LearnerGrantParam },
    responses: { 200: jsonResponse(Grant, 'Withdrawn'), ...changeProblems },
  }),
);

/**
 * Learners and what they own: the Persoonlijk Profiel, evidence, consent grants, the DID they hold,
 * export and erasure.
 * Nobody reads a learner's data without the learner's grant, admins included.
 * @example app.route('/', learnerRoutes())
 */
export const learnerRoutes = () =>
  newRouter()
    .openapi(list, async (c) =>
      c.json(await listLearners(c.get('deps'), c.get('principal'), c.req.valid('query')), 200),
    )
    .openapi(register, async (c) =>
      c.json(await registerLearner(c.get('deps'), c.get('principal'), c.req.valid('json')), 201),
    )
    .openapi(read, async (c) =>
      c.json(toLearner(await loadLearner(c.get('deps'), c.req.valid('param').id)), 200),
    )
    .openapi(erase, async (c) => {
      const deps = c.get('deps');
      const kept = await eraseLearner(deps, c.req.valid('param').id);
      return c.json({ erasedAt: deps.now().toISOString(), kept: [...kept] }, 200);
    })
    .openapi(exportAll, async (c) => c.json(await exportLearner(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(didNonce, async (c) => c.json(await issueDidNonce(c.get('deps'), c.req.valid('param').id), 201))
    .openapi(putDid, async (c) =>
      c.json(
        await registerDid(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(getProfile, async (c) => c.json(await readProfile(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(writeProfile, async (c) =>
      c.json(
        await putProfile(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
    )
    .openapi(readEvidence, async (c) =>
      c.json({ items: await evidenceOf(c.get('deps'), c.req.valid('param').id) }, 200),
    )
    .openapi(addEvidenceRoute, async (c) =>
      c.json(
        await addEvidence(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
    )
    .openapi(verify, async (c) => {
      const { id, evidenceId } = c.req.valid('param');
      return c.json(await verifyEvidence(c.get('deps'), c.get('principal'), id, evidenceId), 200);
    })
    .openapi(readGrants, async (c) =>
      c.json({ items: await grantsOf(c.get('deps'), c.req.valid('param').id) }, 200),
    )
    .openapi(grant, async (c) =>
      c.json(
        await createGrant(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
    )
    .openapi(withdraw, async (c) => {
      const { id, grantId } = c.req.valid('param');
      return c.json(await withdrawGrant(c.get('deps'), c.get('principal'), id, grantId), 200);
    });
