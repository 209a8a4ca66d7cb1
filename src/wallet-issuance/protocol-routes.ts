import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { protocolBodyLimit } from '../http/body-guards.js';
import type { Deps } from '../kernel/ports.js';
import { protocolError, protocolErrorResponse } from '../wallet-protocol/index.js';
import { authorizationServerMetadata, credentialIssuerMetadata } from './issuer-metadata.js';
import { issueNonce } from './nonces.js';
import { offerObjectOf } from './offers.js';
import { pickUp } from './pickup.js';
import { redeemOffer } from './token-endpoint.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Refuses a request to the credential issuer of an instelling that does not exist (404, the protocol's way). */
async function assertIssuer(deps: Pick<Deps, 'db'>, institutionId: string): Promise<void> {
  const found = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', institutionId)
    .executeTakeFirst();
  if (!found)
    throw protocolError('invalid_request', `there is no credential issuer '${institutionId}' here`, {
      status: 404,
    });
}

/**
 * The OpenID4VCI 1.0 endpoints a wallet calls, one credential issuer per instelling: its metadata and
 * that of the authorization server it is (both by RFC 8615 path insertion, and under the issuer's own
 * path as drafts fetched them), offers by reference, the token, nonce and credential endpoints. They
 * speak the protocol, not this API: public, authenticated by the protocol's own means (pre-authorized
 * code and transaction code, access token, key proof), form or JSON bodies as it says, refusals as
 * OAuth error responses. Mounted before the API's bearer authentication and body guards.
 * @example app.route('/', walletIssuanceProtocolRoutes())
 */
export function walletIssuanceProtocolRoutes(): Hono<AppEnv> {
  const router = new Hono<AppEnv>();
  // Only this protocol's own paths: the router is mounted at `/`, and `*` would run before every request.
  router.use('/institutions/:id/oid4vci/*', protocolBodyLimit());

  for (const path of [
    '/.well-known/openid-credential-issuer/institutions/:id',
    '/institutions/:id/.well-known/openid-credential-issuer',
  ])
    router.get(path, async (c) =>
      c.json(await credentialIssuerMetadata(c.get('deps'), c.req.param('id') ?? '')),
    );
  for (const path of [
    '/.well-known/oauth-authorization-server/institutions/:id',
    '/institutions/:id/.well-known/oauth-authorization-server',
  ])
    router.get(path, async (c) => {
      const id = c.req.param('id') ?? '';
      await credentialIssuerMetadata(c.get('deps'), id); // not found for an unknown instelling
      return c.json(authorizationServerMetadata(c.get('deps').urls, id));
    });

  router.get('/institutions/:id/oid4vci/offers/:offerId', async (c) => {
    const object = await offerObjectOf(c.get('deps'), c.req.param('id'), c.req.param('offerId'));
    if (!object)
      return protocolErrorResponse(
        c,
        protocolError(
          'invalid_request',
          'no open credential offer here: it was redeemed, withdrawn, burned or expired',
          {
            status: 404,
          },
        ),
      );
    return c.json(object, 200, NO_STORE);
  });

  router.post('/institutions/:id/oid4vci/token', async (c) => {
    try {
      const deps = c.get('deps');
      await assertIssuer(deps, c.req.param('id'));
      if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? ''))
        throw protocolError('invalid_request', 'send the token request as application/x-www-form-urlencoded');
      const form = Object.fromEntries(
        new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer())),
      );
      const request = { headers: c.req.raw.headers, method: 'POST' as const, url: c.req.url };
      return c.json(await redeemOffer(deps, c.req.param('id'), form, request), 200, NO_STORE);
    } catch (error) {
      return protocolErrorResponse(c, error);
    }
  });

  router.post('/institutions/:id/oid4vci/nonce', async (c) => {
    try {
      const deps = c.get('deps');
      await assertIssuer(deps, c.req.param('id'));
      return c.json(await issueNonce(deps, c.req.param('id')), 200, NO_STORE);
    } catch (error) {
      return protocolErrorResponse(c, error);
    }
  });

  router.post('/institutions/:id/oid4vci/credential', async (c) => {
    try {
      const deps = c.get('deps');
      await assertIssuer(deps, c.req.param('id'));
      const body: unknown = await c.req.json().catch(() => {
        throw protocolError(
          'invalid_credential_request',
          'the credential request is a JSON object (application/json)',
        );
      });
      return c.json(
        await pickUp(deps, c.req.param('id'), c.req.header('authorization'), body),
        200,
        NO_STORE,
      );
    } catch (error) {
      return protocolErrorResponse(c, error);
    }
  });
  return router;
}
