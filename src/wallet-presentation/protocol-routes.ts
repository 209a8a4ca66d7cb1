import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { protocolBodyLimit } from '../http/body-guards.js';
import { protocolError, protocolErrorResponse } from '../wallet-protocol/index.js';
import { answerWalletRequest } from './wallet-responses.js';

/**
 * The OpenID4VP 1.0 endpoints a wallet calls for an instelling's request: the request URI (the signed
 * request object, `application/oauth-authz-req+jwt`, while the request is open) and the response URI
 * (`direct_post`: a form with `vp_token` and `state`). Public, as the protocol has them: the nonce,
 * state and holder proofs are their authentication; refusals are OAuth error responses.
 * @example app.route('/', walletPresentationProtocolRoutes())
 */
export function walletPresentationProtocolRoutes(): Hono<AppEnv> {
  const router = new Hono<AppEnv>();
  // Only this protocol's own paths: the router is mounted at `/`, and `*` would run before every request.
  router.use('/institutions/:id/oid4vp/*', protocolBodyLimit());

  router.get('/institutions/:id/oid4vp/requests/:requestId', async (c) => {
    const deps = c.get('deps');
    const row = await deps.db.kysely
      .selectFrom('vp_request as v')
      .innerJoin('presentation_request as p', 'p.id', 'v.id')
      .select(['v.request_object', 'p.answered_at', 'p.expires_at'])
      .where('v.id', '=', c.req.param('requestId'))
      .where('p.institution_id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!row || row.answered_at !== null || row.expires_at <= deps.now().toISOString())
      return protocolErrorResponse(
        c,
        protocolError(
          'invalid_request_uri',
          'no open request here: it was answered, has expired or never was',
          {
            status: 404,
          },
        ),
      );
    return c.body(row.request_object, 200, {
      'Content-Type': 'application/oauth-authz-req+jwt',
      'Cache-Control': 'no-store',
    });
  });

  router.post('/institutions/:id/oid4vp/responses/:requestId', async (c) => {
    try {
      if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? ''))
        throw protocolError(
          'invalid_request',
          'send the response as application/x-www-form-urlencoded (direct_post)',
        );
      const form = Object.fromEntries(
        new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer())),
      );
      await answerWalletRequest(c.get('deps'), c.req.param('id'), c.req.param('requestId'), form);
      return c.json({}, 200, { 'Cache-Control': 'no-store' });
    } catch (error) {
      return protocolErrorResponse(c, error);
    }
  });
  return router;
}
