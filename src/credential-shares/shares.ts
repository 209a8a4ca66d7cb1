import type { CredentialShare } from '../../schemas/credential-shares.js';
import type { Principal } from '../auth/principal.js';
import type { JsonObject } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { randomToken } from '../web-auth/index.js';

type Row = Schema['credential_share'];

const toShare = (deps: Pick<Deps, 'urls'>, row: Row): CredentialShare => ({
  id: row.id,
  credentialId: row.credential_id,
  url: deps.urls.sharedCredential(row.id),
  createdAt: row.created_at,
  ...(row.withdrawn_at === null ? {} : { withdrawnAt: row.withdrawn_at }),
});

/**
 * Makes a public link to a credential (who may is declared on the operation: the learner it was issued
 * to). Anyone with the link sees the credential and its verification, until the learner withdraws it.
 * @example const { url } = await shareCredential(deps, learner, credentialId);
 */
export async function shareCredential(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls'>,
  principal: Principal,
  credentialId: string,
): Promise<CredentialShare> {
  const credential = await deps.db.kysely
    .selectFrom('credential')
    .select(['id', 'learner_id'])
    .where('id', '=', credentialId)
    .executeTakeFirst();
  if (!credential) throw fail.notFound('credential', credentialId);
  if (credential.learner_id === null)
    throw fail.refused('Not shareable', 'This credential was not issued to a learner of this service.');
  const row: Row = {
    id: randomToken(),
    credential_id: credential.id,
    learner_id: credential.learner_id,
    created_at: deps.now().toISOString(),
    withdrawn_at: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('credential_share').values(row),
    auditEvent(deps, principal, 'credential.shared', 'credential', credential.id, { shareId: row.id }),
  ]);
  return toShare(deps, row);
}

/**
 * The links made to a credential, withdrawn ones too, newest first.
 * @example (await credentialShares(deps, credentialId)).items.filter((s) => !s.withdrawnAt)
 */
export async function credentialShares(
  deps: Pick<Deps, 'db' | 'urls'>,
  credentialId: string,
): Promise<{ items: CredentialShare[] }> {
  const rows = await deps.db.kysely
    .selectFrom('credential_share')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return { items: rows.map((row) => toShare(deps, row)) };
}

/**
 * Withdraws a link: from now on it answers 404. Withdrawing it again changes nothing.
 * @example await withdrawShare(deps, learner, credentialId, shareId);
 */
export async function withdrawShare(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls'>,
  principal: Principal,
  credentialId: string,
  shareId: string,
): Promise<CredentialShare> {
  const row = await deps.db.kysely
    .selectFrom('credential_share')
    .selectAll()
    .where('id', '=', shareId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('share of this credential', shareId);
  if (row.withdrawn_at !== null) return toShare(deps, row);
  const withdrawn = { ...row, withdrawn_at: deps.now().toISOString() };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('credential_share')
      .set({ withdrawn_at: withdrawn.withdrawn_at })
      .where('id', '=', shareId)
      .where('withdrawn_at', 'is', null),
    auditEvent(deps, principal, 'credential.share-withdrawn', 'credential', credentialId, { shareId }),
  ]);
  return toShare(deps, withdrawn);
}

/**
 * The credential behind a public link, as it was issued: not found for a link that is unknown (a
 * tampered one), withdrawn, or whose learner erased themselves.
 * @example const { verifiableCredential } = await sharedCredential(deps, shareId);
 */
export async function sharedCredential(
  deps: Pick<Deps, 'db'>,
  shareId: string,
): Promise<{ verifiableCredential: JsonObject; sharedAt: string }> {
  const row = await deps.db.kysely
    .selectFrom('credential_share as s')
    .innerJoin('credential as c', 'c.id', 's.credential_id')
    .innerJoin('learner as l', 'l.id', 's.learner_id')
    .select(['c.document', 's.created_at'])
    .where('s.id', '=', shareId)
    .where('s.withdrawn_at', 'is', null)
    .where('l.status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw fail.notFound('shared credential', shareId);
  return { verifiableCredential: JSON.parse(row.document) as JsonObject, sharedAt: row.created_at };
}
