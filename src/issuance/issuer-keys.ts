import { loadInstitutionFacts } from '../catalog/index.js';
import {
  buildDidDocument,
  type DidDocument,
  decryptSecret,
  encryptSecret,
  generateEd25519Key,
  type IssuerKeyInfo,
  type SigningKey,
} from '../credentials/index.js';
import { ConstraintError, type Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { type Actor, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';

type KeyRow = Schema['issuer_key'];

/** What reading and making issuer keys takes: the key-encryption key is read here and nowhere else. */
export type KeyDeps = Pick<
  Deps,
  'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'proofWork' | 'metrics'
>;

const boundTo = (row: Pick<KeyRow, 'id' | 'institution_id'>) => `issuer_key:${row.id}:${row.institution_id}`;

const infoOf = (
  deps: Pick<Deps, 'urls'>,
  institutionId: string,
  row: Pick<KeyRow, 'public_key_multibase' | 'created_at' | 'retired_at'> & {
    compromised_at?: string | null;
  },
): IssuerKeyInfo => ({
  keyId: `${deps.urls.issuerDid(institutionId)}#${row.public_key_multibase}`,
  publicKeyMultibase: row.public_key_multibase,
  createdAt: row.created_at,
  retiredAt: row.retired_at,
  ...(row.compromised_at ? { compromisedAt: row.compromised_at } : {}),
});

async function activeKeyRow(deps: Pick<Deps, 'db'>, institutionId: string): Promise<KeyRow | undefined> {
  return deps.db.kysely
    .selectFrom('issuer_key')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

/** One of the institution's keys by its public key, active or retired; undefined when it has none such. */
const keyRowOf = (deps: Pick<Deps, 'db'>, institutionId: string, publicKeyMultibase: string) =>
  deps.db.kysely
    .selectFrom('issuer_key')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('public_key_multibase', '=', publicKeyMultibase)
    .executeTakeFirst();

async function newKeyRow(deps: KeyDeps, institutionId: string): Promise<KeyRow> {
  const pair = await generateEd25519Key();
  const row = { id: deps.newId(), institution_id: institutionId };
  return {
    ...row,
    public_key_multibase: pair.publicKeyMultibase,
    encrypted_secret: await encryptSecret(deps.keyEncryptionKey, pair.secretKeyMultibase, boundTo(row)),
    created_at: deps.now().toISOString(),
    retired_at: null,
    compromised_at: null,
  };
}

/**
 * The institution's active issuer key, made (and stored encrypted) on first use. Two concurrent
 * first uses agree: the loser of the race reads the winner's key. Not found for an unknown institution.
 * @example const key = await ensureIssuerKey(deps, 'han'); key.publicKeyMultibase // 'z6Mk…'
 */
export async function ensureIssuerKey(deps: KeyDeps, institutionId: string): Promise<IssuerKeyInfo> {
  const existing = await activeKeyRow(deps, institutionId);
  if (existing) return infoOf(deps, institutionId, existing);
  await loadInstitutionFacts(deps, institutionId);
  const row = await newKeyRow(deps, institutionId);
  try {
    await deps.db.atomically([deps.db.kysely.insertInto('issuer_key').values(row)]);
  } catch (error) {
    if (!(error instanceof ConstraintError) && !/UNIQUE constraint failed/.test(String(error))) throw error;
    const winner = await activeKeyRow(deps, institutionId);
    if (!winner) throw error;
    return infoOf(deps, institutionId, winner);
  }
  return infoOf(deps, institutionId, row);
}

/**
 * Retires the active key and makes a new one; earlier credentials keep verifying because the retired
 * key stays in the DID document. Who may is declared on the operation (credentialRules.issueAs).
 * @example const { keyId } = await rotateIssuerKey(deps, opleider, 'han');
 */
export async function rotateIssuerKey(
  deps: KeyDeps,
  actor: Actor,
  institutionId: string,
): Promise<IssuerKeyInfo> {
  await loadInstitutionFacts(deps, institutionId);
  const current = await activeKeyRow(deps, institutionId);
  const row = await newKeyRow(deps, institutionId);
  const retire = current
    ? [
        deps.db.kysely
          .updateTable('issuer_key')
          .set({ retired_at: row.created_at })
          .where('id', '=', current.id)
          .where('retired_at', 'is', null),
      ]
    : [];
  await deps.db.atomically([
    ...retire,
    deps.db.kysely.insertInto('issuer_key').values(row),
    auditEvent(deps, actor, 'issuer-key.rotated', 'institution', institutionId, {
      retired: current?.public_key_multibase ?? null,
      active: row.public_key_multibase,
    }),
  ]);
  return infoOf(deps, institutionId, row);
}

// Decrypted secrets per database, key-encryption key and public key: a key's secret never changes, and
// decrypting on every signature cost more than the rest of issuing besides signing itself.
const secrets = new WeakMap<Database, Map<string, Map<string, string>>>();

async function decrypted(deps: KeyDeps, row: KeyRow): Promise<string> {
  let perKek = secrets.get(deps.db);
  if (!perKek) {
    perKek = new Map();
    secrets.set(deps.db, perKek);
  }
  let perKey = perKek.get(deps.keyEncryptionKey);
  if (!perKey) {
    perKey = new Map();
    perKek.set(deps.keyEncryptionKey, perKey);
  }
  const cached = perKey.get(row.public_key_multibase);
  if (cached !== undefined) return cached;
  const secret = await decryptSecret(deps.keyEncryptionKey, row.encrypted_secret, boundTo(row));
  perKey.set(row.public_key_multibase, secret);
  return secret;
}

/**
 * The institution's active key, decrypted for signing (made on first use).
 * @example const { keyId, controller } = await signingKey(deps, 'han');
 */
export async function signingKey(deps: KeyDeps, institutionId: string): Promise<SigningKey> {
  await ensureIssuerKey(deps, institutionId);
  const row = await activeKeyRow(deps, institutionId);
  if (!row) throw new Error(`institution ${institutionId} has no active issuer key`);
  const { keyId } = infoOf(deps, institutionId, row);
  return {
    keyId,
    controller: deps.urls.issuerDid(institutionId),
    key: { publicKeyMultibase: row.public_key_multibase, secretKeyMultibase: await decrypted(deps, row) },
  };
}

/**
 * The did:key of an issuer key: what an instelling may issue under instead of its did:web (the
 * Ed25519 Multikey is its own did:key).
 * @example didKeyOf('z6MkhaXg…') // 'did:key:z6MkhaXg…'
 */
export const didKeyOf = (publicKeyMultibase: string): string => `did:key:${publicKeyMultibase}`;

/**
 * One of the institution's keys, active or retired, decrypted for signing under its did:key
 * (verification method `did:key:z6Mk…#z6Mk…`): what the credentials it issues under that did:key, and
 * their status list, are signed with. Who may issue under it, and that only the active key issues new
 * credentials, is the caller's to decide.
 * @example const { controller } = await didKeySigningKey(deps, 'han', 'z6Mk…'); // 'did:key:z6Mk…'
 */
export async function didKeySigningKey(
  deps: KeyDeps,
  institutionId: string,
  publicKeyMultibase: string,
): Promise<SigningKey> {
  const row = await keyRowOf(deps, institutionId, publicKeyMultibase);
  if (!row) throw new Error(`institution ${institutionId} has no issuer key ${publicKeyMultibase}`);
  if (row.compromised_at)
    throw new Error(`issuer key ${publicKeyMultibase} is compromised; it signs nothing`);
  const did = didKeyOf(publicKeyMultibase);
  return {
    keyId: `${did}#${publicKeyMultibase}`,
    controller: did,
    key: { publicKeyMultibase, secretKeyMultibase: await decrypted(deps, row) },
  };
}

/**
 * Which instelling's issuer key a did:key is, and whether that key is retired; undefined when it is not
 * the did:key of a key of this service.
 * @example await didKeyHolder(deps, 'did:key:z6Mk…') // { institutionId: 'han', publicKeyMultibase: 'z6Mk…', retiredAt: null }
 */
export async function didKeyHolder(
  deps: Pick<Deps, 'db'>,
  did: string,
): Promise<{ institutionId: string; publicKeyMultibase: string; retiredAt: string | null } | undefined> {
  const match = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match?.[1]) return undefined;
  const row = await deps.db.kysely
    .selectFrom('issuer_key')
    .select(['institution_id', 'public_key_multibase', 'retired_at', 'compromised_at'])
    .where('public_key_multibase', '=', match[1])
    .executeTakeFirst();
  // A compromised key speaks for its instelling in nothing, not even what it signed before: it is then
  // a stranger's did:key, verified for integrity and trusted by no instelling.
  if (!row || row.compromised_at) return undefined;
  return (
    row && {
      institutionId: row.institution_id,
      publicKeyMultibase: row.public_key_multibase,
      retiredAt: row.retired_at,
    }
  );
}

/**
 * Every key the institution has had, oldest first (public parts only).
 * @example (await issuerKeys(deps, 'han')).map((k) => k.retiredAt) // [ '2026-…', null ]
 */
export async function issuerKeys(
  deps: Pick<Deps, 'db' | 'urls'>,
  institutionId: string,
): Promise<IssuerKeyInfo[]> {
  const rows = await deps.db.kysely
    .selectFrom('issuer_key')
    .select(['public_key_multibase', 'created_at', 'retired_at', 'compromised_at'])
    .where('institution_id', '=', institutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => infoOf(deps, institutionId, row));
}

/**
 * The institution's DID document, with every key (active and retired) as a Multikey verification
 * method and, unless compromised, assertion method. A public read: it makes no key (an instelling that
 * never issued has a document without keys); not found for an unknown slug.
 * @example (await didDocument(deps, 'han')).id // 'did:web:localhost%3A8787:institutions:han'
 */
export async function didDocument(deps: Pick<Deps, 'db' | 'urls'>, slug: string): Promise<DidDocument> {
  await loadInstitutionFacts(deps, slug);
  return buildDidDocument(deps.urls.issuerDid(slug), await issuerKeys(deps, slug));
}

/**
 * Marks one of the institution's keys compromised, in one write with its audit event: it is retired
 * (if it was not), the DID document lists it `revoked` and no longer as an assertion method, so every
 * proof by it fails whatever its `created`; if it was the active key, a new one takes its place. Who
 * may is declared on the operation (credentialRules.issueAs: an admin or the instelling's opleider).
 * @example await markKeyCompromised(deps, admin, 'han', 'z6Mk…') // { keyId: '…#z6Mk…', compromisedAt: '…' }
 */
export async function markKeyCompromised(
  deps: KeyDeps,
  actor: Actor,
  institutionId: string,
  publicKeyMultibase: string,
): Promise<IssuerKeyInfo> {
  await loadInstitutionFacts(deps, institutionId);
  const row = await keyRowOf(deps, institutionId, publicKeyMultibase);
  if (!row) throw fail.notFound('issuer key', publicKeyMultibase);
  if (row.compromised_at) return infoOf(deps, institutionId, row);
  const at = deps.now().toISOString();
  const replacement = row.retired_at === null ? await newKeyRow(deps, institutionId) : undefined;
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('issuer_key')
      .set({ compromised_at: at, retired_at: row.retired_at ?? at })
      .where('id', '=', row.id),
    ...(replacement ? [deps.db.kysely.insertInto('issuer_key').values(replacement)] : []),
    // The instelling's did:web status lists were signed with the key: signed again (with the active key)
    // at the next read, or verifiers elsewhere would fail every credential of the instelling on status.
    deps.db.kysely
      .updateTable('status_list')
      .set({ signed_document: null, signed_version: null })
      .where('institution_id', '=', institutionId)
      .where('issuer_key', 'is', null),
    auditEvent(deps, actor, 'issuer-key.compromised', 'institution', institutionId, {
      compromised: publicKeyMultibase,
      active: replacement?.public_key_multibase ?? null,
    }),
  ]);
  return infoOf(deps, institutionId, { ...row, retired_at: row.retired_at ?? at, compromised_at: at });
}

/**
 * Proves the key-encryption key opens every issuer key stored: throws naming the first key it cannot
 * decrypt (a missing or wrong key-encryption key), so a start-up with the wrong one stops at once and
 * never goes on to make new keys beside keys it cannot read. Returns how many it checked.
 * @example await checkKeyEncryptionKey(deps) // 7
 */
export async function checkKeyEncryptionKey(deps: Pick<Deps, 'db' | 'keyEncryptionKey'>): Promise<number> {
  const rows = await deps.db.kysely.selectFrom('issuer_key').selectAll().execute();
  for (const row of rows) {
    try {
      await decryptSecret(deps.keyEncryptionKey, row.encrypted_secret, boundTo(row));
    } catch {
      throw new Error(
        `The key-encryption key does not open issuer key ${row.public_key_multibase} of instelling ` +
          `'${row.institution_id}' (${rows.length} stored): set the key-encryption key these keys were ` +
          'encrypted with (KEY_ENCRYPTION_KEY or KEY_ENCRYPTION_KEY_FILE). No key was made or changed.',
      );
    }
  }
  return rows.length;
}

/**
 * Re-encrypts every stored issuer key from the current key-encryption key to `newKeyEncryptionKey`, in
 * one transaction (all or nothing), with an audit event. Throws, changing nothing, when the current key
 * does not open one of them. Returns how many it re-encrypted.
 * @example await rotateKeyEncryptionKey(deps, systemActor('rotate-kek'), randomKeyEncryptionKey()) // 7
 */
export async function rotateKeyEncryptionKey(
  deps: Pick<Deps, 'db' | 'keyEncryptionKey' | 'now' | 'newId'>,
  actor: Actor,
  newKeyEncryptionKey: string,
): Promise<number> {
  await checkKeyEncryptionKey(deps);
  const rows = await deps.db.kysely.selectFrom('issuer_key').selectAll().execute();
  const updates = await Promise.all(
    rows.map(async (row) => {
      const secret = await decryptSecret(deps.keyEncryptionKey, row.encrypted_secret, boundTo(row));
      return deps.db.kysely
        .updateTable('issuer_key')
        .set({ encrypted_secret: await encryptSecret(newKeyEncryptionKey, secret, boundTo(row)) })
        .where('id', '=', row.id)
        .where('encrypted_secret', '=', row.encrypted_secret);
    }),
  );
  await deps.db.atomically([
    ...updates,
    auditEvent(deps, actor, 'key-encryption-key.rotated', 'deployment', 'issuer-keys', { keys: rows.length }),
  ]);
  return rows.length;
}
