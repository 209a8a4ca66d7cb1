import { createRoute } from '@hono/zod-openapi';
import {
  CredentialShare,
  CredentialShareList,
  SharedCredential,
  SharedCredentialParam,
  ShareParams,
} from '../../schemas/credential-shares.js';
import { CredentialIdParam } from '../../schemas/status-lists.js';
import { credentialRules } from '../access/index.js';
import { guard, param, publicRoute, secured } from '../http/guard.js';
import { commonProblems, jsonResponse, newRouter, notFoundProblem, writeProblems } from '../http/router.js';
import { loadCredentialFacts } from '../issuance/index.js';
import { credentialShares, shareCredential, sharedCredential, withdrawShare } from './shares.js';

const tags = ['Credentials'];
const mayShare = guard(param('id', loadCredentialFacts), credentialRules.share);

const create = createRoute(
  secured(mayShare, {
    method: 'post',
    path: '/credentials/{id}/shares',
    tags,
    summary: 'Make a public link to a credential',
    description:
      'Anyone who has the link sees the credential on the public verification page, with each check, until the ' +
      'learner withdraws it. `id` is the URL-encoded credential id.',
    request: { params: CredentialIdParam },
    responses: { 201: jsonResponse(CredentialShare, 'The link'), ...writeProblems, ...notFoundProblem },
  }),
);

const list = createRoute(
  secured(mayShare, {
    method: 'get',
    path: '/credentials/{id}/shares',
    tags,
    summary: 'The public links made to a credential',
    request: { params: CredentialIdParam },
    responses: {
      200: jsonResponse(CredentialShareList, 'The links, newest first, withdrawn ones too'),
      ...commonProblems,
      ...notFoundProblem,
    },
  }),
);

const withdraw = createRoute(
  secured(mayShare, {
    method: 'post',
    path: '/credentials/{id}/shares/{shareId}/withdraw',
    tags,
    summary: 'Withdraw a public link',
    description: 'From then on the link answers 404. Withdrawing it again changes nothing.',
    request: { params: ShareParams },
    responses: {
      200: jsonResponse(CredentialShare, 'The withdrawn link'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const shared = createRoute(
  publicRoute({
    method: 'get',
    path: '/shared-credentials/{shareId}',
    tags,
    summary: 'The credential behind a public link',
    description: 'As it was issued. A link that is unknown, altered or withdrawn answers 404.',
    request: { params: SharedCredentialParam },
    responses: { 200: jsonResponse(SharedCredential, 'The shared credential'), ...notFoundProblem },
  }),
);

/**
 * A learner's public links to their credentials: make, list and withdraw them (the learner it was
 * issued to), and read what a link shares (anyone, without a token).
 * @example app.route('/', credentialShareRoutes())
 */
export const credentialShareRoutes = () =>
  newRouter()
    .openapi(create, async (c) =>
      c.json(await shareCredential(c.get('deps'), c.get('principal'), c.req.valid('param').id), 201),
    )
    .openapi(list, async (c) => c.json(await credentialShares(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(withdraw, async (c) => {
      const { id, shareId } = c.req.valid('param');
      return c.json(await withdrawShare(c.get('deps'), c.get('principal'), id, shareId), 200);
    })
    .openapi(shared, async (c) =>
      c.json(await sharedCredential(c.get('deps'), c.req.valid('param').shareId), 200),
    );
