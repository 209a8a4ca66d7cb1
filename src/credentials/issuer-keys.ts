import type { AppDeps } from '../app/app-env.js';
import { assertInstitutionAccess, type Principal } from '../auth/principal.js';
import { ConstraintError } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { problems } from '../http/problem.js';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts.js';
import { issuerDid } from './did-web.js';
import { decryptSecret, encryptSecret } from './key-encryption.js';
import { generateEd25519Key, type MultikeyPair } from './vc-library.js';

type KeyRow = Schema['issuer_key'];

/** A public verification method of an issuer: what the DID document lists. */
export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** An issuer's DID document: every key it ever signed with, active and retired. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
}

/** The decrypted active key: only ever held in memory while signing. */
export interface SigningKey {
  /** The verification method id, `did:web:…#z6Mk…`. */
  keyId: string;
  controller: string;
  key: MultikeyPair;
}

/** A stored key as the verifier sees it: public key and when it stopped signing. */
export interface IssuerKeyInfo {
  keyId: string;
  publicKeyMultibase: string;
  createdAt: string;
  retiredAt: string | null;
}

const boundTo = (row: Pick<KeyRow, 'id' | 'institution_id'>) => `issuer_key:${row.id}:${row.institution_id}`;
const keyIdOf = (did: string, publicKeyMultibase: string) => `${did}#${publicKeyMultibase}`;

async function assertInstitution(deps: AppDeps, institutionId: string): Promise<void> {
  const row = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw problems.notFound('institution', institutionId);
}

async function activeKeyRow(deps: AppDeps, institutionId: string): Promise<KeyRow | undefined> {
  return deps.db.kysely
    .selectFrom('issuer_key')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
}

async function newKeyRow(deps: AppDeps, institutionId: string): Promise<KeyRow> {
  const pair = await generateEd25519Key();
  const id = deps.newId();
  const row = { id, institution_id: institutionId };
  return {
    ...row,
    public_key_multibase: pair.publicKeyMultibase,
    encrypted_secret: await encryptSecret(
      deps.config.keyEncryptionKey,
      pair.secretKeyMultibase,
      boundTo(row),
    ),
    created_at: deps.now().toISOString(),
    retired_at: null,
  };
}

/**
 * The institution's active issuer key, made (and stored encrypted) on first use. Two concurrent
 * first uses agree: the loser of the race reads the winner's key.
 * @example const key = await ensureIssuerKey(deps, 'han'); key.publicKeyMultibase // 'z6Mk…'
 */
export async function ensureIssuerKey(deps: AppDeps, institutionId: string): Promise<IssuerKeyInfo> {
  const toInfo = (row: KeyRow): IssuerKeyInfo => ({
    keyId: keyIdOf(issuerDid(deps.config.publicUrl, institutionId), row.public_key_multibase),
    publicKeyMultibase: row.public_key_multibase,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  });
  const existing = await activeKeyRow(deps, institutionId);
  if (existing) return toInfo(existing);
  await assertInstitution(deps, institutionId);
  const row = await newKeyRow(deps, institutionId);
  try {
    await deps.db.atomically([deps.db.kysely.insertInto('issuer_key').values(row)]);
  } catch (error) {
    if (!(error instanceof ConstraintError) && !/UNIQUE constraint failed/.test(String(error))) throw error;
    const winner = await activeKeyRow(deps, institutionId);
    if (!winner) throw error;
    return toInfo(winner);
  }
  return toInfo(row);
}

/**
 * Retires the active key and makes a new one; earlier credentials keep verifying because the
 * retired key stays in the DID document. An admin or an opleider of the institution may.
 */
export async function rotateIssuerKey(
  deps: AppDeps,
  principal: Principal,
  institutionId: string,
): Promise<IssuerKeyInfo> {
  assertInstitutionAccess(principal, institutionId);
  await assertInstitution(deps, institutionId);
  const current = await activeKeyRow(deps, institutionId);
  const row = await newKeyRow(deps, institutionId);
  const now = deps.now().toISOString();
  const retire = current
    ? [
        deps.db.kysely
          .updateTable('issuer_key')
          .set({ retired_at: now })
          .where('id', '=', current.id)
          .where('retired_at', 'is', null),
      ]
    : [];
  await deps.db.atomically([
    ...retire,
    deps.db.kysely.insertInto('issuer_key').values(row),
    auditEvent(deps, principal, 'issuer-key.rotated', 'institution', institutionId, {
      retired: current?.public_key_multibase ?? null,
      active: row.public_key_multibase,
    }),
  ]);
  const did = issuerDid(deps.config.publicUrl, institutionId);
  return {
    keyId: keyIdOf(did, row.public_key_multibase),
    publicKeyMultibase: row.public_key_multibase,
    createdAt: row.created_at,
    retiredAt: null,
  };
}

// Decrypted secrets per configuration (so per key-encryption key) and public key: a key's secret never
// changes, and decrypting on every signature cost more than the rest of issuing besides signing itself.
const secrets = new WeakMap<AppDeps['config'], Map<string, string>>();

async function decrypted(deps: AppDeps, row: KeyRow): Promise<string> {
  let perKey = secrets.get(deps.config);
  if (!perKey) {
    perKey = new Map();
    secrets.set(deps.config, perKey);
  }
  const cached = perKey.get(row.public_key_multibase);
  if (cached !== undefined) return cached;
  const secret = await decryptSecret(deps.config.keyEncryptionKey, row.encrypted_secret, boundTo(row));
  perKey.set(row.public_key_multibase, secret);
  return secret;
}

/** The institution's active key, decrypted for signing (made on first use). */
export async function signingKey(deps: AppDeps, institutionId: string): Promise<SigningKey> {
  await ensureIssuerKey(deps, institutionId);
  const row = await activeKeyRow(deps, institutionId);
  if (!row) throw new Error(`institution ${institutionId} has no active issuer key`);
  const secretKeyMultibase = await decrypted(deps, row);
  const controller = issuerDid(deps.config.publicUrl, institutionId);
  return {
    keyId: keyIdOf(controller, row.public_key_multibase),
    controller,
    key: { publicKeyMultibase: row.public_key_multibase, secretKeyMultibase },
  };
}

/** Every key the institution has had, oldest first (public parts only). */
export async function issuerKeys(deps: AppDeps, institutionId: string): Promise<IssuerKeyInfo[]> {
  const did = issuerDid(deps.config.publicUrl, institutionId);
  const rows = await deps.db.kysely
    .selectFrom('issuer_key')
    .select(['public_key_multibase', 'created_at', 'retired_at'])
    .where('institution_id', '=', institutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    keyId: keyIdOf(did, row.public_key_multibase),
    publicKeyMultibase: row.public_key_multibase,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  }));
}

/** The DID document for these keys: every key as a Multikey verification and assertion method. */
export function buildDidDocument(
  publicUrl: string,
  slug: string,
  keys: readonly IssuerKeyInfo[],
): DidDocument {
  const did = issuerDid(publicUrl, slug);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: keys.map((k) => ({
      id: k.keyId,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: k.publicKeyMultibase,
    })),
    assertionMethod: keys.map((k) => k.keyId),
  };
}

/**
 * The institution's DID document, with every key (active and retired) as a Multikey verification
 * method and assertion method. Makes the first key if there is none yet; 404 for an unknown slug.
 * @example (await didDocument(deps, 'han')).id // 'did:web:localhost%3A8787:institutions:han'
 */
export async function didDocument(deps: AppDeps, slug: string): Promise<DidDocument> {
  await ensureIssuerKey(deps, slug);
  return buildDidDocument(deps.config.publicUrl, slug, await issuerKeys(deps, slug));
}
