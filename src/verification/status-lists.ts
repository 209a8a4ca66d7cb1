import {
  asObject,
  type JsonObject,
  type ListVerifier,
  type ReadList,
  readStatusList,
  type StatusListSource,
} from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { type BoundedCache, cacheOf } from './bounded-cache.js';

/** What reading status lists takes: our own are read (and signed when changed) from the database. */
export type StatusListDeps = Pick<
  Deps,
  'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'fetchJson' | 'proofWork' | 'metrics' | 'published'
>;

type Read = Exclude<ReadList, { failure: string }>;

// Our own lists verified and decoded, keyed by the signed document itself: a list re-signed after a
// change is another key. Verifying costs as much as verifying a credential, so it is trusted a minute.
const ownLists = new WeakMap<object, BoundedCache<Read>>();
const OWN_TRUSTED_MS = 60_000;
// Lists of other issuers, fetched and verified, per relying party (a list verified with the DID
// document one instelling pinned is never served to another). Each is kept as long as its `ttl` says
// (the spec's default 300000 ms when it says nothing), never past an hour or its validUntil.
const fetchedLists = new WeakMap<object, BoundedCache<Read>>();
const DEFAULT_TTL_MS = 300_000;
const MAX_TTL_MS = 60 * 60_000;
const MAX_LISTS = 200;
const MAX_LIST_BYTES = 512 * 1024;

/** How long a fetched list may be used, from its `ttl` and `validUntil`, within the bounds. */
function usableUntil(list: JsonObject, now: number): number {
  const ttl = asObject(list.credentialSubject)?.ttl;
  const lifetime = typeof ttl === 'number' && Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULT_TTL_MS;
  const validUntil = typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : Number.NaN;
  return Math.min(
    now + Math.min(lifetime, MAX_TTL_MS),
    Number.isNaN(validUntil) ? Number.POSITIVE_INFINITY : validUntil,
  );
}

/** One of our own lists, from the database, verified like anyone's (its proof, issuer and validity). */
async function ownList(
  deps: StatusListDeps,
  listId: string,
  url: string,
  verifyList: ListVerifier,
): Promise<ReadList> {
  const list = await deps.published.statusList(deps, listId);
  if (!list) return { failure: `status list ${url} is not available: there is no such list` };
  const cache = cacheOf(ownLists, deps.db, 100);
  const key = JSON.stringify(list);
  const now = deps.now().getTime();
  const cached = cache.get(key, now);
  if (cached) return cached;
  const read = await readStatusList(list, url, verifyList);
  if ('failure' in read) return read;
  cache.set(key, read, now + OWN_TRUSTED_MS, now);
  return read;
}

/** A list another issuer publishes, fetched through the guarded fetcher, verified, cached as allowed. */
async function fetchedList(
  deps: StatusListDeps,
  url: string,
  relyingParty: string | undefined,
  verifyList: ListVerifier,
): Promise<ReadList> {
  const cache = cacheOf(fetchedLists, deps.db, MAX_LISTS);
  const key = `${relyingParty ?? ''} ${url}`;
  const now = deps.now().getTime();
  const cached = cache.get(key, now);
  if (cached) return cached;
  let list: JsonObject | undefined;
  try {
    list = asObject(
      await deps.fetchJson(url, {
        accept: 'application/vc+ld+json, application/vc, application/ld+json, application/json',
        maxBytes: MAX_LIST_BYTES,
      }),
    );
  } catch (error) {
    return { failure: `status list ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!list) return { failure: `status list ${url} is not a JSON object` };
  const read = await readStatusList(list, url, verifyList);
  if ('failure' in read) return read;
  cache.set(key, read, usableUntil(list, now), now);
  return read;
}

/**
 * Where the status check reads lists for one verification: ours from the database (never fetched
 * from ourselves), anyone else's from its URL through the guarded fetcher. Either is verified with
 * `verifyList` and decoded; a failure (a list that cannot be fetched or does not verify) is never
 * cached, so a publisher that comes back is read again at once.
 * @example checkCredentialStatus(statusListSource(deps, 'han', (list) => verifyCredential(verifier, list)), vc)
 */
export function statusListSource(
  deps: StatusListDeps,
  relyingParty: string | undefined,
  verifyList: ListVerifier,
): StatusListSource {
  return {
    async listAt(url) {
      const listId = deps.urls.statusListIdOf(url);
      return listId === undefined
        ? fetchedList(deps, url, relyingParty, verifyList)
        : ownList(deps, listId, url, verifyList);
    },
  };
}
