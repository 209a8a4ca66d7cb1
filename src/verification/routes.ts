import { createRoute, z } from '@hono/zod-openapi';
import { Problem } from '../../schemas/problem.js';
import {
  PresentationCheck,
  PresentationVerifyRequest,
  PresentationVerifyResponse,
  VerificationCheck,
  VerifyRequest,
  VerifyResponse,
} from '../../schemas/verification.js';
import { asList, type JsonObject } from '../credentials/index.js';
import { DEFAULT_MAX_PRESENTED_CREDENTIALS } from '../http/app-env.js';
import { publicRoute } from '../http/guard.js';
import { commonProblems, jsonBody, jsonResponse, newRouter } from '../http/router.js';
import { fail } from '../kernel/errors.js';
import { verifyCredential } from './verify-credential.js';
import { verifyPresentation } from './verify-presentation.js';

const tags = ['Credentials'];

const notVerified = (checks: z.ZodType) => ({
  description: 'Not verified; `checks` names what failed',
  content: { 'application/problem+json': { schema: Problem.extend({ checks: z.array(checks) }) } },
});

const verify = createRoute(
  publicRoute({
    method: 'post',
    path: '/credentials/verify',
    tags,
    summary:
      'Verify a credential (VC-API, public): Data Integrity or VC-JWT (compact or enveloped); ' +
      '200 only when every check passes, else 422 naming the failed checks',
    description:
      'Integrity: signature, issuer key (its DID resolved: did:web over HTTPS, did:key and did:jwk ' +
      'locally), validity period, schema (bundled schemas only: an unknown schema URL fails, never fetched) ' +
      "and status (the issuer's status list, fetched and verified; fails closed when it cannot be). The " +
      'answer names the issuer and says nothing about trust, unless `options.relyingParty` names an ' +
      'instelling: then a `trust` check says whether that instelling trusts the issuer (its own, or one ' +
      'its opleider recognised).',
    request: { body: jsonBody(VerifyRequest) },
    responses: {
      200: jsonResponse(VerifyResponse, 'Verified'),
      400: commonProblems[400],
      422: notVerified(VerificationCheck),
    },
  }),
);

const verifyVp = createRoute(
  publicRoute({
    method: 'post',
    path: '/presentations/verify',
    tags,
    summary:
      "Verify a presentation (VC-API, public): the holder's proof with your challenge and domain, " +
      'and every credential in it; 200 only when all checks pass, else 422 naming what failed',
    description:
      'Each credential is verified as `POST /credentials/verify` does, with the same `relyingParty` (then ' +
      'trust is checked too).',
    request: { body: jsonBody(PresentationVerifyRequest) },
    responses: {
      200: jsonResponse(PresentationVerifyResponse, 'Verified'),
      400: commonProblems[400],
      422: notVerified(PresentationCheck),
    },
  }),
);

/** A 422 problem naming each failed check, with every check for the caller to read. */
function refusal<C extends { ok: boolean; message?: string | undefined }>(
  kind: 'credential' | 'presentation',
  instance: string,
  checks: C[],
  name: (c: C) => string,
) {
  const failed = checks.filter((c) => !c.ok);
  return {
    type: `/problems/${kind}-not-verified`,
    title: `The ${kind} is not verified`,
    status: 422 as const,
    detail: failed.map((f) => `${name(f)}: ${f.message ?? 'failed'}`).join('; '),
    instance,
    errors: failed.map((f) => ({ path: name(f), message: f.message ?? 'failed' })),
    checks,
  };
}

const problemJson = { 'content-type': 'application/problem+json' };

/**
 * `POST /credentials/verify` and `POST /presentations/verify` (VC-API, public): every check, and a 422
 * naming each that failed.
 * @example app.route('/', verificationRoutes())
 */
export const verificationRoutes = () =>
  newRouter()
    .openapi(verify, async (c) => {
      const { verifiableCredential, options } = c.req.valid('json');
      const result = await verifyCredential(c.get('deps'), verifiableCredential, {
        relyingParty: options?.relyingParty,
      });
      if (result.verified && result.issuer !== undefined)
        return c.json(
          {
            verified: true as const,
            checks: result.checks,
            issuer: result.issuer,
            ...(result.trust ? { trust: result.trust } : {}),
          },
          200,
        );
      return c.json(
        refusal('credential', c.req.path, result.checks, (f) => f.check),
        422,
        problemJson,
      );
    })
    .openapi(verifyVp, async (c) => {
      const { verifiablePresentation, options } = c.req.valid('json');
      // Each credential costs a signature check and maybe a status list: a bound per request (issue 13).
      const max = c.get('deps').maxPresentedCredentials ?? DEFAULT_MAX_PRESENTED_CREDENTIALS;
      const count = asList((verifiablePresentation as JsonObject).verifiableCredential).length;
      if (count > max)
        throw fail.invalid(
          'verifiablePresentation.verifiableCredential',
          `at most ${max} credentials per presentation, not ${count}`,
        );
      const result = await verifyPresentation(c.get('deps'), verifiablePresentation as JsonObject, options);
      if (result.verified)
        return c.json(
          {
            verified: true as const,
            checks: result.checks,
            ...(result.holder === undefined ? {} : { holder: result.holder }),
          },
          200,
        );
      return c.json(
        refusal('presentation', c.req.path, result.checks, (f) => `${f.target}.${f.check}`),
        422,
        problemJson,
      );
    });
