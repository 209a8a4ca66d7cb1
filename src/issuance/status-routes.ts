import { createRoute } from '@hono/zod-openapi';
import {
  CredentialIdParam,
  CredentialStatusView,
  StatusChangeRequest,
  UpdateCredentialStatusRequest,
} from '../../schemas/status-lists.js';
import { credentialRules } from '../access/index.js';
import { bodyField, guard, param, secured } from '../http/guard.js';
import { jsonBody, jsonResponse, newRouter, notFoundProblem, writeProblems } from '../http/router.js';
import { changeCredentialStatus, requestedChange, type StatusChange } from './credential-status.js';
import { loadCredentialFacts } from './stored-credentials.js';

const tags = ['Credentials'];

const changeRoute = (change: StatusChange, summary: string) =>
  createRoute(
    secured(guard(param('id', loadCredentialFacts), credentialRules.changeStatus), {
      method: 'post',
      path: `/credentials/{id}/${change}`,
      tags,
      summary,
      description: '`id` is the URL-encoded credential id.',
      request: { params: CredentialIdParam, body: jsonBody(StatusChangeRequest) },
      responses: {
        200: jsonResponse(CredentialStatusView, 'The credential status after the change'),
        ...writeProblems,
        ...notFoundProblem,
      },
    }),
  );

const changes: Array<[StatusChange, string]> = [
  ['revoke', 'Revoke a credential (final)'],
  ['suspend', 'Suspend a credential until it is reinstated'],
  [
    'reinstate',
    'Reinstate a suspended credential (not a revoked one, nor a module credential whose module a ' +
      'correction of its sign-off took back: that one is valid again once the module is passed again)',
  ],
];

const updateStatus = createRoute(
  secured(guard(bodyField('credentialId', loadCredentialFacts), credentialRules.changeStatus), {
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
  }),
);

const NO_REASON = 'VC-API status update (no reason given)';

/**
 * Revoking, suspending and reinstating credentials, also through the VC-API status update.
 * @example app.route('/', statusRoutes())
 */
export const statusRoutes = () => {
  const router = newRouter();
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
    const update = c.req.valid('json');
    return c.json(
      await changeCredentialStatus(
        c.get('deps'),
        c.get('principal'),
        update.credentialId,
        requestedChange(update),
        update.reason ?? NO_REASON,
      ),
      200,
    );
  });
};
