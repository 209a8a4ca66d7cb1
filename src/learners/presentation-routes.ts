import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import {
  PresentationAccepted,
  PresentationAnswer,
  PresentationRequest,
  PresentationRequestCreate,
  PresentationRequestParam,
  PresentedCredentialList,
} from '../../schemas/learners.js';
import { learnerRules, presentationRules } from '../access/index.js';
import type { JsonObject } from '../credentials/index.js';
import { bodyField, guard, secured } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { learnerGuard } from './audited-access.js';
import { loadLearnerFacts } from './learner-facts.js';
import { answerPresentationRequest } from './presentation-answers.js';
import { loadPresentationRequestFacts, requestPresentation } from './presentation-requests.js';
import { presentedCredentialsOf, toPresentedCredential } from './presented-credentials.js';

const tags = ['Lerenden'];
const changeProblems = { ...writeProblems, ...notFoundProblem };

const request = createRoute(
  secured(guard(bodyField('learnerId', loadLearnerFacts), learnerRules.own), {
    method: 'post',
    path: '/institutions/{id}/presentation-requests',
    tags,
    summary:
      'Ask an instelling to verify your credentials: its challenge for your presentation (the learner)',
    description:
      'The learner asks, for themselves: what you show, to whom and when, is yours to decide. The instelling ' +
      'issues a challenge, answered once within fifteen minutes by a presentation signed by your registered ' +
      'DID for this service’s domain. Refused (422) without a registered DID.',
    request: { params: IdParam, body: jsonBody(PresentationRequestCreate) },
    responses: { 201: jsonResponse(PresentationRequest, 'The request'), ...changeProblems },
  }),
);

const answer = createRoute(
  secured(
    guard(
      (c) =>
        loadPresentationRequestFacts(c.get('deps'), c.req.param('id') ?? '', c.req.param('requestId') ?? ''),
      presentationRules.answer,
    ),
    {
      method: 'post',
      path: '/institutions/{id}/presentation-requests/{requestId}/responses',
      tags,
      summary: 'Present your credentials to the instelling, answering its challenge (the learner it asked)',
      description:
        'The instelling verifies the presentation as the relying party: the proof by your registered DID with its ' +
        'challenge and domain; each credential’s signature, validity, schema and live status (an award’s parts ' +
        'too); that it trusts the issuer; that each is issued to your DID. Accepted credentials are kept as your ' +
        'verified evidence there and count in its planning. A replay is a 409, anything else refused a 422 naming ' +
        'each credential and why; nothing is kept then.',
      request: { params: PresentationRequestParam, body: jsonBody(PresentationAnswer) },
      responses: { 201: jsonResponse(PresentationAccepted, 'Accepted and kept'), ...changeProblems },
    },
  ),
);

const verified = createRoute(
  secured(learnerGuard(learnerRules.readEvidence, 'evidence'), {
    method: 'get',
    path: '/learners/{id}/verified-credentials',
    tags,
    summary:
      'The credentials instellingen verified as yours (the learner, or a grantee with scope `evidence`)',
    request: { params: IdParam },
    responses: {
      200: jsonResponse(PresentedCredentialList, 'The verified credentials, each award with its parts'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * Presenting credentials to an instelling: its challenge, the learner's answer, and what it keeps.
 * @example app.route('/', presentationRequestRoutes())
 */
export const presentationRequestRoutes = () =>
  newRouter()
    .openapi(request, async (c) =>
      c.json(
        await requestPresentation(
          c.get('deps'),
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').learnerId,
        ),
        201,
      ),
    )
    .openapi(answer, async (c) => {
      const { id, requestId } = c.req.valid('param');
      const { verifiablePresentation } = c.req.valid('json');
      return c.json(
        await answerPresentationRequest(
          c.get('deps'),
          c.get('principal'),
          id,
          requestId,
          verifiablePresentation as JsonObject,
        ),
        201,
      );
    })
    .openapi(verified, async (c) =>
      c.json(
        {
          items: (await presentedCredentialsOf(c.get('deps'), c.req.valid('param').id)).map(
            toPresentedCredential,
          ),
        },
        200,
      ),
    );
