import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { type SqlBool, sql } from 'kysely';
import type { DidNonce, Learner } from '../../schemas/learners.js';
import { type Actor, auditEventIf } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { holderPublicJwk } from './holder-did.js';
import { loadLearner, toLearner } from './learner.js';

/** How long a nonce may be signed and sent back. */
const NONCE_LIFETIME_MS = 10 * 60_000;
/** How old the proof's `iat` may be, and how far clocks may disagree. */
const PROOF_MAX_AGE_S = 5 * 60;
const CLOCK_TOLERANCE_S = 60;
const ALGORITHMS = ['EdDSA', 'Ed25519'];

const refuse = (message: string) =>
  fail.refused('The DID proof is not accepted', message, [{ field: 'proof', message }]);

const randomNonce = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

/**
 * A nonce for the learner to sign with the key of the DID they register (see registerDid): used once,
 * valid for ten minutes, with the audience the proof must name (this service's public URL).
 * @example const { nonce, audience } = await issueDidNonce(deps, learnerId);
 */
export async function issueDidNonce(
  deps: Pick<Deps, 'db' | 'now' | 'urls'>,
  learnerId: string,
): Promise<DidNonce> {
  await loadLearner(deps, learnerId);
  const now = deps.now();
  const row = {
    nonce: randomNonce(),
    learner_id: learnerId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + NONCE_LIFETIME_MS).toISOString(),
    used_at: null,
    used_by: null,
  };
  await deps.db.kysely.insertInto('learner_did_nonce').values(row).execute();
  return { nonce: row.nonce, audience: deps.urls.base, expiresAt: row.expires_at };
}

/** The claims of a proof, read before its signature is checked: only to find the key to check it with. */
function unverifiedClaims(proof: string): { did: string; kid: unknown; jwk: unknown } {
  try {
    const header = decodeProtectedHeader(proof);
    const { iss } = decodeJwt(proof);
    if (typeof iss !== 'string') throw new Error('no iss');
    return { did: iss, kid: header.kid, jwk: header.jwk };
  } catch {
    throw refuse('not a compact JWT whose `iss` names the DID');
  }
}

/** The learner's unused, unexpired nonce the proof names; refused naming why when it is not one. */
async function openNonce(deps: Pick<Deps, 'db' | 'now'>, learnerId: string, nonce: unknown) {
  if (typeof nonce !== 'string') throw refuse('the proof names no `nonce`');
  const row = await deps.db.kysely
    .selectFrom('learner_did_nonce')
    .selectAll()
    .where('nonce', '=', nonce)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw refuse('the nonce was not issued to this learner (POST /learners/{id}/did-nonces)');
  if (row.used_at !== null) throw refuse('the nonce was already used; ask for a new one');
  if (row.expires_at <= deps.now().toISOString()) throw refuse(`the nonce expired at ${row.expires_at}`);
  return row;
}

/**
 * The learner registers (or replaces) the DID they hold, proving it: `proof` is a compact JWT signed
 * with the DID's key (header `kid` a key of the DID; a `jwk`, if any, that same key), with `iss` the
 * DID (a did:key or did:jwk of an Ed25519 key), `aud` this service's public URL, a `nonce` issued to the learner
 * (used once, unexpired) and a fresh `iat`. One learner per DID. Audited on the learner by the DID
 * method only: the DID itself is a learner's identifier, kept on the learner and cleared on erasure.
 * @example await registerDid(deps, learner, learnerId, { proof: await signed({ iss: did, aud, nonce, iat }) })
 */
export async function registerDid(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls'>,
  actor: Actor,
  learnerId: string,
  input: { proof: string },
): Promise<Learner> {
  const learner = await loadLearner(deps, learnerId);
  const { did, kid, jwk } = unverifiedClaims(input.proof);
  const publicJwk = await holderPublicJwk(did, 'proof');
  if (typeof kid !== 'string' || !kid.startsWith(`${did}#`))
    throw refuse(`the header's kid must be a key of ${did} (${did}#…)`);
  const sameKey = (header: unknown) =>
    typeof header === 'object' &&
    header !== null &&
    Object.entries(publicJwk).every(([name, value]) => (header as Record<string, unknown>)[name] === value);
  if (jwk !== undefined && !sameKey(jwk)) throw refuse(`the header's jwk is not the key ${did} names`);
  let nonce: unknown;
  try {
    // The algorithm is the header's, among those allowed; the key is always the DID's.
    const { payload } = await jwtVerify(input.proof, (header) => importJWK(publicJwk, header.alg), {
      issuer: did,
      audience: deps.urls.base,
      algorithms: ALGORITHMS,
      currentDate: deps.now(),
      maxTokenAge: PROOF_MAX_AGE_S,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['iat', 'nonce'],
    });
    nonce = payload.nonce;
  } catch (error) {
    throw refuse(`the proof does not verify with the key of ${did}: ${(error as Error).message}`);
  }
  const open = await openNonce(deps, learnerId, nonce);
  const holder = await deps.db.kysely
    .selectFrom('learner')
    .select('id')
    .where('did', '=', did)
    .executeTakeFirst();
  if (holder && holder.id !== learnerId) throw fail.conflict('Another learner registered this DID.');

  // The nonce is used by this request, or by none: the DID is written only where this request used it.
  const token = deps.newId();
  const now = deps.now().toISOString();
  const db = deps.db.kysely;
  const usedHere = sql<SqlBool>`EXISTS (SELECT 1 FROM learner_did_nonce WHERE nonce = ${open.nonce} AND used_by = ${token})`;
  await deps.db.atomically([
    db
      .updateTable('learner_did_nonce')
      .set({ used_at: now, used_by: token })
      .where('nonce', '=', open.nonce)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now),
    db.updateTable('learner').set({ did, updated_at: now }).where('id', '=', learnerId).where(usedHere),
    auditEventIf(
      deps,
      actor,
      learner.did === null ? 'learner.did.registered' : 'learner.did.replaced',
      'learner',
      learnerId,
      { method: did.split(':', 2).join(':') },
      usedHere,
    ),
  ]);
  const used = await db
    .selectFrom('learner_did_nonce')
    .select('used_by')
    .where('nonce', '=', open.nonce)
    .executeTakeFirstOrThrow();
  if (used.used_by !== token) throw refuse('the nonce was already used; ask for a new one');
  return toLearner({ ...learner, did, updated_at: now });
}
