import { createRoute } from '@hono/zod-openapi';
import { IdParam } from '../../schemas/common.js';
import { CredentialIdParam } from '../../schemas/status-lists.js';
import { CredentialOffer, CredentialOfferCreate, CredentialOfferCreated } from '../../schemas/wallet.js';
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
import { loadCredentialFacts } from '../issuance/index.js';
import { loadOfferFacts, makeOffer, offerView, withdrawOffer } from './offers.js';

const tags = ['Wallet'];
const mayManage = guard(param('id', loadOfferFacts), walletRules.manageOffer);

const offer = createRoute(
  secured(guard(param('id', loadCredentialFacts), walletRules.offer), {
    method: 'post',
    path: '/credentials/{id}/offer',
    tags,
    summary: 'Put a credential in a wallet: an OpenID4VCI credential offer with a QR code',
    description:
      'A pre-authorized code offer of this credential (and those `include` names: the same learner, the same ' +
      'instelling) as `openid-credential-offer://` links by value and by reference, and a QR code of the ' +
      'reference. The wallet redeems it with the `txCode` answered here: show or send it apart from the QR code. ' +
      'Each credential is picked up once, as a new credential bound to the wallet’s key, in `format`. The offer ' +
      'expires after WALLET_OFFER_SECONDS (ten minutes); three wrong transaction codes burn it.',
    request: { params: CredentialIdParam, body: jsonBody(CredentialOfferCreate) },
    responses: {
      201: jsonResponse(CredentialOfferCreated, 'The offer, its links, QR code and transaction code'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

const read = createRoute(
  secured(mayManage, {
    method: 'get',
    path: '/credential-offers/{id}',
    tags,
    summary: 'A credential offer: its state, and what was picked up',
    request: { params: IdParam },
    responses: { 200: jsonResponse(CredentialOffer, 'The offer'), ...commonProblems, ...notFoundProblem },
  }),
);

const withdraw = createRoute(
  secured(mayManage, {
    method: 'post',
    path: '/credential-offers/{id}/withdraw',
    tags,
    summary: 'Withdraw a credential offer: its codes and token redeem nothing more',
    description: 'What was picked up stays issued. A closed offer (withdrawn, burned, expired) is a 409.',
    request: { params: IdParam },
    responses: {
      200: jsonResponse(CredentialOffer, 'The withdrawn offer'),
      ...writeProblems,
      ...notFoundProblem,
    },
  }),
);

/**
 * Credential offers as the API manages them (the OpenID4VCI endpoints a wallet calls are in
 * protocol-routes.ts).
 * @example app.route('/', credentialOfferRoutes())
 */
export const credentialOfferRoutes = () =>
  newRouter()
    .openapi(offer, async (c) =>
      c.json(
        await makeOffer(c.get('deps'), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
        201,
      ),
    )
    .openapi(read, async (c) => c.json(await offerView(c.get('deps'), c.req.valid('param').id), 200))
    .openapi(withdraw, async (c) =>
      c.json(await withdrawOffer(c.get('deps'), c.get('principal'), c.req.valid('param').id), 200),
    );
