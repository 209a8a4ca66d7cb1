import { createRoute, z } from '@hono/zod-openapi';
import { VerificationCheck, VerifyRequest, VerifyResponse } from '../../schemas/credentials.js';
import { Problem } from '../../schemas/problem.js';
import { publicRoute } from '../http/guard.js';
import { commonProblems, jsonBody, jsonResponse, newRouter } from '../http/router.js';
import { verifySecured } from './verifier.js';

const verify = createRoute(
  publicRoute({
    method: 'post',
    path: '/credentials/verify',
    tags: ['Credentials'],
    summary:
      'Verify a credential (VC-API, public): Data Integrity or VC-JWT (compact or enveloped); ' +
      '200 only when every check passes, else 422 naming the failed checks',
    request: { body: jsonBody(VerifyRequest) },
    responses: {
      200: jsonResponse(VerifyResponse, 'Verified'),
      400: commonProblems[400],
      422: {
        description: 'Not verified; `checks` names what failed',
        content: {
          'application/problem+json': { schema: Problem.extend({ checks: z.array(VerificationCheck) }) },
        },
      },
    },
  }),
);

/**
 * `POST /credentials/verify` (VC-API, public): every check, and a 422 naming each that failed.
 * @example app.route('/', verifyRoutes())
 */
export const verifyRoutes = () =>
  newRouter().openapi(verify, async (c) => {
    const { verifiableCredential } = c.req.valid('json');
    const result = await verifySecured(c.get('deps'), verifiableCredential);
    if (result.verified) return c.json({ verified: true as const, checks: result.checks }, 200);
    const failed = result.checks.filter((check) => !check.ok);
    const body = {
      type: '/problems/credential-not-verified',
      title: 'The credential is not verified',
      status: 422,
      detail: failed.map((f) => `${f.check}: ${f.message ?? 'failed'}`).join('; '),
      instance: c.req.path,
      errors: failed.map((f) => ({ path: f.check, message: f.message ?? 'failed' })),
      checks: result.checks,
    };
    return c.json(body, 422, { 'content-type': 'application/problem+json' });
  });
