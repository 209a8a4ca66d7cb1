import { type SqlBool, sql } from 'kysely';
import type { Deps } from '../kernel/ports.js';
import { protocolError, randomSecret } from '../wallet-protocol/index.js';

/** How long a `c_nonce` may be signed into a key proof. */
export const NONCE_SECONDS = 300;

/**
 * The nonce endpoint of an instelling's credential issuer (OpenID4VCI 1.0 §7): a fresh, unpredictable
 * `c_nonce`, which one key proof may name, once, within five minutes.
 * @example const { c_nonce } = await issueNonce(deps, 'han');
 */
export async function issueNonce(
  deps: Pick<Deps, 'db' | 'now'>,
  institutionId: string,
): Promise<{ c_nonce: string; c_nonce_expires_in: number }> {
  const now = deps.now();
  const nonce = randomSecret();
  await deps.db.kysely
    .insertInto('wallet_nonce')
    .values({
      nonce,
      institution_id: institutionId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + NONCE_SECONDS * 1000).toISOString(),
      used_at: null,
      used_by: null,
    })
    .execute();
  return { c_nonce: nonce, c_nonce_expires_in: NONCE_SECONDS };
}

const invalidNonce = (why: string) =>
  protocolError('invalid_nonce', `${why}: ask the nonce endpoint for a fresh c_nonce`);

/**
 * The unused, unexpired nonce of this issuer a key proof names, with when it expires; `invalid_nonce`
 * (which tells the wallet to fetch a fresh one) for any other.
 * @example const { expiresAt } = await openNonce(deps, 'han', payload.nonce);
 */
export async function openNonce(
  deps: Pick<Deps, 'db' | 'now'>,
  institutionId: string,
  nonce: unknown,
): Promise<{ nonce: string; expiresAt: Date }> {
  if (typeof nonce !== 'string') throw invalidNonce('the key proof names no nonce');
  const row = await deps.db.kysely
    .selectFrom('wallet_nonce')
    .selectAll()
    .where('nonce', '=', nonce)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw invalidNonce('this nonce was not issued by this credential issuer');
  if (row.used_at !== null) throw invalidNonce('this nonce was used already');
  if (row.expires_at <= deps.now().toISOString())
    throw invalidNonce(`this nonce expired at ${row.expires_at}`);
  return { nonce, expiresAt: new Date(row.expires_at) };
}

/**
 * Uses a nonce for one request, or refuses: of two requests racing with the same nonce, one uses it.
 * @example await useNonce(deps, nonce, deps.newId())
 */
export async function useNonce(deps: Pick<Deps, 'db' | 'now'>, nonce: string, by: string): Promise<void> {
  const at = deps.now().toISOString();
  const db = deps.db.kysely;
  const usedHere = sql<SqlBool>`used_by = ${by}`;
  await db
    .updateTable('wallet_nonce')
    .set({ used_at: at, used_by: by })
    .where('nonce', '=', nonce)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
  const used = await db
    .selectFrom('wallet_nonce')
    .select('nonce')
    .where('nonce', '=', nonce)
    .where(usedHere)
    .executeTakeFirst();
  if (!used) throw invalidNonce('this nonce was used already');
}
