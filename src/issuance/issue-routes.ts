import { createRoute } from '@hono/zod-openapi';
import {
  InstitutionSlugParam,
  IssueRequest,
  IssueResponse,
  IssuerKey,
  IssuerKeyParam,
} from '../../schemas/credentials.js';
import { credentialRules } from '../access/index.js';
import { loadInstitutionFacts } from '../catalog/index.js';
import { asObject } from '../credentials/index.js';
import { body, guard, param, secured } from '../http/guard.js';
import { jsonBody, jsonResponse, newRouter, notFoundProblem, writeProblems } from '../http/router.js';
import { markKeyCompromised, rotateIssuerKey } from './issuer-keys.js';
import { issueSubmittedCredential, issuingIdentity } from './submitted-credential.js';

const tags = ['Credentials'];

const issue = createRoute(
  secured(
    guard(
      body(async (b, deps) => ({
        institutionId: (await issuingIdentity(deps, asObject(b.credential) ?? {}))?.institutionId,
      })),
      credentialRules.issueAs,
    ),
    {
      method: 'post',
      path: '/credentials/issue',
      tags,
      summary:
        'Sign a credential as your instelling (VC-API): eddsa-rdfc-2022 Data Integrity proof, or a VC-JWT ' +
        'with `options.format: vc+jwt`; an undefined JSON-LD term is refused with 422 naming it',
      description:
        '`issuer`: your did:web, or the did:key of your active issuer key (`did:key:<publicKeyMultibase>`), for ' +
        'verifiers that resolve only did:key. Without a `credentialStatus` the credential gets one ' +
        '`BitstringStatusListEntry` on your status list (`statusPurpose: message`, `statusSize: 2`: 0x0 active, ' +
        '0x1 suspended, 0x2 revoked), so `POST /credentials/{id}/revoke|suspend|reinstate` and ' +
        '`POST /credentials/status` work on it. A well-formed `credentialStatus` of your own (a `type`; an `id` that ' +
        'is a URL) is signed as it is instead, and its status is yours to run (those operations answer 409); one ' +
        'that points at a status list of this service is refused. `credentialSchema`, `refreshService` and ' +
        '`relatedResource` are checked as VC Data Model 2.0 requires (a `relatedResource` digest of a resource ' +
        'this service holds must match). It also carries its `id` (a new `urn:uuid:` when you give none); an ' +
        '`id` already issued is a 409.',
      request: { body: jsonBody(IssueRequest) },
      responses: { 201: jsonResponse(IssueResponse, 'Signed'), ...writeProblems },
    },
  ),
);

const rotate = createRoute(
  secured(guard(param('id', loadInstitutionFacts), credentialRules.issueAs), {
    method: 'post',
    path: '/institutions/{id}/issuer-keys/rotate',
    tags,
    summary: 'Retire the active issuer key and make a new one; earlier credentials keep verifying',
    request: { params: InstitutionSlugParam },
    responses: { 200: jsonResponse(IssuerKey, 'The new active key'), ...writeProblems, ...notFoundProblem },
  }),
);

const compromise = createRoute(
  secured(guard(param('id', loadInstitutionFacts), credentialRules.issueAs), {
    method: 'post',
    path: '/institutions/{id}/issuer-keys/{publicKeyMultibase}/compromise',
    tags,
    summary:
      'Mark an issuer key compromised: every proof by it fails, whatever its date, and the DID document lists it as revoked',
    description:
      'The key is retired (a new active key is made when it was the active one), listed in the DID document ' +
      'with `revoked` and no longer as an assertion method, and its did:key no longer speaks for the instelling. ' +
      'Everything it signed stops verifying: reissue what should stay valid with `POST /institutions/{id}/reissue-jobs`. Final, and audited ' +
      '(`issuer-key.compromised`).',
    request: { params: IssuerKeyParam },
    responses: { 200: jsonResponse(IssuerKey, 'The compromised key'), ...writeProblems, ...notFoundProblem },
  }),
);

/**
 * Issuing as an instelling over the VC-API, rotating its issuer key and marking one compromised.
 * @example app.route('/', issueRoutes())
 */
export const issueRoutes = () =>
  newRouter()
    .openapi(issue, async (c) => {
      const { credential, options } = c.req.valid('json');
      const signed = await issueSubmittedCredential(c.get('deps'), c.get('principal'), credential, options);
      return c.json({ verifiableCredential: signed }, 201);
    })
    .openapi(rotate, async (c) =>
      c.json(await rotateIssuerKey(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(compromise, async (c) => {
      const { id, publicKeyMultibase } = c.req.valid('param');
      return c.json(await markKeyCompromised(c.get('deps'), c.get('principal'), id, publicKeyMultibase), 200);
    });
