import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import { InstitutionSlugParam } from '../../schemas/credentials.js';
import {
  AwardRequest,
  AwardResponse,
  PinnedDidDocument,
  Recognition,
  RecognitionCreate,
  RecognitionList,
  RecognitionParam,
  WithdrawnRecognition,
} from '../../schemas/stacking.js';
import { catalogRules } from '../access/index.js';
import { loadInstitutionFacts, loadQualificationFacts } from '../catalog/index.js';
import { guard, param, secured, signedIn } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { awardQualification } from './award.js';
import {
  addRecognition,
  listRecognitions,
  pinDidDocument,
  withdrawRecognition,
} from './recognition-store.js';

const tags = ['Stapelen en erkenning'];

const mayRecognise = guard(param('id', loadInstitutionFacts), catalogRules.recognitions);

const recognise = createRoute(
  secured(mayRecognise, {
    method: 'post',
    path: '/institutions/{id}/recognitions',
    tags,
    summary: "Trust an issuer's credentials (stacking, exemptions, `relyingParty` verification)",
    description:
      'The issuer is another instelling (slug or its did:web) or any DID. An instelling always trusts itself. ' +
      'A did:web outside this service is resolved over HTTPS from its host; optionally its DID document ' +
      '(`didDocument`) is pinned with the recognition, and then verifies its credentials for this instelling ' +
      'only, never for another or for the public verifier. A did:key or did:jwk needs none. Audited.',
    request: { params: InstitutionSlugParam, body: jsonBody(RecognitionCreate) },
    responses: { 201: jsonResponse(Recognition, 'Recognised'), ...writeProblems, ...notFoundProblem },
  }),
);

const pin = createRoute(
  secured(mayRecognise, {
    method: 'put',
    path: '/institutions/{id}/recognitions/{recognitionId}/did-document',
    tags,
    summary: 'Pin or replace the DID document of a recognised external did:web',
    description:
      'What verifies its credentials for this instelling from then on, instead of what its host publishes ' +
      '(e.g. when the issuer rotates its keys: keep an old key in the document for the credentials it signed ' +
      'to keep verifying). A pin counts for this instelling only. Audited.',
    request: { params: RecognitionParam, body: jsonBody(PinnedDidDocument) },
    responses: { 200: jsonResponse(Recognition, 'Pinned'), ...writeProblems, ...notFoundProblem },
  }),
);

const withdraw = createRoute(
  secured(mayRecognise, {
    method: 'post',
    path: '/institutions/{id}/recognitions/{recognitionId}/withdraw',
    tags,
    summary: 'Stop trusting a recognised issuer',
    description:
      "From now on the issuer's credentials are not trusted for this instelling (stacking, exemptions, " +
      '`relyingParty` verification), and a pinned DID document goes with it; what was accepted before stays. ' +
      'Trust elsewhere is untouched. Audited. Recognising the issuer again is a new recognition.',
    request: { params: RecognitionParam },
    responses: {
      200: jsonResponse(
        WithdrawnRecognition,
        'Withdrawn: the recognition as it was, and when it was withdrawn',
      ),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const recognitions = createRoute(
  secured(signedIn, {
    method: 'get',
    path: '/institutions/{id}/recognitions',
    tags,
    summary: 'The issuers an instelling trusts: itself and what it recognised',
    request: { params: InstitutionSlugParam },
    responses: {
      200: jsonResponse(RecognitionList, 'The trusted issuers'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const award = createRoute(
  secured(guard(param('id', loadQualificationFacts), catalogRules.award), {
    method: 'post',
    path: '/qualifications/{id}/awards',
    tags,
    summary: 'Award a qualification from stacked credentials: a signed CLR 2.0 ClrCredential',
    description:
      'For a learner who granted the awarding instelling access. Every credential ' +
      'must verify, come from a trusted issuer and be about the learner, and together they must meet the ' +
      'stack rule; a 422 names the credential and what failed, or what the rule still misses. The ' +
      "ClrCredential has revocation and suspension entries on the instelling's status lists. A learner " +
      'holds a qualification once: while an award of it stands (not revoked), another is a 409 naming it.',
    request: { params: IdParam, body: jsonBody(AwardRequest) },
    responses: { 201: jsonResponse(AwardResponse, 'Awarded'), ...writeProblems, ...notFoundProblem },
  }),
);

/**
 * Recognition of other issuers, and awarding qualifications from stacked credentials.
 * @example app.route('/', stackingRoutes())
 */
export const stackingRoutes = () =>
  newRouter()
    .openapi(recognise, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await addRecognition(c.get('deps'), c.get('principal'), id, c.req.valid('json')), 201);
    })
    .openapi(pin, async (c) => {
      const { id, recognitionId } = c.req.valid('param');
      return c.json(
        await pinDidDocument(c.get('deps'), c.get('principal'), id, recognitionId, c.req.valid('json')),
        200,
      );
    })
    .openapi(withdraw, async (c) => {
      const { id, recognitionId } = c.req.valid('param');
      return c.json(await withdrawRecognition(c.get('deps'), c.get('principal'), id, recognitionId), 200);
    })
    .openapi(recognitions, async (c) =>
      c.json(await listRecognitions(c.get('deps'), c.req.valid('param').id), 200),
    )
    .openapi(award, async (c) => {
      const { id } = c.req.valid('param');
      return c.json(
        await awardQualification(c.get('deps'), c.get('principal'), id, c.req.valid('json')),
        201,
      );
    });
