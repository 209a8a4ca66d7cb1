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
import type { Deps } from '../kernel/ports.js';

type KeyRow = Schema['issuer_key'];

/** What reading and making issuer keys takes: the key-encryption key is read here and nowhere else. */
export type KeyDeps = Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey'>;

const boundTo = (row: Pick<KeyRow, 'id' | 'institution_id'>) => `issuer_key:${row.id}:${row.institution_id}`;

const infoOf = (
  deps: Pick<Deps, 'urls'>,
  institutionId: string,
  row: Pick<KeyRow, 'public_key_multibase' | 'created_at' | 'retired_at'>,
): IssuerKeyInfo => ({
  keyId: `${deps.urls.issuerDid(institutionId)}#${row.public_key_multibase}`,
  publicKeyMultibase: row.public_key_multibase,
  createdAt: row.created_at,
  retiredAt: row.retired_at,
});

async function activeKeyRow(deps: Pick<Deps, 'db'>, institutionId: string): Promise<KeyRow | undefined> {
  return deps.db.kysely
    .selectFrom('issuer_key')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

async function newKeyRow(deps: KeyDeps, institutionId: string): Promise<KeyRow> {
  const pair = await generateEd25519Key();
  const row = { id: deps.newId(), institution_id: institutionId };
  return {
    ...row,
    public_key_multibase: pair.publicKeyMultibase,
    encrypted_secret: await encryptSecret(deps.keyEncryptionKey, pair.secretKeyMultibase, boundTo(row)),
    created_at: deps.now().toISOString(),
    retired_at: null,
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
  const row = await deps.db.kysely
    .selectFrom('issuer_key')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('public_key_multibase', '=', publicKeyMultibase)
    .executeTakeFirst();
  if (!row) throw new Error(`institution ${institutionId} has no issuer key ${publicKeyMultibase}`);
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
    .select(['institution_id', 'public_key_multibase', 'retired_at'])
    .where('public_key_multibase', '=', match[1])
    .executeTakeFirst();
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
    .select(['public_key_multibase', 'created_at', 'retired_at'])
    .where('institution_id', '=', institutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => infoOf(deps, institutionId, row));
}

/**
 * The institution's DID document, with every key (active and retired) as a Multikey verification
 * method and assertion method. Makes the first key if there is none yet; not found for an unknown slug.
 * @example (await didDocument(deps, 'han')).id // 'did:web:localhost%3A8787:institutions:han'
 */
export async function didDocument(deps: KeyDeps, slug: string): Promise<DidDocument> {
  await ensureIssuerKey(deps, slug);
  return buildDidDocument(deps.urls.issuerDid(slug), await issuerKeys(deps, slug));
}
