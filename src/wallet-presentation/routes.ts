import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import {
  WalletRequest,
  WalletRequestCreate,
  WalletRequestCreated,
  WalletRequestParam,
} from '../../schemas/wallet.js';
import { walletRules } from '../access/index.js';
import { guard, param, secured } from '../http/guard.js';
import {
  commonProblems,
  jsonBody,
  jsonResponse,
  newRouter,
  notFoundProblem,
  writeProblems,
} from '../http/router.js';
import { loadRouteFacts } from '../learning-routes/index.js';
import { askWallet, walletRequestView } from './wallet-requests.js';

const tags = ['Wallet'];

const ask = createRoute(
  secured(guard(param('id', loadRouteFacts), walletRules.askWallet), {
    method: 'post',
    path: '/routes/{id}/wallet-requests',
    tags,
    summary: "Ask the learner's wallet for what they already proved (OpenID4VP), with a QR code",
    description:
      'An OpenID4VP 1.0 request by reference, signed by the instelling’s did:web (client id prefix ' +
      '`decentralized_identifier`), asking with a DCQL query for Open Badges credentials (any, or aligned to ' +
      '`competencies`) in `ldp_vc` or `jwt_vc_json`, answered with `direct_post` for a fresh nonce, once, within ' +
      'WALLET_REQUEST_SECONDS. What the answer proves is kept as the learner’s verified evidence here, and the ' +
      'route’s next plan uses it.',
    request: { params: IdParam, body: jsonBody(WalletRequestCreate) },
    responses: {
      201: jsonResponse(WalletRequestCreated, 'The request, its link and QR code'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const read = createRoute(
  secured(guard(param('id', loadRouteFacts), walletRules.readWalletRequest), {
    method: 'get',
    path: '/routes/{id}/wallet-requests/{requestId}',
    tags,
    summary: 'A wallet request of a route: pending, answered (with what it proved) or expired',
    request: { params: WalletRequestParam },
    responses: { 200: jsonResponse(WalletRequest, 'The request'), ...commonProblems, ...notFoundProblem },
  }),
);

/**
 * OpenID4VP requests of a route's instelling as the API manages them (the endpoints a wallet calls are
 * in protocol-routes.ts).
 * @example app.route('/', walletRequestRoutes())
 */
export const walletRequestRoutes = () =>
  newRouter()
    .openapi(ask, async (c) =>
      c.json(
        await askWallet(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
    )
    .openapi(read, async (c) => {
      const { id, requestId } = c.req.valid('param');
      return c.json(await walletRequestView(c.get('deps'), id, requestId), 200);
    });
