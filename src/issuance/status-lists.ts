import {
  buildStatusListCredential,
  encodeStatusList,
  type JsonObject,
  type SignedCredential,
  STATUS_LIST_LENGTH,
  type StatusPurpose,
  signCredential,
  statusEntry,
} from '../credentials/index.js';
import type { Database } from '../db/database.js';
import type { Deps, WriteDeps } from '../kernel/ports.js';
import type { KeyDeps } from './issuer-keys.js';
import { signerFor } from './signer.js';

/** A list's id and length: what drawing an index in it takes. */
export type StatusListRef = { id: string; length: number };

/** The revocation and the suspension list of one institution. */
export type StatusLists = Record<StatusPurpose, StatusListRef>;

/** One bit of one list. */
export type StatusBit = { listId: string; index: number };

/** Where a credential's status lives: an index in each list, and the entries that point there. */
export interface StatusAllocation {
  /** The revocation entry: what the credential row's status_list_id / status_list_index hold. */
  revocation: StatusBit;
  suspension: StatusBit;
  /** The `credentialStatus` to embed before signing: one BitstringStatusListEntry per purpose. */
  credentialStatus: JsonObject[];
}

// A list's id and length never change once it exists, so every issue need not read them again.
const knownLists = new WeakMap<Database, Map<string, StatusListRef>>();

async function findOrCreateStatusList(
  deps: WriteDeps,
  institutionId: string,
  purpose: StatusPurpose,
): Promise<StatusListRef> {
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

/**
 * The institution's lists, each created on first use (a concurrent creator wins harmlessly).
 * @example const lists = await statusListsOf(deps, 'han'); lists.revocation.length // 131072
 */
export async function statusListsOf(deps: WriteDeps, institutionId: string): Promise<StatusLists> {
  let known = knownLists.get(deps.db);
  if (!known) {
    known = new Map();
    knownLists.set(deps.db, known);
  }
  const ensure = async (purpose: StatusPurpose) => {
    const key = `${institutionId} ${purpose}`;
    const list = known.get(key) ?? (await findOrCreateStatusList(deps, institutionId, purpose));
    known.set(key, list);
    return list;
  };
  return { revocation: await ensure('revocation'), suspension: await ensure('suspension') };
}

/** A uniformly random index in [0, length): `length` is a power of two, so no modulo bias. */
function randomIndex(length: number): number {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return (value ?? 0) % length;
}

/**
 * A random index in each of the lists, and the `credentialStatus` entries that point at them. Whether
 * an index is free shows only when it is written (see issueCredential).
 * @example drawStatusEntries(deps, lists).credentialStatus.length // 2
 */
export function drawStatusEntries(deps: Pick<Deps, 'urls'>, lists: StatusLists): StatusAllocation {
  const drawn = (purpose: StatusPurpose): StatusBit => ({
    listId: lists[purpose].id,
    index: randomIndex(lists[purpose].length),
  });
  const revocation = drawn('revocation');
  const suspension = drawn('suspension');
  const entry = (purpose: StatusPurpose, bit: StatusBit) =>
    statusEntry(deps.urls.statusList(bit.listId), purpose, bit.index);
  return {
    revocation,
    suspension,
    credentialStatus: [entry('revocation', revocation), entry('suspension', suspension)],
  };
}

/** The indexes whose bit is set: the credentials revoked (or suspended) that hold an entry in the list. */
async function setIndexes(deps: Pick<Deps, 'db'>, listId: string, purpose: StatusPurpose): Promise<number[]> {
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
export async function signedStatusList(deps: KeyDeps, listId: string): Promise<SignedCredential | undefined> {
  const db = deps.db.kysely;
  const list = await db.selectFrom('status_list').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!list) return undefined;
  if (list.signed_document !== null && list.signed_version === list.version)
    return JSON.parse(list.signed_document) as SignedCredential;
  const version = list.version; // read before the bits: a change after this makes the cache stale again
  const encodedList = await encodeStatusList(list.length, await setIndexes(deps, listId, list.purpose));
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
