import { createRoute, z } from '@hono/zod-openapi';
import {
  DidDocument,
  InstitutionSlugParam,
  IssueRequest,
  IssueResponse,
  IssuerKey,
  PUBLISHED_SCHEMAS,
  SchemaNameParam,
  VerificationCheck,
  VerifyRequest,
  VerifyResponse,
} from '../../schemas/credentials.js';
import { Problem } from '../../schemas/problem.js';
import type { AppDeps } from '../app/app-env.js';
import { assertInstitutionAccess } from '../auth/principal.js';
import { ConstraintError } from '../db/database.js';
import { auditEvent } from '../http/audit.js';
import { problems } from '../http/problem.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { issueWithStatusEntries } from '../status-lists/store.js';
import { loopbrugContext } from './contexts.js';
import { credentialRow } from './credential-row.js';
import { institutionOfDid } from './did-web.js';
import { didDocument, rotateIssuerKey } from './issuer-keys.js';
import { issuerIdOf, signCredential } from './sign.js';
import { envelope, isVcJwt, signVcJwt, verifyVcJwt } from './vc-jwt.js';
import { verifyCredential } from './verify.js';

const tags = ['Credentials'];
const publicRoute = { security: [] };

const issuedTwice = (id: string) =>
  problems.conflict(`Credential '${id}' is already issued: a credential id is issued once.`);

/** A row with this id means it was issued; the status entries' uniqueness catches a concurrent twin. */
async function refuseIssuedTwice(deps: AppDeps, id: string): Promise<void> {
  const found = await deps.db.kysely
    .selectFrom('credential')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (found) throw issuedTwice(id);
}

/**
 * The id of a credential to issue: the caller's, which must be an absolute URL (VCDM 2.0), or a new
 * `urn:uuid:` when it gives none.
 * @example credentialIdOf({ '@context': [], id: 'urn:uuid:1' }, () => 'urn:uuid:2') // 'urn:uuid:1'
 */
function credentialIdOf(credential: Record<string, unknown>, newId: () => string): string {
  if (credential.id === undefined) return newId();
  if (typeof credential.id !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(credential.id))
    throw problems.invalid('body.credential.id', 'must be an absolute URL, e.g. urn:uuid:…, or left out');
  return credential.id;
}

const didJson = createRoute({
  method: 'get',
  path: '/institutions/{id}/did.json',
  tags,
  ...publicRoute,
  summary: "An instelling's did:web DID document: every issuer key, active and retired (public)",
  request: { params: InstitutionSlugParam },
  responses: { 200: jsonResponse(DidDocument, 'The DID document'), ...notFoundProblem },
});

const context = createRoute({
  method: 'get',
  path: '/contexts/{name}',
  tags,
  ...publicRoute,
  summary: "Loopbrug's JSON-LD context for the micro-credential terms OBv3 lacks (public)",
  request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) }) },
  responses: {
    200: {
      description: 'The context',
      content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...notFoundProblem,
  },
});

const schema = createRoute({
  method: 'get',
  path: '/schemas/{name}',
  tags,
  ...publicRoute,
  summary: 'A JSON Schema referenced by credentialSchema (public)',
  request: { params: SchemaNameParam },
  responses: {
    200: {
      description: 'The schema',
      content: { 'application/schema+json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...notFoundProblem,
  },
});

const issue = createRoute({
  method: 'post',
  path: '/credentials/issue',
  tags,
  summary:
    'Sign a credential as your instelling (VC-API): eddsa-rdfc-2022 Data Integrity proof, or a VC-JWT ' +
    'with `options.format: vc+jwt`; an undefined JSON-LD term is refused with 422 naming it',
  description:
    'Every credential gets a revocation and a suspension `BitstringStatusListEntry` on your status lists ' +
    '(so `POST /credentials/{id}/revoke|suspend|reinstate` and `POST /credentials/status` work on it), and ' +
    'carries its `id` (a new `urn:uuid:` when you give none). Send no `credentialStatus` of your own (422); ' +
    'an `id` already issued is a 409.',
  request: { body: jsonBody(IssueRequest) },
  responses: { 201: jsonResponse(IssueResponse, 'Signed'), ...writeProblems },
});

const verify = createRoute({
  method: 'post',
  path: '/credentials/verify',
  tags,
  ...publicRoute,
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
});

const rotate = createRoute({
  method: 'post',
  path: '/institutions/{id}/issuer-keys/rotate',
  tags,
  summary: 'Retire the active issuer key and make a new one; earlier credentials keep verifying',
  request: { params: InstitutionSlugParam },
  responses: { 200: jsonResponse(IssuerKey, 'The new active key'), ...writeProblems, ...notFoundProblem },
});

/** DID documents, our context and schemas (public), issuing, verifying and key rotation. */
export const credentialRoutes = () =>
  newRouter()
    .openapi(didJson, async (c) => c.json(await didDocument(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(context, async (c) => {
      const { name } = c.req.valid('param');
      if (name !== 'loopbrug-v1.jsonld') throw problems.notFound('context', name);
      return c.json(loopbrugContext(c.get('deps').config.publicUrl), 200, {
        'content-type': 'application/ld+json',
      });
    })
    .openapi(schema, async (c) => {
      const { name } = c.req.valid('param');
      const found = PUBLISHED_SCHEMAS[name];
      if (!found) throw problems.notFound('schema', name);
      return c.json(found as Record<string, unknown>, 200, { 'content-type': 'application/schema+json' });
    })
    .openapi(issue, async (c) => {
      const deps = c.get('deps');
      const principal = c.get('principal');
      const { credential, options } = c.req.valid('json');
      const issuer = issuerIdOf(credential);
      const slug = issuer ? institutionOfDid(deps.config.publicUrl, issuer) : undefined;
      if (!slug)
        throw problems.invalid(
          'body.credential.issuer',
          'must be the did:web of an instelling of this service',
        );
      assertInstitutionAccess(principal, slug);
      // A credentialStatus of the caller's own cannot be honoured: a list elsewhere is never fetched
      // (verification fails closed) and its entry cannot be changed here; an index in one of our lists
      // was not drawn for this credential, so it may be another credential's (revoking one would
      // revoke both) or free (and then taken by the next). Ours are drawn at random for it.
      if ('credentialStatus' in credential)
        throw problems.invalid(
          'body.credential.credentialStatus',
          'leave it out: the revocation and suspension entries are allocated on your status lists at issue',
        );
      const id = credentialIdOf(credential, () => `urn:uuid:${deps.newId()}`);
      await refuseIssuedTwice(deps, id);
      // The document carries the id its row and status entries are keyed by (`@context` stays first).
      const unsigned = { '@context': credential['@context'], id, ...credential };
      // `options.credentialStatus` (VC-API) may only ask for what every credential gets anyway.
      const issuedAt = deps.now().toISOString();
      try {
        const { signed } = await issueWithStatusEntries(
          deps,
          slug,
          id,
          async (credentialStatus) =>
            options?.format === 'vc+jwt'
              ? envelope(await signVcJwt(deps, slug, { ...unsigned, credentialStatus }, 'body.credential'))
              : signCredential(deps, slug, { ...unsigned, credentialStatus }, 'body.credential'),
          (signed, status) => [
            deps.db.kysely.insertInto('credential').values(
              credentialRow({
                id,
                institutionId: slug,
                document: signed,
                issuedAt,
                statusEntry: status.revocation,
              }),
            ),
            auditEvent(deps, principal, 'credential.issued', 'credential', id),
          ],
        );
        return c.json({ verifiableCredential: signed }, 201);
      } catch (error) {
        // Another request stored this id after our check: the same 409, and nothing of ours was written.
        throw error instanceof ConstraintError && error.kind === 'unique' ? issuedTwice(id) : error;
      }
    })
    .openapi(verify, async (c) => {
      const { verifiableCredential } = c.req.valid('json');
      const result = isVcJwt(verifiableCredential)
        ? await verifyVcJwt(c.get('deps'), verifiableCredential)
        : await verifyCredential(c.get('deps'), verifiableCredential);
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
    })
    .openapi(rotate, async (c) =>
      c.json(await rotateIssuerKey(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    );
