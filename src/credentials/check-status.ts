import { decodeStatusList } from './bitstring.js';
import { asObject } from './json-values.js';
import { issuerIdOf } from './sign.js';
import { STATUS_PURPOSES, type StatusPurpose } from './status-list-credential.js';
import type { JsonObject } from './vc-library.js';

/** The outcome of the status check: ok, or why not. */
export interface StatusOutcome {
  ok: boolean;
  message: string;
}

/** Verifies a status list credential's own proof, issuer and validity (verifyCredential, injected). */
export type ListVerifier = (
  list: JsonObject,
) => Promise<{ verified: boolean; checks: { check: string; ok: boolean; message?: string }[] }>;

/** The status list credential a `statusListCredential` URL names, or why there is none to read. */
export type StatusListLookup = { list: JsonObject } | { unavailable: string };

type Bits = Awaited<ReturnType<typeof decodeStatusList>>;
type ReadList = { bits: Bits; subject: JsonObject } | { failure: string };

/**
 * Verified and decoded lists, keyed by the list document's whole content: a list re-signed after a
 * change, or altered in any way, is a different key. The caller keeps one per deployment.
 */
export type VerifiedLists = Map<string, { at: number; read: ReadList }>;

/** Where the status check reads lists: never over the network, always verified. */
export interface StatusListSource {
  /** The list at a URL; throws when it cannot be loaded. */
  listAt(url: string): Promise<StatusListLookup>;
  verifyList: ListVerifier;
  verified: VerifiedLists;
  now: () => Date;
}

// Verifying a list costs as much as verifying the credential itself; entries are trusted for a
// minute, so that validity in time is checked again.
const TRUSTED_FOR_MS = 60_000;

/** A status list verified as a BitstringStatusListCredential and decoded, or why it cannot be used. */
async function readList(source: StatusListSource, list: JsonObject, url: string): Promise<ReadList> {
  const cache = source.verified;
  const key = JSON.stringify(list);
  const now = source.now().getTime();
  const cached = cache.get(key);
  if (cached && now - cached.at < TRUSTED_FOR_MS) return cached.read;

  const verified = await source.verifyList(list);
  if (!verified.verified) {
    const why = verified.checks
      .filter((c) => !c.ok)
      .map((c) => `${c.check}: ${c.message ?? 'failed'}`)
      .join('; ');
    return { failure: `status list ${url} does not verify (${why})` };
  }
  const types = Array.isArray(list.type) ? list.type : [list.type];
  const subject = asObject(list.credentialSubject);
  if (!types.includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList')
    return { failure: `${url} is not a BitstringStatusListCredential` };
  if (typeof subject.encodedList !== 'string') return { failure: `status list ${url} has no encodedList` };
  let bits: Bits;
  try {
    bits = await decodeStatusList(subject.encodedList);
  } catch (error) {
    return {
      failure: `status list ${url} cannot be decoded (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (cache.size >= 100) cache.clear();
  const read = { bits, subject };
  cache.set(key, { at: now, read });
  return read;
}

/** What one entry says: its bit is clear (undefined), set (the purpose's word), or it cannot be read. */
async function checkEntry(
  source: StatusListSource,
  credential: JsonObject,
  value: unknown,
): Promise<{ failure?: string }> {
  const entry = asObject(value);
  if (!entry) return { failure: 'a credentialStatus entry is not an object' };
  if (entry.type !== 'BitstringStatusListEntry')
    return { failure: `status type ${JSON.stringify(entry.type)} is not supported` };
  const purpose = entry.statusPurpose;
  if (!STATUS_PURPOSES.includes(purpose as StatusPurpose))
    return { failure: `status purpose ${JSON.stringify(purpose)} is not supported` };
  if (entry.statusSize !== undefined && entry.statusSize !== 1 && entry.statusSize !== '1')
    return { failure: `statusSize ${JSON.stringify(entry.statusSize)} is not supported` };
  const rawIndex = entry.statusListIndex;
  if (typeof rawIndex !== 'string' || !/^\d{1,10}$/.test(rawIndex))
    return { failure: `statusListIndex ${JSON.stringify(rawIndex)} is not a non-negative integer string` };
  const index = Number(rawIndex);
  const url = entry.statusListCredential;
  if (typeof url !== 'string') return { failure: 'a credentialStatus entry has no statusListCredential' };

  let lookup: StatusListLookup;
  try {
    lookup = await source.listAt(url);
  } catch (error) {
    return {
      failure: `status list ${url} could not be loaded (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if ('unavailable' in lookup)
    return { failure: `status list ${url} is not available: ${lookup.unavailable}` };
  const { list } = lookup;

  const read = await readList(source, list, url);
  if ('failure' in read) return read;
  const { bits, subject } = read;
  if (subject.statusPurpose !== purpose)
    return {
      failure: `status list ${url} is for ${String(subject.statusPurpose)}, the entry for ${String(purpose)}`,
    };
  if (issuerIdOf(list) !== issuerIdOf(credential))
    return { failure: `status list ${url} is not issued by the credential's issuer` };
  if (index >= bits.length)
    return { failure: `statusListIndex ${index} is outside status list ${url} (${bits.length} entries)` };
  if (bits.isSet(index)) return { failure: purpose === 'revocation' ? 'revoked' : 'suspended' };
  return {};
}

/**
 * The status check of verification: every `credentialStatus` entry must be a BitstringStatusListEntry
 * (revocation or suspension) in a list `source` has (never fetched), its own proof verified, and its
 * bit clear. Anything that cannot be checked fails, naming why: a revoked credential fails with
 * 'revoked', a suspended one with 'suspended'.
 * @example await checkCredentialStatus({ listAt, verifyList, verified: new Map(), now }, vc)
 */
export async function checkCredentialStatus(
  source: StatusListSource,
  credential: JsonObject,
): Promise<StatusOutcome> {
  const status = credential.credentialStatus;
  if (status === undefined) return { ok: true, message: 'no credentialStatus' };
  const entries = Array.isArray(status) ? status : [status];
  if (entries.length === 0) return { ok: true, message: 'no credentialStatus' };
  const failures: string[] = [];
  for (const entry of entries) {
    const { failure } = await checkEntry(source, credential, entry);
    if (failure !== undefined && !failures.includes(failure)) failures.push(failure);
  }
  return failures.length > 0
    ? { ok: false, message: failures.join('; ') }
    : { ok: true, message: `${entries.length} status entr${entries.length === 1 ? 'y' : 'ies'} clear` };
}
