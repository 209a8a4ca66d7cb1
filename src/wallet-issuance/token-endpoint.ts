import {
  Oauth2AuthorizationServer,
  preAuthorizedCodeGrantIdentifier,
  type RequestLike,
} from '@openid4vc/oauth2';
import { type SqlBool, sql } from 'kysely';
import { auditEventIf, systemActor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import {
  protocolCallbacks,
  protocolError,
  randomSecret,
  sha256Hex,
  walletSettings,
} from '../wallet-protocol/index.js';
import { authorizationServerMetadata } from './issuer-metadata.js';
import { issueNonce, NONCE_SECONDS } from './nonces.js';

/** How long an access token of a redeemed offer may be used at the credential endpoint. */
const ACCESS_TOKEN_SECONDS = 300;

/** The access token response, with the nonce for the first key proof (which drafts before 1.0 read from here). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  c_nonce: string;
  c_nonce_expires_in: number;
  authorization_details: Array<{
    type: 'openid_credential';
    credential_configuration_id: string;
    credential_identifiers: string[];
  }>;
}

/** The service acting on a wallet's request: the offer's wallet, named by the offer. */
const walletActor = (offerId: string) => systemActor(`wallet:${offerId}`);

/**
 * The token endpoint of an instelling's credential issuer (OpenID4VCI 1.0 §6, pre-authorized code grant):
 * the library parses the form and checks the code, the transaction code and the offer's expiry; this
 * decides on the offer it belongs to. A pre-authorized code is redeemed once: the access token (kept as
 * its hash) and its `authorization_details`, which name each offered credential by its
 * `credential_identifier`, are answered to the one request that redeemed it. A wrong transaction code is
 * `invalid_grant`, counted; the WALLET_TX_CODE_ATTEMPTS-th burns the offer (audited), and nothing redeems
 * it again. A missing one is `invalid_request`; a code that is unknown, expired, redeemed, withdrawn or
 * burned is `invalid_grant`.
 * @example const tokens = await redeemOffer(deps, 'han', { grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, tx_code: '493536' }, request);
 */
export async function redeemOffer(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'wallet'>,
  institutionId: string,
  form: Record<string, unknown>,
  request: RequestLike,
): Promise<TokenResponse> {
  const server = new Oauth2AuthorizationServer({ callbacks: protocolCallbacks() });
  const parsed = server.parseAccessTokenRequest({ accessTokenRequest: form, request });
  if (parsed.grant.grantType !== preAuthorizedCodeGrantIdentifier)
    throw protocolError('unsupported_grant_type', 'only the pre-authorized code grant is supported here');
  const { grant } = parsed;
  const db = deps.db.kysely;
  const offer = await db
    .selectFrom('credential_offer')
    .selectAll()
    .where('pre_authorized_code', '=', grant.preAuthorizedCode)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!offer) throw protocolError('invalid_grant', 'this pre-authorized code was not issued here');
  if (offer.state !== 'open')
    throw protocolError(
      'invalid_grant',
      `this pre-authorized code can no longer be used: the offer is ${offer.state}`,
    );
  const now = deps.now();
  try {
    await server.verifyPreAuthorizedCodeAccessTokenRequest({
      grant,
      accessTokenRequest: parsed.accessTokenRequest,
      request,
      expectedPreAuthorizedCode: offer.pre_authorized_code,
      expectedTxCode: offer.tx_code,
      preAuthorizedCodeExpiresAt: new Date(offer.expires_at),
      now,
      authorizationServerMetadata: authorizationServerMetadata(deps.urls, institutionId),
    });
  } catch (error) {
    if (grant.txCode !== undefined && grant.txCode !== offer.tx_code) await countWrongTxCode(deps, offer.id);
    throw error;
  }

  const accessToken = randomSecret();
  const tokenHash = await sha256Hex(accessToken);
  const at = now.toISOString();
  await deps.db.atomically([
    db
      .updateTable('credential_offer')
      .set({
        state: 'redeemed',
        closed_at: at,
        access_token_hash: tokenHash,
        access_token_expires_at: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000).toISOString(),
      })
      .where('id', '=', offer.id)
      .where('state', '=', 'open')
      .where('expires_at', '>', at),
    auditEventIf(
      deps,
      walletActor(offer.id),
      'credential-offer.redeemed',
      'credential_offer',
      offer.id,
      undefined,
      sql<SqlBool>`changes() = 1`,
    ),
  ]);
  const redeemed = await db
    .selectFrom('credential_offer')
    .select('id')
    .where('id', '=', offer.id)
    .where('access_token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!redeemed)
    throw protocolError('invalid_grant', 'this pre-authorized code was redeemed by another request');

  const items = await db
    .selectFrom('credential_offer_item')
    .select(['id', 'configuration_id'])
    .where('offer_id', '=', offer.id)
    .orderBy('position')
    .execute();
  const configurations = [...new Set(items.map((item) => item.configuration_id))];
  const nonce = await issueNonce(deps, institutionId);
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_SECONDS,
    c_nonce: nonce.c_nonce,
    c_nonce_expires_in: NONCE_SECONDS,
    authorization_details: configurations.map((id) => ({
      type: 'openid_credential',
      credential_configuration_id: id,
      credential_identifiers: items.filter((item) => item.configuration_id === id).map((item) => item.id),
    })),
  };
}

/**
 * Counts a wrong transaction code against an open offer, burning it at the configured number of
 * attempts: one statement, so racing guesses each count and none slips past the limit. The burn is
 * audited in the same transaction, only by the guess that burned it.
 */
async function countWrongTxCode(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'wallet'>,
  offerId: string,
): Promise<void> {
  const attempts = walletSettings(deps).txCodeAttempts;
  const at = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('credential_offer')
      .set((eb) => ({
        tx_code_failures: eb('tx_code_failures', '+', 1),
        state: sql<
          'open' | 'burned'
        >`CASE WHEN tx_code_failures + 1 >= ${attempts} THEN 'burned' ELSE state END`,
        closed_at: sql<
          string | null
        >`CASE WHEN tx_code_failures + 1 >= ${attempts} THEN ${at} ELSE closed_at END`,
      }))
      .where('id', '=', offerId)
      .where('state', '=', 'open'),
    auditEventIf(
      deps,
      walletActor(offerId),
      'credential-offer.burned',
      'credential_offer',
      offerId,
      { wrongTxCodes: attempts },
      sql<SqlBool>`changes() = 1 AND EXISTS (SELECT 1 FROM credential_offer WHERE id = ${offerId} AND state = 'burned')`,
    ),
  ]);
}
