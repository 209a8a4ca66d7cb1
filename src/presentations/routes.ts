import { createRoute, z } from '@hono/zod-openapi';
import { Problem } from '../../schemas/problem.js';
import {
  PresentationCheck,
  PresentationVerifyRequest,
  PresentationVerifyResponse,
} from '../../schemas/stacking.js';
import type { JsonObject } from '../credentials/index.js';
import { publicRoute } from '../http/guard.js';
import { commonProblems, jsonBody, jsonResponse, newRouter } from '../http/router.js';
import { verifierOf } from '../issuance/index.js';
import { verifyPresentation } from './verify-presentation.js';

const verify = createRoute(
  publicRoute({
    method: 'post',
    path: '/presentations/verify',
    tags: ['Credentials'],
    summary:
      "Verify a presentation (VC-API, public): the holder's proof with your challenge and domain, " +
      'and every credential in it; 200 only when all checks pass, else 422 naming what failed',
    request: { body: jsonBody(PresentationVerifyRequest) },
    responses: {
      200: jsonResponse(PresentationVerifyResponse, 'Verified'),
      400: commonProblems[400],
      422: {
        description: 'Not verified; `checks` names what failed',
        content: {
          'application/problem+json': { schema: Problem.extend({ checks: z.array(PresentationCheck) }) },
        },
      },
    },
  }),
);

/**
 * `POST /presentations/verify` (public).
 * @example app.route('/', presentationRoutes())
 */
export const presentationRoutes = () =>
  newRouter().openapi(verify, async (c) => {
    const { verifiablePresentation, options } = c.req.valid('json');
    const result = await verifyPresentation(
      verifierOf(c.get('deps')),
      verifiablePresentation as JsonObject,
      options,
    );
    if (result.verified) return c.json({ verified: true as const, checks: result.checks }, 200);
    const failed = result.checks.filter((check) => !check.ok);
    const body = {
      type: '/problems/presentation-not-verified',
      title: 'The presentation is not verified',
      status: 422,
      detail: failed.map((f) => `${f.target} ${f.check}: ${f.message ?? 'failed'}`).join('; '),
      instance: c.req.path,
      errors: failed.map((f) => ({ path: `${f.target}.${f.check}`, message: f.message ?? 'failed' })),
      checks: result.checks,
    };
    return c.json(body, 422, { 'content-type': 'application/problem+json' });
  });
