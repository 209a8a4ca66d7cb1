import { Openid4vciIssuer, type ParseCredentialRequestReturn } from '@openid4vc/openid4vci';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { credentialContent, type JsonObject } from '../credentials/index.js';
import { ConstraintError } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { issueCredential } from '../issuance/index.js';
import { systemActor } from '../kernel/audit.js';
import { DomainError } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { didJwkOf, protocolCallbacks, protocolError, sha256Hex } from '../wallet-protocol/index.js';
import { holderBoundCopy } from './holder-bound-copy.js';
import { CONFIGURATIONS, issuerMetadataResult } from './issuer-metadata.js';
import { openNonce, useNonce } from './nonces.js';

type OfferRow = Schema['credential_offer'];
type ItemRow = Schema['credential_offer_item'];

/** What issuing a pickup takes: issuing (keys, status lists) and the wallet settings. */
export type PickupDeps = Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'wallet' | 'log'>;

/** A key proof older than this (by its `iat`) is not fresh; one from the future beyond the skew neither. */
const PROOF_MAX_AGE_S = 300;
const CLOCK_SKEW_S = 60;

const invalidToken = (why: string) =>
  protocolError('invalid_token', why, {
    status: 401,
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${why}"` },
  });

/** The redeemed offer an access token was issued for, while the token is valid. */
async function offerOfToken(
  deps: Pick<Deps, 'db' | 'now'>,
  institutionId: string,
  authorization: string | undefined,
): Promise<OfferRow> {
  const token = authorization?.match(/^(?:Bearer|DPoP)\s+(\S+)$/i)?.[1];
  if (token === undefined)
    throw invalidToken('send the access token of the token endpoint as a Bearer token');
  const offer = await deps.db.kysely
    .selectFrom('credential_offer')
    .selectAll()
    .where('access_token_hash', '=', await sha256Hex(token))
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!offer) throw invalidToken('this access token was not issued by this credential issuer');
  if (offer.state !== 'redeemed') throw invalidToken(`the offer of this access token is ${offer.state}`);
  if ((offer.access_token_expires_at ?? '') <= deps.now().toISOString())
    throw invalidToken(`this access token expired at ${offer.access_token_expires_at}`);
  return offer;
}

/**
 * Which offered credential a request asks for: by its `credential_identifier` (as the token response
 * named them), by `credential_configuration_id` (the first of the offer's credentials of it not yet
 * picked up), or by a draft's `format` and type. Each is the protocol's own refusal when it names
 * nothing of this offer, and `credential_request_denied` for one picked up already: an offer issues each
 * of its credentials once.
 */
function requestedItem(
  offer: OfferRow,
  items: readonly (ItemRow & { picked: boolean })[],
  parsed: ParseCredentialRequestReturn,
): ItemRow {
  const pickedUp = (item: ItemRow & { picked: boolean }) => {
    if (item.picked)
      throw protocolError('credential_request_denied', 'this credential of the offer was picked up already');
    return item;
  };
  if (parsed.credentialIdentifier !== undefined) {
    const item = items.find((i) => i.id === parsed.credentialIdentifier);
    if (!item)
      throw protocolError('unknown_credential_identifier', 'the token response named no such credential');
    return pickedUp(item);
  }
  const configurationId =
    parsed.credentialConfigurationId ??
    (parsed.format
      ? Object.entries(CONFIGURATIONS).find(
          ([id, c]) =>
            c.format === parsed.format?.format &&
            items.some((i) => i.configuration_id === id) &&
            JSON.stringify(
              (parsed.format as { credential_definition?: { type?: unknown } }).credential_definition?.type,
            ) === JSON.stringify(c.type),
        )?.[0]
      : undefined);
  if (parsed.format && parsed.format.format !== offer.format)
    throw protocolError('unsupported_credential_format', `this offer is picked up in ${offer.format}`);
  if (configurationId === undefined)
    throw protocolError(
      'invalid_credential_request',
      'name a credential_identifier or credential_configuration_id',
    );
  const ofConfiguration = items.filter((i) => i.configuration_id === configurationId);
  if (ofConfiguration.length === 0)
    throw protocolError('unknown_credential_configuration', `this offer has no ${configurationId}`);
  return pickedUp(
    ofConfiguration.find((i) => !i.picked) ?? (ofConfiguration[0] as ItemRow & { picked: boolean }),
  );
}

/** The DID a key proof binds the credential to: its `kid`'s DID, or the did:jwk of its `jwk`. */
function holderOfProof(jwt: string): string {
  const header = decodeProtectedHeader(jwt);
  if (typeof header.kid === 'string' && header.kid.startsWith('did:')) return header.kid.split('#')[0] ?? '';
  if (header.jwk) return didJwkOf(header.jwk);
  throw protocolError('invalid_proof', 'the key proof names its key by a did:key or did:jwk kid, or a jwk');
}

/**
 * The credential endpoint of an instelling's credential issuer (OpenID4VCI 1.0 §8): with the access token
 * of a redeemed offer, the wallet asks for one of the offer's credentials with a key proof
 * (`openid4vci-proof+jwt`: a nonce of this issuer's nonce endpoint, unused and unexpired; `aud` this
 * credential issuer; a fresh `iat`; signed with the Ed25519 key its `kid` (did:key, did:jwk) or `jwk`
 * names). The pickup is a new credential: the one offered, bound to that key's DID as
 * `credentialSubject.id`, issued through issueCredential with its own status entry, and recorded as a
 * pickup of the offered credential in the same transaction, whose key makes a second pickup of it roll
 * back. Every refusal is the protocol's own error (`invalid_token`, `invalid_credential_request`,
 * `unknown_credential_configuration`, `unknown_credential_identifier`, `unsupported_credential_format`,
 * `invalid_proof`, `invalid_nonce`, `credential_request_denied`), with nothing issued and nothing written
 * but the nonce the request used.
 * @example const { credentials } = await pickUp(deps, 'han', `Bearer ${accessToken}`, { credential_identifier, proofs: { jwt: [proof] } });
 */
export async function pickUp(
  deps: PickupDeps,
  institutionId: string,
  authorization: string | undefined,
  body: unknown,
): Promise<JsonObject> {
  const offer = await offerOfToken(deps, institutionId, authorization);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw protocolError('invalid_credential_request', 'the credential request is a JSON object');
  const issuerMetadata = await issuerMetadataResult(deps, institutionId);
  const request = body as Record<string, unknown>;
  const requestedConfiguration = request.credential_configuration_id;
  if (typeof requestedConfiguration === 'string' && !(requestedConfiguration in CONFIGURATIONS))
    throw protocolError(
      'unknown_credential_configuration',
      `there is no configuration ${requestedConfiguration}`,
    );
  const issuer = new Openid4vciIssuer({ callbacks: protocolCallbacks() });
  const parsed = issuer.parseCredentialRequest({ issuerMetadata, credentialRequest: request });

  const db = deps.db.kysely;
  const items = await db
    .selectFrom('credential_offer_item as i')
    .leftJoin('credential_pickup as p', 'p.offer_item_id', 'i.id')
    .selectAll('i')
    .select('p.credential_id as picked_credential')
    .where('i.offer_id', '=', offer.id)
    .orderBy('i.position')
    .execute();
  const item = requestedItem(
    offer,
    items.map(({ picked_credential, ...i }) => ({ ...i, picked: picked_credential !== null })),
    parsed,
  );

  const proofs = parsed.proofs?.jwt ?? [];
  if (proofs.length === 0) throw protocolError('invalid_proof', 'a key proof of proof_type jwt is required');
  if (proofs.length > 1)
    throw protocolError('invalid_proof', 'one key proof per request: batch issuance is not offered');
  const [jwt] = proofs as [string];
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(jwt);
  } catch {
    throw protocolError('invalid_proof', 'the key proof is not a JWT');
  }
  const nonce = await openNonce(deps, institutionId, claims.nonce);
  const holder = holderOfProof(jwt);
  const now = deps.now();
  await issuer.verifyCredentialRequestJwtProof({
    issuerMetadata,
    jwt,
    expectedNonce: nonce.nonce,
    nonceExpiresAt: nonce.expiresAt,
    now,
  });
  const age = now.getTime() / 1000 - (claims.iat ?? 0);
  if (age > PROOF_MAX_AGE_S || age < -CLOCK_SKEW_S)
    throw protocolError(
      'invalid_proof',
      `the key proof's iat is not fresh: within ${PROOF_MAX_AGE_S} s of now`,
    );
  await useNonce(deps, nonce.nonce, deps.newId());

  const source = await db
    .selectFrom('credential')
    .select(['id', 'document', 'learner_id', 'revoked_at', 'suspended_at'])
    .where('id', '=', item.source_credential_id)
    .executeTakeFirstOrThrow();
  // Offered while active, it may have been revoked or suspended since: a copy would verify as valid.
  if (source.revoked_at !== null || source.suspended_at !== null)
    throw protocolError(
      'credential_request_denied',
      `the credential was ${source.revoked_at !== null ? 'revoked' : 'suspended'} after it was offered; nothing is issued`,
    );
  const copy = holderBoundCopy(credentialContent(JSON.parse(source.document) as JsonObject), holder);
  const at = now.toISOString();
  let issued: Awaited<ReturnType<typeof issueCredential>>;
  try {
    issued = await issueCredential(deps, {
      institutionId,
      format: offer.format === 'jwt_vc_json' ? 'vc+jwt' : 'ldp',
      build: (id, credentialStatus) => ({ ...copy, id, credentialStatus }),
      holder: { learnerId: source.learner_id ?? undefined },
      audit: {
        actor: systemActor(`wallet:${offer.id}`),
        action: 'credential.picked-up',
        detail: {
          offer: offer.id,
          copies: source.id,
          format: offer.format,
          holder: holder.split(':', 2).join(':'),
        },
      },
      alongside: (credentialId) => [
        db.insertInto('credential_pickup').values({
          offer_item_id: item.id,
          credential_id: credentialId,
          source_credential_id: source.id,
          holder_did: holder,
          picked_up_at: at,
        }),
      ],
    });
  } catch (error) {
    if (error instanceof ConstraintError && error.message.startsWith('credential_pickup'))
      throw protocolError('credential_request_denied', 'this credential of the offer was picked up already');
    if (error instanceof DomainError) {
      deps.log.error('a pickup could not be issued', {
        offer: offer.id,
        credential: source.id,
        detail: error.detail,
      });
      throw protocolError('credential_request_denied', `the credential cannot be issued: ${error.detail}`);
    }
    throw error;
  }
  const credential =
    offer.format === 'jwt_vc_json'
      ? String(issued.credential.id).slice('data:application/vc+jwt,'.length)
      : issued.credential;
  return issuer.createCredentialResponse({
    credentialRequest: parsed,
    credentials: [{ credential }],
    // Drafts before 1.0 read one `credential` (with `format`, which the library adds for them).
    ...(parsed.format ? { credential } : {}),
  }) as JsonObject;
}
