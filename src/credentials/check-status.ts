import { decodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';
import { asList, asObject } from './json-values.js';
import { issuerIdOf } from './sign.js';
import type { JsonObject } from './vc-library.js';

/** What a credential's status is now, as far as this service can tell. */
export type StatusState = 'active' | 'revoked' | 'suspended' | 'unavailable';

/** The outcome of the status check: the state, and a message naming what was read or why it failed. */
export interface StatusOutcome {
  state: StatusState;
  message: string;
  /** The credential has no `credentialStatus`: nothing was read, and it counts as active. */
  absent?: true;
}

/** Verifies a status list credential's own proof, issuer and validity (verifyCredential, injected). */
export type ListVerifier = (
  list: JsonObject,
) => Promise<{ verified: boolean; checks: { check: string; ok: boolean; message?: string }[] }>;

type Bits = Awaited<ReturnType<typeof decodeStatusList>>;

/** A status list as the status check reads it: verified and decoded, or why it cannot be used. */
export type ReadList = { bits: Bits; purposes: string[]; issuer: string | undefined } | { failure: string };

/** Where the status check gets a list from: verified, decoded, cached as its publisher allows. */
export interface StatusListSource {
  /** The list at a `statusListCredential` URL, or why it cannot be used; never throws. */
  listAt(url: string): Promise<ReadList>;
}

/** The purposes this service reads; any other fails closed. */
const PURPOSES = ['revocation', 'suspension', 'message'];
/** A larger `statusSize` than this is refused: 2^8 messages is already more than anyone publishes. */
const MAX_STATUS_SIZE = 8;
/** More entries than this are refused before any is read: each may cost a fetch. */
const MAX_ENTRIES = 8;

/**
 * A status list credential, verified as a BitstringStatusListCredential (its own proof, issuer key and
 * validity, by `verifyList`) and its `encodedList` decoded; or why it cannot be used, naming `url`.
 * @example await readStatusList(fetched, url, (list) => verifyCredential(verifier, list))
 */
export async function readStatusList(
  list: JsonObject,
  url: string,
  verifyList: ListVerifier,
): Promise<ReadList> {
  const verified = await verifyList(list);
  if (!verified.verified) {
    const why = verified.checks
      .filter((c) => !c.ok)
      .map((c) => `${c.check}: ${c.message ?? 'failed'}`)
      .join('; ');
    return { failure: `status list ${url} does not verify (${why})` };
  }
  const subject = asObject(list.credentialSubject);
  if (!asList(list.type).includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList')
    return { failure: `${url} is not a BitstringStatusListCredential` };
  if (typeof subject.encodedList !== 'string') return { failure: `status list ${url} has no encodedList` };
  try {
    const bits = await decodeStatusList(subject.encodedList);
    const purposes = asList(subject.statusPurpose).filter((p): p is string => typeof p === 'string');
    return { bits, purposes, issuer: issuerIdOf(list) };
  } catch (error) {
    return {
      failure: `status list ${url} cannot be decoded (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** The entry's `statusSize` (1 when absent) and its messages by value, or why the entry is malformed. */
function sizeAndMessages(entry: JsonObject): { size: number; messages: Map<number, string> } | string {
  const raw = entry.statusSize ?? 1;
  const size = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE)
    return `statusSize ${JSON.stringify(raw)} is not a whole number from 1 to ${MAX_STATUS_SIZE}`;
  const messages = new Map<number, string>();
  if (entry.statusMessage === undefined)
    return size === 1 ? { size, messages } : `statusSize ${size} needs a statusMessage for each value`;
  const list = entry.statusMessage;
  if (!Array.isArray(list) || list.length !== 2 ** size)
    return `statusMessage must list ${2 ** size} messages for statusSize ${size}`;
  for (const item of list) {
    const status = asObject(item)?.status;
    const message = asObject(item)?.message;
    if (typeof status !== 'string' || !/^0x[0-9a-f]+$/i.test(status) || typeof message !== 'string')
      return `statusMessage ${JSON.stringify(item)} is not { status: '0x…', message }`;
    messages.set(Number.parseInt(status.slice(2), 16), message);
  }
  return { size, messages };
}

const unavailable = (message: string): StatusOutcome => ({ state: 'unavailable', message });

/** What one entry's value means: 0 is active; a set bit of a purpose says it; a message may name it. */
function stateOf(purpose: string, value: number, messages: Map<number, string>): StatusOutcome {
  if (value === 0) return { state: 'active', message: 'clear' };
  if (purpose === 'revocation') return { state: 'revoked', message: 'revoked' };
  if (purpose === 'suspension') return { state: 'suspended', message: 'suspended' };
  const message = messages.get(value);
  if (message === 'revoked' || message === 'suspended') return { state: message, message };
  return unavailable(
    `status 0x${value.toString(16)} (${message ?? 'no message'}) is not a status this service accepts`,
  );
}

/** What one `credentialStatus` entry says, read from the list its source gives. */
async function checkEntry(
  source: StatusListSource,
  credential: JsonObject,
  value: unknown,
): Promise<StatusOutcome> {
  const entry = asObject(value);
  if (!entry) return unavailable('a credentialStatus entry is not an object');
  if (entry.type !== 'BitstringStatusListEntry')
    return unavailable(`status type ${JSON.stringify(entry.type)} is not supported`);
  const purpose = entry.statusPurpose;
  if (typeof purpose !== 'string' || !PURPOSES.includes(purpose))
    return unavailable(`status purpose ${JSON.stringify(purpose)} is not supported`);
  const shape = sizeAndMessages(entry);
  if (typeof shape === 'string') return unavailable(shape);
  const rawIndex = entry.statusListIndex;
  if (typeof rawIndex !== 'string' || !/^\d{1,10}$/.test(rawIndex))
    return unavailable(`statusListIndex ${JSON.stringify(rawIndex)} is not a non-negative integer string`);
  const index = Number(rawIndex);
  const url = entry.statusListCredential;
  if (typeof url !== 'string') return unavailable('a credentialStatus entry has no statusListCredential');

  const read = await source.listAt(url);
  if ('failure' in read) return unavailable(read.failure);
  const { bits, purposes, issuer } = read;
  if (!purposes.includes(purpose))
    return unavailable(
      `status list ${url} is for ${purposes.join(', ') || 'no purpose'}, the entry for ${purpose}`,
    );
  if (issuer !== issuerIdOf(credential))
    return unavailable(`status list ${url} is not issued by the credential's issuer`);
  const entries = Math.floor(bits.length / shape.size);
  if (entries < STATUS_LIST_LENGTH)
    return unavailable(
      `status list ${url} has ${entries} entries of ${shape.size} bit(s); the minimum is ${STATUS_LIST_LENGTH}`,
    );
  if (index >= entries)
    return unavailable(`statusListIndex ${index} is outside status list ${url} (${entries} entries)`);
  return stateOf(purpose, bits.valueAt(index, shape.size), shape.messages);
}

/** Which state several entries add up to: any revoked, then anything unknown, then suspended. */
const PRECEDENCE: StatusState[] = ['revoked', 'unavailable', 'suspended'];

/**
 * The status check of verification: every `credentialStatus` entry must be a BitstringStatusListEntry
 * (revocation, suspension, or a `message` entry with `statusSize` and `statusMessage`) in a list its
 * source verified and decoded, issued by the credential's issuer. 'active' when every entry reads 0; a
 * revoked or suspended value says so ('revoked', 'suspended'); anything that cannot be read fails
 * closed as 'unavailable', naming the list and why.
 * @example await checkCredentialStatus({ listAt }, vc) // { state: 'active', message: '1 status entry clear' }
 */
export async function checkCredentialStatus(
  source: StatusListSource,
  credential: JsonObject,
): Promise<StatusOutcome> {
  const entries = asList(credential.credentialStatus);
  if (entries.length === 0) return { state: 'active', message: 'no credentialStatus', absent: true };
  if (entries.length > MAX_ENTRIES)
    return unavailable(`${entries.length} credentialStatus entries; at most ${MAX_ENTRIES} are read`);
  const outcomes = await Promise.all(entries.map((entry) => checkEntry(source, credential, entry)));
  for (const state of PRECEDENCE) {
    const messages = [...new Set(outcomes.filter((o) => o.state === state).map((o) => o.message))];
    if (messages.length > 0) return { state, message: messages.join('; ') };
  }
  return {
    state: 'active',
    message: `${entries.length} status entr${entries.length === 1 ? 'y' : 'ies'} clear`,
  };
}
