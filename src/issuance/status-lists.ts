import {
  buildStatusListCredential,
  encodeStatusList,
  type JsonObject,
  type ListPurpose,
  type SignedCredential,
  STATUS_LIST_LENGTH,
  STATUS_VALUES,
  signCredential,
  statusEntry,
  statusSizeOf,
} from '../credentials/index.js';
import type { Database } from '../db/database.js';
import type { Deps, WriteDeps } from '../kernel/ports.js';
import type { KeyDeps } from './issuer-keys.js';
import { signerFor } from './signer.js';

/** A list's id and number of entries: what drawing an index in it takes. */
export type StatusListRef = { id: string; length: number };

/** One entry of one list: where a credential's status lives. */
export type StatusSlot = { listId: string; index: number };

/** Where a credential's status lives, and the entry that points there. */
export interface StatusAllocation {
  /** What the credential row's status_list_id / status_list_index and its status_list_entry hold. */
  slot: StatusSlot;
  /** The `credentialStatus` to embed before signing (see statusEntry). */
  credentialStatus: JsonObject;
}

// A list's id and length never change once it exists, so every issue need not read them again.
const knownLists = new WeakMap<Database, Map<string, StatusListRef>>();

/** The purpose of the one list new credentials get their entry on (see statusEntry). */
const NEW_LIST_PURPOSE: ListPurpose = 'message';

async function findOrCreateStatusList(deps: WriteDeps, institutionId: string): Promise<StatusListRef> {
  const db = deps.db.kysely;
  const find = () =>
    db
      .selectFrom('status_list')
      .select(['id', 'length'])
      .where('institution_id', '=', institutionId)
      .where('purpose', '=', NEW_LIST_PURPOSE)
      .executeTakeFirst();
  const found = await find();
  if (found) return found;
  await deps.db.atomically([
    db
      .insertInto('status_list')
      .values({
        id: deps.newId(),
        institution_id: institutionId,
        purpose: NEW_LIST_PURPOSE,
        status_size: statusSizeOf(NEW_LIST_PURPOSE),
        length: STATUS_LIST_LENGTH,
        version: 1,
        created_at: deps.now().toISOString(),
        signed_document: null,
        signed_version: null,
      })
      .onConflict((oc) => oc.columns(['institution_id', 'purpose']).doNothing()),
  ]);
  const created = await find();
  if (!created) throw new Error(`the status list of '${institutionId}' could not be created`);
  return created;
}

/**
 * The institution's status list for the credentials it issues (purpose `message`, 2 bits per entry),
 * created on first use (a concurrent creator wins harmlessly). The 1-bit revocation and suspension lists
 * of credentials issued before issue 9 get no new entries.
 * @example const list = await statusListOf(deps, 'han'); list.length // 131072
 */
export async function statusListOf(deps: WriteDeps, institutionId: string): Promise<StatusListRef> {
  let known = knownLists.get(deps.db);
  if (!known) {
    known = new Map();
    knownLists.set(deps.db, known);
  }
  const list = known.get(institutionId) ?? (await findOrCreateStatusList(deps, institutionId));
  known.set(institutionId, list);
  return list;
}

/** A uniformly random index in [0, length): `length` is a power of two, so no modulo bias. */
function randomIndex(length: number): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return (value ?? 0) % length;
}

/**
 * A random index in the list, and the `credentialStatus` entry that points at it. Whether the index is
 * free shows only when it is written (see issueCredential).
 * @example drawStatusEntry(deps, list).credentialStatus.statusPurpose // 'message'
 */
export function drawStatusEntry(deps: Pick<Deps, 'urls'>, list: StatusListRef): StatusAllocation {
  const slot = { listId: list.id, index: randomIndex(list.length) };
  return { slot, credentialStatus: statusEntry(deps.urls.statusList(slot.listId), slot.index) };
}

/**
 * The entries of a list that are not 0, from the state of the credentials that hold them: in the
 * `message` list 2 for a revoked credential, 1 for a suspended one; in a 1-bit list of credentials issued
 * before, 1 when the credential has the list's purpose (revoked, or suspended).
 */
async function statusValues(
  deps: Pick<Deps, 'db'>,
  listId: string,
  purpose: ListPurpose,
): Promise<Array<[number, number]>> {
  const rows = await deps.db.kysely
    .selectFrom('status_list_entry as e')
    .innerJoin('credential as c', 'c.id', 'e.credential_id')
    .select(['e.status_list_index', 'c.revoked_at', 'c.suspended_at'])
    .where('e.status_list_id', '=', listId)
    .where((eb) => eb.or([eb('c.revoked_at', 'is not', null), eb('c.suspended_at', 'is not', null)]))
    .execute();
  const entryValue = (row: (typeof rows)[number]): number => {
    const revoked = row.revoked_at !== null;
    const suspended = row.suspended_at !== null;
    if (purpose === 'message')
      return revoked ? STATUS_VALUES.revoked : suspended ? STATUS_VALUES.suspended : STATUS_VALUES.active;
    return (purpose === 'revocation' ? revoked : suspended) ? 1 : 0;
  };
  return rows
    .map((row) => [row.status_list_index, entryValue(row)] as [number, number])
    .filter(([, v]) => v !== 0);
}

/**
 * The signed BitstringStatusListCredential of a list, issued by its institution's did:web. Signed once
 * per version of the list and cached; a list whose bits changed since is signed again (and stored).
 * Undefined when there is no such list.
 * @example const vc = await signedStatusList(deps, listId)
 */
export async function signedStatusList(deps: KeyDeps, listId: string): Promise<SignedCredential | undefined> {
  const db = deps.db.kysely;
  const list = await db.selectFrom('status_list').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!list) return undefined;
  if (list.signed_document !== null && list.signed_version === list.version)
    return JSON.parse(list.signed_document) as SignedCredential;
  const version = list.version; // read before the bits: a change after this makes the cache stale again
  const values = await statusValues(deps, listId, list.purpose);
  const encodedList = await encodeStatusList(list.length, list.status_size, values);
  const signed = await signCredential(
    await signerFor(deps, list.institution_id),
    buildStatusListCredential({
      url: deps.urls.statusList(listId),
      issuer: deps.urls.issuerDid(list.institution_id),
      purpose: list.purpose,
      encodedList,
      validFrom: deps.now().toISOString(),
    }),
  );
  await deps.db.atomically([
    db
      .updateTable('status_list')
      .set({ signed_document: JSON.stringify(signed), signed_version: version })
      .where('id', '=', listId)
      .where((eb) => eb.or([eb('signed_version', 'is', null), eb('signed_version', '<', version)])),
  ]);
  return signed;
}
