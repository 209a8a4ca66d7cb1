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

/** The institution's list for a purpose, created on first use (a concurrent creator wins harmlessly). */
async function ensureStatusList(deps: AppDeps, institutionId: string, purpose: StatusPurpose) {
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

/** Whether the credential already holds a status entry. */
async function holdsEntry(deps: AppDeps, credentialId: string): Promise<boolean> {
  const found = await deps.db.kysely
    .selectFrom('status_list_entry')
    .select('credential_id')
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return found !== undefined;
}

export interface StatusAllocation {
  /** The revocation entry: what the credential row's status_list_id / status_list_index hold. */
  revocation: { listId: string; index: number };
  suspension: { listId: string; index: number };
  /** The `credentialStatus` to embed before signing: one BitstringStatusListEntry per purpose. */
  credentialStatus: JsonObject[];
}

/**
 * Reserves a random free index in the institution's revocation and suspension lists for a credential
 * that is about to be signed, and gives the `credentialStatus` entries that point at them. Both are
 * written in one transaction (one commit to wait for); when a drawn index is taken (the primary key
 * refuses it) both are drawn again. A credential id that already holds an entry (issued, or being
 * issued concurrently) is a 409, with nothing allocated.
 * @example const { credentialStatus } = await allocateStatusEntries(deps, 'han', 'urn:uuid:…')
 */
export async function allocateStatusEntries(
  deps: AppDeps,
  institutionId: string,
  credentialId: string,
): Promise<StatusAllocation> {
  const lists = {
    revocation: await ensureStatusList(deps, institutionId, 'revocation'),
    suspension: await ensureStatusList(deps, institutionId, 'suspension'),
  };
  let allocated: Record<StatusPurpose, { listId: string; index: number }> | undefined;
  for (let attempt = 0; allocated === undefined; attempt++) {
    if (attempt === MAX_ATTEMPTS)
      throw new Error(`no free indexes found in the status lists of '${institutionId}'`);
    const drawn = {
      revocation: { listId: lists.revocation.id, index: randomIndex(lists.revocation.length) },
      suspension: { listId: lists.suspension.id, index: randomIndex(lists.suspension.length) },
    };
    try {
      await deps.db.atomically(
        Object.values(drawn).map(({ listId, index }) =>
          deps.db.kysely.insertInto('status_list_entry').values({
            status_list_id: listId,
            status_list_index: index,
            credential_id: credentialId,
            allocated_at: deps.now().toISOString(),
          }),
        ),
      );
      allocated = drawn;
    } catch (error) {
      if (!(error instanceof ConstraintError && error.kind === 'unique')) throw error;
      // A list holds one entry per credential: if this id already has one, the credential is issued
      // (or being issued) already, and drawing again would never end. Anything else: an index taken.
      if (await holdsEntry(deps, credentialId))
        throw problems.conflict(
          `Credential '${credentialId}' is already issued, or being issued: a credential id is issued once.`,
        );
    }
  }
  const { revocation, suspension } = allocated;
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

/**
 * For the write batch that stores the credential: frees the credential's reserved indexes again when
 * its row was not stored (a concurrent issuer won), so no index is held by nothing. A row with that id
 * but without a status entry (issued before status lists) does not hold them either.
 * @example await deps.db.atomically([insertCredential, releaseUnstoredEntries(deps, id)])
 */
export function releaseUnstoredEntries(deps: AppDeps, credentialId: string): Compilable {
  return deps.db.kysely
    .deleteFrom('status_list_entry')
    .where('credential_id', '=', credentialId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('credential')
            .select('id')
            .where('id', '=', credentialId)
            .where('status_list_id', 'is not', null),
        ),
      ),
    );
}

/**
 * Frees a credential's reserved indexes after signing or storing it failed.
 * @example await releaseEntries(deps, 'urn:uuid:…')
 */
export async function releaseEntries(deps: AppDeps, credentialId: string): Promise<void> {
  await deps.db.atomically([releaseUnstoredEntries(deps, credentialId)]);
}

/**
 * Reserves the credential's status entries, then signs it with them (`sign` gets the
 * `credentialStatus` to embed). Should signing fail — a 422 for an undefined term, say — the entries
 * are freed again before the error goes on, so a refused credential holds no index. The caller stores
 * the credential with `status.revocation` and `releaseUnstoredEntries` in the same batch.
 * @example const { signed, status } = await signWithStatusEntries(deps, 'han', id, (credentialStatus) => signCredential(deps, 'han', { ...unsigned, credentialStatus }))
 */
export async function signWithStatusEntries<T>(
  deps: AppDeps,
  institutionId: string,
  credentialId: string,
  sign: (credentialStatus: JsonObject[]) => Promise<T>,
): Promise<{ signed: T; status: StatusAllocation }> {
  const status = await allocateStatusEntries(deps, institutionId, credentialId);
  try {
    return { signed: await sign(status.credentialStatus), status };
  } catch (error) {
    await releaseEntries(deps, credentialId);
    throw error;
  }
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

const stateOf = (row: { revoked_at: string | null; suspended_at: string | null }): CredentialState =>
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
