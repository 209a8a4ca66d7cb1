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
import { readInChunks } from '../db/chunks.js';
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

/**
 * Whose lists: an instelling's, for the credentials it issues under its did:web (`issuerKey` null) or
 * under the did:key of one of its issuer keys (that key's public Multikey): a list is issued by the
 * same DID as the credentials on it.
 */
export interface ListIssuer {
  institutionId: string;
  issuerKey: string | null;
}

/** The purpose of the lists new credentials get their entry on (see statusEntry). */
const NEW_LIST_PURPOSE: ListPurpose = 'message';

/**
 * How many entries a list gives out before a successor takes over: half of them. Indexes are drawn at
 * random (so that an index says nothing of when a credential was issued), and with at most half taken a
 * draw hits a free index at least every other time.
 * @example listCapacity(131072) // 65536
 */
export const listCapacity = (length: number): number => Math.floor(length / 2);

/** The issuer's newest list: the one no other list succeeds. */
async function newestList(deps: Pick<Deps, 'db'>, issuer: ListIssuer) {
  return deps.db.kysely
    .selectFrom('status_list as l')
    .select(['l.id', 'l.length', 'l.allocated'])
    .where('l.institution_id', '=', issuer.institutionId)
    .where('l.purpose', '=', NEW_LIST_PURPOSE)
    .where((eb) =>
      issuer.issuerKey === null ? eb('l.issuer_key', 'is', null) : eb('l.issuer_key', '=', issuer.issuerKey),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('status_list as s').select('s.id').whereRef('s.predecessor_id', '=', 'l.id'))),
    )
    .executeTakeFirst();
}

/**
 * The issuer's status list for what it issues now (purpose `message`, 2 bits per entry), created on first
 * use; when the newest list has given out its capacity (see listCapacity), a successor is created and
 * used. Concurrent creators agree: a second first list or a second successor of one list is refused by
 * the database and the loser reads the winner's. The 1-bit revocation and suspension lists of
 * credentials issued before issue 9 get no new entries.
 * @example const list = await statusListOf(deps, { institutionId: 'han', issuerKey: null }); list.length // 131072
 */
export async function statusListOf(deps: WriteDeps, issuer: ListIssuer): Promise<StatusListRef> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const newest = await newestList(deps, issuer);
    if (newest && newest.allocated < listCapacity(newest.length))
      return { id: newest.id, length: newest.length };
    await deps.db.atomically([
      deps.db.kysely
        .insertInto('status_list')
        .values({
          id: deps.newId(),
          institution_id: issuer.institutionId,
          purpose: NEW_LIST_PURPOSE,
          status_size: statusSizeOf(NEW_LIST_PURPOSE),
          length: STATUS_LIST_LENGTH,
          version: 1,
          created_at: deps.now().toISOString(),
          signed_document: null,
          signed_version: null,
          issuer_key: issuer.issuerKey,
          predecessor_id: newest?.id ?? null,
          allocated: 0,
        })
        .onConflict((oc) => oc.doNothing()),
    ]);
  }
  throw new Error(`no status list with free entries could be made for '${issuer.institutionId}'`);
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
 * Which of `indexes` of a list are held by a stored credential already. Asked in chunks that stay
 * within D1's 100 bound parameters.
 * @example await takenIndexes(deps, listId, [17, 90210]) // Set { 90210 } when a credential holds it
 */
export async function takenIndexes(
  deps: Pick<Deps, 'db'>,
  listId: string,
  indexes: readonly number[],
): Promise<Set<number>> {
  const rows = await readInChunks(indexes, (part) =>
    deps.db.kysely
      .selectFrom('credential')
      .select('status_list_index')
      .where('status_list_id', '=', listId)
      .where('status_list_index', 'in', part)
      .execute(),
  );
  return new Set(rows.flatMap((r) => (r.status_list_index === null ? [] : [r.status_list_index])));
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
 * The signed BitstringStatusListCredential of a list, issued by its institution's did:web, or for a list
 * of credentials issued under a did:key, by that did:key (signed with its key even after the key was
 * rotated out: the credentials on the list keep their status). Signed once
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
  const signer = await signerFor(deps, list.institution_id, list.issuer_key ?? undefined);
  const signed = await signCredential(
    signer,
    buildStatusListCredential({
      url: deps.urls.statusList(listId),
      issuer: signer.key.controller,
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
