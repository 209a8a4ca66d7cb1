import type { Deps } from '../kernel/ports.js';

/** A credential a wallet picked up (OpenID4VCI): the holder-bound copy of another, issued when it was. */
export interface WalletCopy {
  /** The credential it copies. */
  copyOf: string;
  pickedUpAt: string;
}

/**
 * Which of these credentials are copies a wallet picked up, with what each copies and when: the pickups
 * recorded here, by which an offer refuses a copy (offerRefusal). A copy is a credential of its own (new
 * id, its own status entry), so nothing else tells it.
 * @example (await walletCopies(deps, [original.id, copy.id])).get(copy.id)?.copyOf // original.id
 */
export async function walletCopies(
  deps: Pick<Deps, 'db'>,
  credentialIds: readonly string[],
): Promise<Map<string, WalletCopy>> {
  if (credentialIds.length === 0) return new Map();
  const rows = await deps.db.kysely
    .selectFrom('credential_pickup')
    .select(['credential_id', 'source_credential_id', 'picked_up_at'])
    .where('credential_id', 'in', credentialIds)
    .execute();
  return new Map(
    rows.map((row) => [
      row.credential_id,
      { copyOf: row.source_credential_id, pickedUpAt: row.picked_up_at },
    ]),
  );
}
