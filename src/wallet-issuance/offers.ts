import { preAuthorizedCodeGrantIdentifier } from '@openid4vc/oauth2';
import { type CredentialOfferObject, Openid4vciIssuer } from '@openid4vc/openid4vci';
import type { CredentialOffer, CredentialOfferCreated } from '../../schemas/wallet.js';
import type { CredentialOfferFacts } from '../access/index.js';
import { credentialContent, type JsonObject } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { fail, refuseFields } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import {
  protocolCallbacks,
  qrCodes,
  randomSecret,
  transactionCode,
  walletSettings,
} from '../wallet-protocol/index.js';
import {
  configurationIdFor,
  issuerEndpoints,
  issuerMetadataResult,
  kindOf,
  type WalletFormat,
} from './issuer-metadata.js';

type OfferRow = Schema['credential_offer'];
type CredentialRow = Schema['credential'];

/** How the wallet is told where the transaction code comes from (at most 300 characters). */
const TX_CODE_DESCRIPTION =
  'De code van zes cijfers die je apart van deze QR-code kreeg. / The six-digit code you were given apart from this QR code.';

/** The credentials an offer names, in order, each read once; refused at its field when it cannot be offered. */
async function offeredRows(deps: Pick<Deps, 'db'>, ids: readonly string[]): Promise<CredentialRow[]> {
  const db = deps.db.kysely;
  const rows = await db.selectFrom('credential').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const copies = new Set(
    (
      await db
        .selectFrom('credential_pickup')
        .select('credential_id')
        .where('credential_id', 'in', ids)
        .execute()
    ).map((p) => p.credential_id),
  );
  const [first] = rows.filter((row) => row.id === ids[0]);
  if (!first) throw fail.notFound('credential', ids[0] ?? '');
  refuseFields(
    ids.flatMap((id, i) => {
      const field = i === 0 ? 'credentialId' : `include[${i - 1}]`;
      const row = byId.get(id);
      if (!row) return [{ field, message: `there is no credential '${id}'` }];
      if (row.learner_id === null || row.learner_id !== first.learner_id)
        return [{ field, message: `credential '${id}' is not issued to the same learner` }];
      if (row.institution_id !== first.institution_id)
        return [
          {
            field,
            message: `credential '${id}' is issued by '${row.institution_id}': one offer, one issuer`,
          },
        ];
      const active = row.revoked_at === null && row.suspended_at === null;
      const refusal = offerRefusal({ id, copy: copies.has(id), active });
      if (refusal) return [{ field, message: refusal }];
      if (!kindOf(credentialContent(JSON.parse(row.document) as JsonObject)))
        return [{ field, message: `credential '${id}' is neither a module microcredential nor an award` }];
      return [];
    }),
  );
  return ids.map((id) => byId.get(id) as CredentialRow);
}

/**
 * Why a credential of the learner's cannot go into a wallet, or undefined when it can: a copy a wallet
 * picked up is offered by its original, and a revoked or suspended one not at all. One rule for the
 * offer and for the pages that offer "Zet in je wallet". Pure.
 * @example offerRefusal({ id, copy: false, active: false }) // "credential '…' is revoked or suspended: it is not offered"
 */
export function offerRefusal(credential: { id: string; copy: boolean; active: boolean }): string | undefined {
  if (credential.copy)
    return `credential '${credential.id}' was picked up by a wallet: offer the credential it copies`;
  if (!credential.active) return `credential '${credential.id}' is revoked or suspended: it is not offered`;
  return undefined;
}

/** An offer's state as its reader sees it: an open offer past its time has expired. */
const stateOf = (offer: OfferRow, now: string): CredentialOffer['state'] =>
  offer.state === 'open' && offer.expires_at <= now ? 'expired' : offer.state;

/**
 * An offer as the API shows it: never its codes.
 * @example (await offerView(deps, offerId)).credentials[0].pickedUp?.credentialId
 */
export async function offerView(deps: Pick<Deps, 'db' | 'now'>, offerId: string): Promise<CredentialOffer> {
  const db = deps.db.kysely;
  const offer = await db
    .selectFrom('credential_offer')
    .selectAll()
    .where('id', '=', offerId)
    .executeTakeFirst();
  if (!offer) throw fail.notFound('credential offer', offerId);
  const items = await db
    .selectFrom('credential_offer_item as i')
    .leftJoin('credential_pickup as p', 'p.offer_item_id', 'i.id')
    .select([
      'i.id',
      'i.source_credential_id',
      'i.configuration_id',
      'p.credential_id',
      'p.holder_did',
      'p.picked_up_at',
    ])
    .where('i.offer_id', '=', offerId)
    .orderBy('i.position')
    .execute();
  return {
    id: offer.id,
    institutionId: offer.institution_id,
    learnerId: offer.learner_id,
    format: offer.format,
    state: stateOf(offer, deps.now().toISOString()),
    expiresAt: offer.expires_at,
    credentials: items.map((item) => ({
      credentialId: item.source_credential_id,
      configurationId: item.configuration_id,
      credentialIdentifier: item.id,
      ...(item.credential_id && item.holder_did && item.picked_up_at
        ? { pickedUp: { credentialId: item.credential_id, holder: item.holder_did, at: item.picked_up_at } }
        : {}),
    })),
  };
}

/**
 * The credential offer (OpenID4VCI 1.0 §4.1) of an offer row, made by the library: by value (the offer
 * object in the link) or by reference (its `credential_offer_uri` in the link). Its one grant is the
 * pre-authorized code, with a numeric transaction code of six digits that the wallet asks its user for.
 */
async function credentialOffer(
  deps: Pick<Deps, 'db' | 'urls'>,
  offer: OfferRow,
  items: ReadonlyArray<{ configuration_id: string }>,
  how: 'by value' | 'by reference',
) {
  return new Openid4vciIssuer({ callbacks: protocolCallbacks() }).createCredentialOffer({
    issuerMetadata: await issuerMetadataResult(deps, offer.institution_id),
    credentialConfigurationIds: [...new Set(items.map((item) => item.configuration_id))],
    grants: {
      [preAuthorizedCodeGrantIdentifier]: {
        'pre-authorized_code': offer.pre_authorized_code,
        tx_code: { input_mode: 'numeric', length: offer.tx_code.length, description: TX_CODE_DESCRIPTION },
      },
    },
    ...(how === 'by reference'
      ? { credentialOfferUri: issuerEndpoints(deps.urls, offer.institution_id).offer(offer.id) }
      : {}),
  });
}

/**
 * Offers credentials of one learner to their wallet (OpenID4VCI 1.0, pre-authorized code flow): the
 * credential and those `include` names, all issued by one instelling to the same learner, each to be
 * picked up once as a new, holder-bound credential in `format`. The offer is made by value and by
 * reference as `openid-credential-offer://` links and a QR code of the reference; the transaction code
 * the wallet must send with the pre-authorized code is answered apart, to be shown or sent apart from
 * the QR code (never in it). It expires after WALLET_OFFER_SECONDS (ten
 * minutes). Audited on the offer; a refused offer writes nothing.
 * @example const { credentialOfferUri, txCode, qrCode } = await makeOffer(deps, learner, vcId, { format: 'ldp_vc' });
 */
export async function makeOffer(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'wallet'>,
  actor: Actor,
  credentialId: string,
  input: { format?: WalletFormat | undefined; include?: readonly string[] | undefined },
): Promise<CredentialOfferCreated> {
  const format = input.format ?? 'ldp_vc';
  const ids = [...new Set([credentialId, ...(input.include ?? [])])];
  const rows = await offeredRows(deps, ids);
  const [first] = rows as [CredentialRow];
  const learner = await deps.db.kysely
    .selectFrom('learner')
    .select('id')
    .where('id', '=', first.learner_id ?? '')
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!learner) throw fail.invalid('credentialId', 'the learner it was issued to erased themselves');

  const txCode = transactionCode();
  const now = deps.now();
  const offer: OfferRow = {
    id: deps.newId(),
    institution_id: first.institution_id,
    learner_id: learner.id,
    format,
    pre_authorized_code: randomSecret(),
    tx_code: txCode,
    tx_code_failures: 0,
    state: 'open',
    created_at: now.toISOString(),
    created_by: actorLabel(actor),
    expires_at: new Date(now.getTime() + walletSettings(deps).offerSeconds * 1000).toISOString(),
    closed_at: null,
    access_token_hash: null,
    access_token_expires_at: null,
  };
  const items = rows.map((row, position) => ({
    id: deps.newId(),
    offer_id: offer.id,
    position,
    source_credential_id: row.id,
    configuration_id: configurationIdFor(
      kindOf(credentialContent(JSON.parse(row.document) as JsonObject)) ?? 'module',
      format,
    ),
  }));
  const byValue = await credentialOffer(deps, offer, items, 'by value');
  const byReference = await credentialOffer(deps, offer, items, 'by reference');

  const db = deps.db.kysely;
  await deps.db.atomically([
    db.insertInto('credential_offer').values(offer),
    db.insertInto('credential_offer_item').values(items),
    auditEvent(deps, actor, 'credential-offer.made', 'credential_offer', offer.id, {
      institutionId: offer.institution_id,
      learnerId: offer.learner_id,
      format,
      credentials: ids,
    }),
  ]);
  return {
    ...(await offerView(deps, offer.id)),
    credentialOffer: byValue.credentialOffer,
    credentialOfferUri: byReference.credentialOffer,
    txCode,
    qrCode: await qrCodes(byReference.credentialOffer),
  };
}

/**
 * The credential offer object a `credential_offer_uri` names (OpenID4VCI 1.0 §4.1.3) while its offer can
 * still be redeemed; undefined once it is redeemed, withdrawn, burned or expired, or when this instelling
 * made no such offer.
 * @example const object = await offerObjectOf(deps, 'han', offerId); // { credential_issuer, credential_configuration_ids, grants }
 */
export async function offerObjectOf(
  deps: Pick<Deps, 'db' | 'now' | 'urls'>,
  institutionId: string,
  offerId: string,
): Promise<CredentialOfferObject | undefined> {
  const db = deps.db.kysely;
  const offer = await db
    .selectFrom('credential_offer')
    .selectAll()
    .where('id', '=', offerId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!offer || stateOf(offer, deps.now().toISOString()) !== 'open') return undefined;
  const items = await db
    .selectFrom('credential_offer_item')
    .select('configuration_id')
    .where('offer_id', '=', offerId)
    .orderBy('position')
    .execute();
  return (await credentialOffer(deps, offer, items, 'by value')).credentialOfferObject;
}

/**
 * Withdraws an offer that is open or redeemed: its code and its access token redeem nothing from now
 * on; what was picked up stays issued. A closed offer cannot be withdrawn again (a conflict). Audited.
 * @example await withdrawOffer(deps, learner, offerId)
 */
export async function withdrawOffer(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  actor: Actor,
  offerId: string,
): Promise<CredentialOffer> {
  const now = deps.now().toISOString();
  const db = deps.db.kysely;
  const before = await offerView(deps, offerId);
  if (before.state !== 'open' && before.state !== 'redeemed')
    throw fail.conflict(`Credential offer '${offerId}' is ${before.state}: there is nothing to withdraw.`);
  await deps.db.atomically([
    db
      .updateTable('credential_offer')
      .set({ state: 'withdrawn', closed_at: now })
      .where('id', '=', offerId)
      .where('state', 'in', ['open', 'redeemed']),
    auditEvent(deps, actor, 'credential-offer.withdrawn', 'credential_offer', offerId, { was: before.state }),
  ]);
  return offerView(deps, offerId);
}

/**
 * What access to an offer depends on: its instelling, and its learner's token subject. Not found for an
 * offer that does not exist.
 * @example guard(param('id', loadOfferFacts), walletRules.manageOffer)
 */
export async function loadOfferFacts(deps: Pick<Deps, 'db'>, offerId: string): Promise<CredentialOfferFacts> {
  const row = await deps.db.kysely
    .selectFrom('credential_offer as o')
    .leftJoin('learner as l', (join) => join.onRef('l.id', '=', 'o.learner_id').on('l.status', '=', 'active'))
    .select(['o.id', 'o.institution_id', 'l.subject'])
    .where('o.id', '=', offerId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('credential offer', offerId);
  return { id: row.id, institutionId: row.institution_id, learnerSubject: row.subject ?? null };
}
