import { type Compilable, sql } from 'kysely';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { VC_V2_CONTEXT } from '../credentials/contexts.js';
import { issuerDid } from '../credentials/did-web.js';
import { type SignedCredential, signCredential } from '../credentials/sign.js';
import type { JsonObject } from '../credentials/vc-library.js';
import { ConstraintError } from '../db/database.js';
import { problems } from '../http/problem.js';
import { encodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];
export type CredentialState = 'active' | 'revoked' | 'suspended';
export type StatusChange = 'revoke' | 'suspend' | 'reinstate';

/** How often a random index is drawn again when the one drawn is taken. */
const MAX_ATTEMPTS = 64;

const base = (publicUrl: string) => publicUrl.replace(/\/$/, '');

/**
 * Where a status list is published.
 * @example statusListUrl('http://localhost:8787', 'abc') // 'http://localhost:8787/status-lists/abc'
 */
export const statusListUrl = (publicUrl: string, listId: string) =>
  `${base(publicUrl)}/status-lists/${encodeURIComponent(listId)}`;

/**
 * The id of a status list of ours named by its URL, or undefined when the URL is not one of ours.
 * @example statusListIdOf('http://localhost:8787', 'http://localhost:8787/status-lists/abc') // 'abc'
 */
export function statusListIdOf(publicUrl: string, url: string): string | undefined {
  const prefix = `${base(publicUrl)}/status-lists/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length);
  if (rest === '' || /[/?#]/.test(rest)) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

/** A uniformly random index in [0, length): `length` is a power of two, so no modulo bias. */
function randomIndex(length: number): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return (value ?? 0) % length;
}

// A list's id and length never change once it exists, so every issue need not read them again.
const knownLists = new WeakMap<AppDeps['db'], Map<string, { id: string; length: number }>>();

/** The institution's list for a purpose, created on first use (a concurrent creator wins harmlessly). */
async function ensureStatusList(deps: AppDeps, institutionId: string, purpose: StatusPurpose) {
  let known = knownLists.get(deps.db);
  if (!known) {
    known = new Map();
    knownLists.set(deps.db, known);
  }
  const key = `${institutionId} ${purpose}`;
  const list = known.get(key) ?? (await findOrCreateStatusList(deps, institutionId, purpose));
  known.set(key, list);
  return list;
}

async function findOrCreateStatusList(deps: AppDeps, institutionId: string, purpose: StatusPurpose) {
  const db = deps.db.kysely;
  const find = () =>
    db
      .selectFrom('status_list')
      .select(['id', 'length'])
      .where('institution_id', '=', institutionId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
  const found = await find();
  if (found) return found;
  await deps.db.atomically([
    db
      .insertInto('status_list')
      .values({
        id: deps.newId(),
        institution_id: institutionId,
        purpose,
        length: STATUS_LIST_LENGTH,
        version: 1,
        created_at: deps.now().toISOString(),
        signed_document: null,
        signed_version: null,
      })
      .onConflict((oc) => oc.columns(['institution_id', 'purpose']).doNothing()),
  ]);
  const created = await find();
  if (!created) throw new Error(`the ${purpose} status list of '${institutionId}' could not be created`);
  return created;
}

export interface StatusAllocation {
  /** The revocation entry: what the credential row's status_list_id / status_list_index hold. */
  revocation: { listId: string; index: number };
  suspension: { listId: string; index: number };
  /** The `credentialStatus` to embed before signing: one BitstringStatusListEntry per purpose. */
  credentialStatus: JsonObject[];
}

type Lists = Record<StatusPurpose, { id: string; length: number }>;

/** A random index in each of the lists, and the `credentialStatus` entries that point at them. */
function drawStatusEntries(deps: AppDeps, lists: Lists): StatusAllocation {
  const drawn = (purpose: StatusPurpose) => ({
    listId: lists[purpose].id,
    index: randomIndex(lists[purpose].length),
  });
  const revocation = drawn('revocation');
  const suspension = drawn('suspension');
  const entry = (purpose: StatusPurpose, { listId, index }: { listId: string; index: number }) => {
    const url = statusListUrl(deps.config.publicUrl, listId);
    return {
      id: `${url}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: url,
    };
  };
  return {
    revocation,
    suspension,
    credentialStatus: [entry('revocation', revocation), entry('suspension', suspension)],
  };
}

/** Whether a constraint failure says a drawn index is taken (by an entry, or a credential row's). */
const indexTaken = (error: unknown) =>
  error instanceof ConstraintError &&
  error.kind === 'unique' &&
  (error.message.startsWith('status_list_entry.status_list_id') ||
    error.message.startsWith('credential.status_list_id'));

/**
 * Issues a credential with a revocation and a suspension entry, in one commit. It draws a random index
 * in each of the institution's lists, signs with the `credentialStatus` that points at them
 * (`sign`), and writes what `store` gives (the credential row, its audit) together with the two
 * entries in one transaction. The entries are written only when the credential row is stored, so a
 * writer whose insert a concurrent issuer made void holds no index, and a failure or crash at any
 * point leaves none behind. A drawn index that turns out taken rolls the whole transaction back, and
 * it draws, signs and stores again. Any other failure (a 422 from signing, a taken credential id)
 * reaches the caller with nothing written.
 * @example const { signed } = await issueWithStatusEntries(deps, 'han', id, (credentialStatus) => signCredential(deps, 'han', { ...unsigned, credentialStatus }), (signed, status) => [insertRow(signed, status)])
 */
export async function issueWithStatusEntries<T>(
  deps: AppDeps,
  institutionId: string,
  credentialId: string,
  sign: (credentialStatus: JsonObject[]) => Promise<T>,
  store: (signed: T, status: StatusAllocation) => Compilable[],
): Promise<{ signed: T; status: StatusAllocation }> {
  const lists: Lists = {
    revocation: await ensureStatusList(deps, institutionId, 'revocation'),
    suspension: await ensureStatusList(deps, institutionId, 'suspension'),
  };
  const db = deps.db.kysely;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const status = drawStatusEntries(deps, lists);
    const signed = await sign(status.credentialStatus);
    const at = deps.now().toISOString();
    const entries = [status.revocation, status.suspension].map(({ listId, index }) => ({
      compile: () =>
        sql`INSERT INTO status_list_entry (status_list_id, status_list_index, credential_id, allocated_at)
            SELECT ${listId}, ${index}, ${credentialId}, ${at}
            WHERE EXISTS (SELECT 1 FROM credential WHERE id = ${credentialId})`.compile(db),
    }));
    try {
      await deps.db.atomically([...store(signed, status), ...entries]);
      return { signed, status };
    } catch (error) {
      if (!indexTaken(error)) throw error;
    }
  }
  throw new Error(`no free indexes found in the status lists of '${institutionId}'`);
}

/** The indexes whose bit is set: the credentials revoked (or suspended) that hold an entry in the list. */
async function setIndexes(deps: AppDeps, listId: string, purpose: StatusPurpose): Promise<number[]> {
  const column = purpose === 'revocation' ? 'c.revoked_at' : 'c.suspended_at';
  const rows = await deps.db.kysely
    .selectFrom('status_list_entry as e')
    .innerJoin('credential as c', 'c.id', 'e.credential_id')
    .select('e.status_list_index')
    .where('e.status_list_id', '=', listId)
    .where(column, 'is not', null)
    .execute();
  return rows.map((r) => r.status_list_index);
}

/**
 * The signed BitstringStatusListCredential of a list, issued by its institution's did:web. Signed once
 * per version of the list and cached; a list whose bits changed since is signed again (and stored).
 * Undefined when there is no such list.
 * @example const vc = await signedStatusList(deps, listId)
 */
export async function signedStatusList(deps: AppDeps, listId: string): Promise<SignedCredential | undefined> {
  const db = deps.db.kysely;
  const list = await db.selectFrom('status_list').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!list) return undefined;
  if (list.signed_document !== null && list.signed_version === list.version)
    return JSON.parse(list.signed_document) as SignedCredential;
  const version = list.version; // read before the bits: a change after this makes the cache stale again
  const encodedList = await encodeStatusList(list.length, await setIndexes(deps, listId, list.purpose));
  const url = statusListUrl(deps.config.publicUrl, listId);
  const signed = await signCredential(deps, list.institution_id, {
    '@context': [VC_V2_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid(deps.config.publicUrl, list.institution_id),
    validFrom: deps.now().toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: list.purpose,
      encodedList,
    },
  });
  await deps.db.atomically([
    db
      .updateTable('status_list')
      .set({ signed_document: JSON.stringify(signed), signed_version: version })
      .where('id', '=', listId)
      .where((eb) => eb.or([eb('signed_version', 'is', null), eb('signed_version', '<', version)])),
  ]);
  return signed;
}

export interface CredentialStatusView {
  credentialId: string;
  status: CredentialState;
  revokedAt?: string;
  suspendedAt?: string;
}

/**
 * A credential's state from its row: revoked outranks suspended.
 * @example stateOf({ revoked_at: null, suspended_at: '2026-11-22T09:00:00Z' }) // 'suspended'
 */
export const stateOf = (row: { revoked_at: string | null; suspended_at: string | null }): CredentialState =>
  row.revoked_at !== null ? 'revoked' : row.suspended_at !== null ? 'suspended' : 'active';

const viewOf = (row: {
  id: string;
  revoked_at: string | null;
  suspended_at: string | null;
}): CredentialStatusView => ({
  credentialId: row.id,
  status: stateOf(row),
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  ...(row.suspended_at === null ? {} : { suspendedAt: row.suspended_at }),
});

/**
 * Revokes, suspends or reinstates a credential, for an admin or an opleider of the issuing institution.
 * Revocation is final: revoking twice, or suspending or reinstating a revoked credential, is a 409, as
 * is suspending a suspended or reinstating an active one. The credential row, the list's version and
 * the audit row change in one batch; the list is then signed again (or on its next fetch).
 * @example await changeCredentialStatus(deps, opleider, 'urn:uuid:…', 'revoke', 'fraude bij toetsing')
 */
export async function changeCredentialStatus(
  deps: AppDeps,
  principal: Principal,
  credentialId: string,
  change: StatusChange,
  reason: string,
): Promise<CredentialStatusView> {
  const db = deps.db.kysely;
  const row = await db
    .selectFrom('credential')
    .select(['id', 'institution_id', 'revoked_at', 'suspended_at'])
    .where('id', '=', credentialId)
    .executeTakeFirst();
  if (!row) throw problems.notFound('credential', credentialId);
  if (
    principal.role !== 'admin' &&
    !(principal.role === 'opleider' && principal.institution === row.institution_id)
  )
    throw problems.forbidden(
      `Only an admin or an opleider of '${row.institution_id}' changes the status of its credentials.`,
    );

  if (row.revoked_at !== null)
    throw problems.conflict(
      change === 'revoke'
        ? `Credential '${credentialId}' is already revoked.`
        : `Credential '${credentialId}' is revoked, and revocation is final.`,
    );
  if (change === 'suspend' && row.suspended_at !== null)
    throw problems.conflict(`Credential '${credentialId}' is already suspended.`);
  if (change === 'reinstate' && row.suspended_at === null)
    throw problems.conflict(`Credential '${credentialId}' is not suspended; there is nothing to reinstate.`);

  const purpose: StatusPurpose = change === 'revoke' ? 'revocation' : 'suspension';
  const entry = await db
    .selectFrom('status_list_entry as e')
    .innerJoin('status_list as l', 'l.id', 'e.status_list_id')
    .select(['e.status_list_id', 'e.status_list_index'])
    .where('e.credential_id', '=', credentialId)
    .where('l.purpose', '=', purpose)
    .executeTakeFirst();
  if (!entry)
    throw problems.conflict(
      `Credential '${credentialId}' was issued without a ${purpose} status entry, so its status cannot be changed.`,
    );

  const at = deps.now().toISOString();
  const update =
    change === 'revoke'
      ? db
          .updateTable('credential')
          .set({ revoked_at: at })
          .where('id', '=', credentialId)
          .where('revoked_at', 'is', null)
      : change === 'suspend'
        ? db
            .updateTable('credential')
            .set({ suspended_at: at })
            .where('id', '=', credentialId)
            .where('revoked_at', 'is', null)
            .where('suspended_at', 'is', null)
        : db
            .updateTable('credential')
            .set({ suspended_at: null })
            .where('id', '=', credentialId)
            .where('revoked_at', 'is', null)
            .where('suspended_at', 'is not', null);
  const action = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[change];
  // Only the writer whose update changed the row records the event (a concurrent duplicate does not).
  const audit = sql`
    INSERT INTO audit_event (id, at, actor, action, resource_type, resource_id, detail)
    SELECT ${deps.newId()}, ${at}, ${`${principal.role}:${principal.sub}`}, ${`credential.${action}`},
           'credential', ${credentialId},
           ${JSON.stringify({ reason, statusList: entry.status_list_id, statusListIndex: entry.status_list_index })}
    WHERE changes() = 1`;
  await deps.db.atomically([
    update,
    { compile: () => audit.compile(db) },
    db
      .updateTable('status_list')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', entry.status_list_id),
  ]);

  try {
    await signedStatusList(deps, entry.status_list_id);
  } catch (error) {
    console.error(`status list ${entry.status_list_id}: re-signing failed; its next fetch signs it`, error);
  }
  const after = await db
    .selectFrom('credential')
    .select(['id', 'revoked_at', 'suspended_at'])
    .where('id', '=', credentialId)
    .executeTakeFirstOrThrow();
  return viewOf(after);
}
