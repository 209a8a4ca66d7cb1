import { createOpenid4vpAuthorizationRequest } from '@openid4vc/openid4vp';
import type { WalletRequest, WalletRequestCreated } from '../../schemas/wallet.js';
import { asList, asObject, type JsonObject } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { institutionJwtSigner, issuerProfileOf } from '../issuance/index.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import type { PublicUrls } from '../kernel/urls.js';
import { loadLearner, presentedCredentialsOf, toPresentedCredential } from '../learners/index.js';
import { openRoute } from '../learning-routes/index.js';
import {
  allowDevelopmentUrls,
  protocolCallbacks,
  qrCodes,
  randomSecret,
  walletSettings,
} from '../wallet-protocol/index.js';
import { dcqlQuery } from './dcql-query.js';

type VpRequestRow = Schema['vp_request'];

/**
 * Where an instelling's OpenID4VP request objects are fetched, and its wallets' answers posted.
 * @example verifierEndpoints(urls, 'han').request(id) // 'https://…/institutions/han/oid4vp/requests/…'
 */
const verifierEndpoints = (urls: PublicUrls, institutionId: string) => ({
  request: (id: string) => `${urls.base}/institutions/${institutionId}/oid4vp/requests/${id}`,
  response: (id: string) => `${urls.base}/institutions/${institutionId}/oid4vp/responses/${id}`,
});

/**
 * The client identifier of an instelling as a verifier (OpenID4VP 1.0 §5.9.3, prefix
 * `decentralized_identifier`): its did:web, the DID it issues under, whose key signs its request objects.
 * @example clientIdOf(urls, 'han') // 'decentralized_identifier:did:web:loopbrug.example.nl:institutions:han'
 */
const clientIdOf = (urls: PublicUrls, institutionId: string) =>
  `decentralized_identifier:${urls.issuerDid(institutionId)}`;

/**
 * The competencies a request's DCQL query asked credentials to be aligned to (none: any).
 * @example competenciesOf(row) // ['https://id.loopbrug.nl/kd/verzorgende-ig/b1-k1-w2']
 */
export function competenciesOf(row: Pick<VpRequestRow, 'dcql_query'>): string[] {
  const [query] = asList((JSON.parse(row.dcql_query) as JsonObject).credentials);
  const [claim] = asList(asObject(query)?.claims);
  return asList(asObject(claim)?.values).filter((v): v is string => typeof v === 'string');
}

/** A request as the API shows it, with what its answer proved. */
async function toWalletRequest(
  deps: Pick<Deps, 'db' | 'now' | 'urls'>,
  row: VpRequestRow,
  request: Schema['presentation_request'],
): Promise<WalletRequest> {
  const kept = (await presentedCredentialsOf(deps, request.learner_id, request.institution_id)).filter(
    ({ row: presented }) => presented.presentation_request_id === row.id,
  );
  const requestUri = verifierEndpoints(deps.urls, request.institution_id).request(row.id);
  const link = new URL('openid4vp://');
  link.search = new URLSearchParams({ client_id: row.client_id, request_uri: requestUri }).toString();
  return {
    id: row.id,
    routeId: row.route_id,
    learnerId: request.learner_id,
    institutionId: request.institution_id,
    clientId: row.client_id,
    requestUri,
    authorizationRequest: link.toString(),
    status:
      request.answered_at !== null
        ? 'answered'
        : request.expires_at <= deps.now().toISOString()
          ? 'expired'
          : 'pending',
    expiresAt: request.expires_at,
    credentials: kept.map(toPresentedCredential),
  };
}

/**
 * An OpenID4VP request of the route's instelling for its learner's credentials, the stored request and
 * presentation request it is; not found when the route has none by that id.
 * @example const { row, request } = await loadWalletRequest(deps, routeId, requestId);
 */
export async function loadWalletRequest(deps: Pick<Deps, 'db'>, requestId: string, routeId?: string) {
  const db = deps.db.kysely;
  let select = db.selectFrom('vp_request').selectAll().where('id', '=', requestId);
  if (routeId !== undefined) select = select.where('route_id', '=', routeId);
  const row = await select.executeTakeFirst();
  const request =
    row &&
    (await db.selectFrom('presentation_request').selectAll().where('id', '=', row.id).executeTakeFirst());
  if (!row || !request) throw fail.notFound('wallet request', requestId);
  return { row, request };
}

/**
 * A request as the API shows it: its link, status and, once answered, what was kept.
 * @example (await walletRequestView(deps, routeId, requestId)).status // 'answered'
 */
export async function walletRequestView(
  deps: Pick<Deps, 'db' | 'now' | 'urls'>,
  routeId: string,
  requestId: string,
): Promise<WalletRequest> {
  const { row, request } = await loadWalletRequest(deps, requestId, routeId);
  return toWalletRequest(deps, row, request);
}

/**
 * The opleider of a route's instelling asks its learner's wallet for what they already proved (OpenID4VP
 * 1.0): a request by reference (`openid4vp://?client_id=…&request_uri=…`, and a QR code of it) whose
 * request object, signed by the instelling's did:web key, asks with a DCQL query for Open Badges
 * credentials (any, or aligned to `competencies`), to be posted to its response URI (`direct_post`) with
 * a presentation for a fresh nonce. The request is a presentation request of the instelling for the
 * learner (issue 9): answered once, until WALLET_REQUEST_SECONDS pass; what its answer proves is kept as
 * the learner's verified evidence there, which the route's next plan uses. Audited on the request.
 * @example const { authorizationRequest, qrCode } = await askWallet(deps, opleider, routeId, { competencies: [] });
 */
export async function askWallet(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'wallet'>,
  actor: Actor,
  routeId: string,
  input: { competencies?: readonly string[] | undefined },
): Promise<WalletRequestCreated> {
  allowDevelopmentUrls(deps.urls);
  const route = await openRoute(deps, routeId);
  const learner = await loadLearner(deps, route.learner_id);
  const institutionId = route.institution_id;
  const { name } = await issuerProfileOf(deps, institutionId);
  const id = deps.newId();
  const now = deps.now();
  const lifetime = walletSettings(deps).requestSeconds;
  const endpoints = verifierEndpoints(deps.urls, institutionId);
  const clientId = clientIdOf(deps.urls, institutionId);
  const signer = await institutionJwtSigner(deps, institutionId);
  const query = dcqlQuery(input.competencies ?? []);
  const created = await createOpenid4vpAuthorizationRequest({
    authorizationRequestPayload: {
      response_type: 'vp_token',
      client_id: clientId,
      response_mode: 'direct_post',
      response_uri: endpoints.response(id),
      nonce: randomSecret(),
      state: randomSecret(),
      dcql_query: query,
      client_metadata: {
        client_name: name,
        vp_formats_supported: {
          ldp_vc: { proof_type_values: ['DataIntegrityProof'], cryptosuite_values: ['eddsa-rdfc-2022'] },
          jwt_vc_json: { alg_values: ['EdDSA'] },
        },
      },
    },
    jar: {
      requestUri: endpoints.request(id),
      jwtSigner: { method: 'did', didUrl: signer.kid, alg: 'EdDSA' },
      expiresInSeconds: lifetime,
      // Static wallet discovery (OpenID4VP 1.0 §5.8): the audience of a request object is this URI.
      additionalJwtPayload: { aud: 'https://self-issued.me/v2' },
    },
    callbacks: protocolCallbacks(async (_jwtSigner, { header, payload }) => ({
      jwt: await signer.sign(header, payload),
      signerJwk: { kty: 'OKP' },
    })),
    now,
  });
  const payload = created.authorizationRequestPayload;
  const requestObject = created.jar?.authorizationRequestJwt ?? '';
  const request: Schema['presentation_request'] = {
    id,
    institution_id: institutionId,
    learner_id: learner.id,
    challenge: payload.nonce,
    domain: clientId,
    created_at: now.toISOString(),
    created_by: actorLabel(actor),
    expires_at: new Date(now.getTime() + lifetime * 1000).toISOString(),
    answered_at: null,
    answered_by: null,
  };
  const row: VpRequestRow = {
    id,
    route_id: routeId,
    state: payload.state ?? '',
    client_id: clientId,
    response_uri: endpoints.response(id),
    dcql_query: JSON.stringify(query),
    request_object: requestObject,
  };
  const db = deps.db.kysely;
  await deps.db.atomically([
    db.insertInto('presentation_request').values(request),
    db.insertInto('vp_request').values(row),
    auditEvent(deps, actor, 'presentation.requested', 'presentation_request', id, {
      institutionId,
      learnerId: learner.id,
      routeId,
      via: 'openid4vp',
      competencies: input.competencies ?? [],
    }),
  ]);
  return {
    ...(await toWalletRequest(deps, row, request)),
    qrCode: await qrCodes(created.authorizationRequest),
  };
}
