import { createRoute } from '@hono/zod-openapi';
import {
  BitstringStatusListCredential,
  CredentialIdParam,
  CredentialStatusView,
  StatusChangeRequest,
  StatusListIdParam,
  UpdateCredentialStatusRequest,
} from '../../schemas/status-lists.js';
import { problems } from '../http/problem.js';
import { jsonBody, jsonResponse, newRouter, notFoundProblem, writeProblems } from '../http/router.js';
import { changeCredentialStatus, type StatusChange, signedStatusList } from './store.js';

const tags = ['Credentials'];

const statusList = createRoute({
  method: 'get',
  path: '/status-lists/{id}',
  tags,
  security: [],
  summary: "An instelling's signed Bitstring Status List credential (public)",
  description:
    'One list per instelling and purpose (revocation, suspension), 131,072 entries; re-signed when a bit changes.',
  request: { params: StatusListIdParam },
  responses: {
    200: jsonResponse(BitstringStatusListCredential, 'The status list credential'),
    ...notFoundProblem,
  },
});

const changeRoute = (change: StatusChange, summary: string) =>
  createRoute({
    method: 'post',
    path: `/credentials/{id}/${change}`,
    tags,
    summary,
    description:
      'For an admin or an opleider of the issuing instelling; `id` is the URL-encoded credential id.',
    request: { params: CredentialIdParam, body: jsonBody(StatusChangeRequest) },
    responses: {
      200: jsonResponse(CredentialStatusView, 'The credential status after the change'),
      ...writeProblems,
      ...notFoundProblem,
    },
  });

const changes: Array<[StatusChange, string]> = [
  ['revoke', 'Revoke a credential (final)'],
  ['suspend', 'Suspend a credential until it is reinstated'],
  ['reinstate', 'Reinstate a suspended credential (not a revoked one)'],
];

const updateStatus = createRoute({
  method: 'post',
  path: '/credentials/status',
  tags,
  summary: 'Update a credential status (VC-API)',
  description:
    'Either `credentialStatus: { type: "BitstringStatusListEntry", statusPurpose }` with `status: true` ' +
    '(revoke / suspend) or `false` (reinstate a suspension; a revocation cannot be cleared), or ' +
    "`credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'revoked' | 'suspended' | 'active' }]`. " +
    'The same rules and audit as the revoke, suspend and reinstate operations.',
  request: { body: jsonBody(UpdateCredentialStatusRequest) },
  responses: {
    200: jsonResponse(CredentialStatusView, 'The credential status after the change'),
    ...writeProblems,
    ...notFoundProblem,
  },
});

const NO_REASON = 'VC-API status update (no reason given)';

/** The public status lists, and revoking, suspending and reinstating credentials. */
export const statusListRoutes = () => {
  const router = newRouter().openapi(statusList, async (c) => {
    const { id } = c.req.valid('param');
    const signed = await signedStatusList(c.get('deps'), id);
    if (!signed) throw problems.notFound('status list', id);
    return c.json(signed, 200);
  });
  for (const [change, summary] of changes)
    router.openapi(changeRoute(change, summary), async (c) =>
      c.json(
        await changeCredentialStatus(
          c.get('deps'),
          c.get('principal'),
          c.req.valid('param').id,
          change,
          c.req.valid('json').reason,
        ),
        200,
      ),
    );
  return router.openapi(updateStatus, async (c) => {
    const body = c.req.valid('json');
    let change: StatusChange;
    if (Array.isArray(body.credentialStatus)) {
      const [entry] = body.credentialStatus;
      change =
        entry?.status === 'revoked' ? 'revoke' : entry?.status === 'suspended' ? 'suspend' : 'reinstate';
    } else {
      if (body.status === undefined)
        throw problems.invalid('body.status', 'say true (set the status) or false (clear it)');
      if (body.credentialStatus.statusPurpose === 'revocation' && !body.status)
        throw problems.conflict('Revocation is final: a revocation status cannot be cleared.');
      change =
        body.credentialStatus.statusPurpose === 'revocation'
          ? 'revoke'
          : body.status
            ? 'suspend'
            : 'reinstate';
    }
    const deps = c.get('deps');
    return c.json(
      await changeCredentialStatus(
        deps,
        c.get('principal'),
        body.credentialId,
        change,
        body.reason ?? NO_REASON,
      ),
      200,
    );
  });
};
