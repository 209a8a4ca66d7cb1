/**
 * W3C Bitstring Status List v1.0 documents (PURE: no I/O): the `BitstringStatusListEntry` a credential
 * carries, and the unsigned `BitstringStatusListCredential` a list is published as.
 *
 * THE ENTRY EVERY CREDENTIAL ISSUED SINCE ISSUE 9 CARRIES: one `credentialStatus` object (1EdTech's OBv3
 * and CLR 2.0 schemas allow one), purpose `message`, two bits per credential, on one list per instelling:
 *
 * ```json
 * { "id": "{list}#{i}", "type": "BitstringStatusListEntry", "statusPurpose": "message",
 *   "statusListIndex": "{i}", "statusListCredential": "{list}", "statusSize": 2,
 *   "statusMessage": [{ "status": "0x0", "message": "active" }, { "status": "0x1", "message": "suspended" },
 *                     { "status": "0x2", "message": "revoked" }, { "status": "0x3", "message": "undefined" }] }
 * ```
 *
 * Why: revocation and suspension as two 1-bit entries would need a `credentialStatus` array, which the
 * official schemas refuse; one 1-bit entry would lose one of the two. The spec's `message` purpose carries
 * both in one entry: `statusSize` 2 (a JSON number: the VC v2 context types it xsd:integer) and, as the spec
 * requires for a size above 1, one `statusMessage` per possible value (2^2 = 4; `undefined` is the spec's
 * word for a value with no status defined, which we never write). Revocation is final: a revoked
 * credential's value stays 0x2, whatever its suspension was. The entry's value sits at bits
 * [i × 2, i × 2 + 1] of the list (bit 0 the left-most bit of the first byte) and is read most significant
 * bit first: `10` is 0x2, revoked.
 *
 * The list's subject says `statusPurpose: 'message'` and holds 131,072 entries (the spec's minimum number
 * of entries: bitstring length / statusSize), so 262,144 bits. It names no `statusSize`: the VC v2 context
 * defines `statusSize` and `statusMessage` only on `BitstringStatusListEntry` (we sign no undefined term),
 * and the spec's validate algorithm reads the size from the entry.
 *
 * Credentials issued before carry two 1-bit entries, `revocation` and `suspension`, on two lists per
 * instelling; those lists are still published and changed, so those credentials keep their status.
 */
import { VC_V2_CONTEXT } from './contexts.js';
import type { JsonObject } from './vc-library.js';

/** The 1-bit purposes of the lists of credentials issued before issue 9 (and of the VC-API status update). */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** The purpose of a list: one of the 1-bit purposes, or `message` (the list every new credential uses). */
export type ListPurpose = StatusPurpose | 'message';

/**
 * The bits of one entry in a list of `purpose`.
 * @example statusSizeOf('message') // 2
 */
export const statusSizeOf = (purpose: ListPurpose): number => (purpose === 'message' ? 2 : 1);

/** The value an entry of a `message` list holds for each state of its credential. */
export const STATUS_VALUES = { active: 0, suspended: 1, revoked: 2 } as const;

/** The `statusMessage` of every `message` entry: one message per possible 2-bit value. */
export const STATUS_MESSAGES: ReadonlyArray<{ status: string; message: string }> = [
  { status: '0x0', message: 'active' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'revoked' },
  { status: '0x3', message: 'undefined' },
];

/**
 * The `credentialStatus` a credential is issued with: its entry at `index` of the `message` list
 * published at `listUrl`.
 * @example statusEntry('http://localhost:8787/status-lists/abc', 5).statusListIndex // '5'
 */
export function statusEntry(listUrl: string, index: number): JsonObject {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(index),
    statusListCredential: listUrl,
    statusSize: statusSizeOf('message'),
    statusMessage: STATUS_MESSAGES.map((m) => ({ ...m })),
  };
}

/**
 * The unsigned BitstringStatusListCredential of a list, to be signed by `issuer`.
 * @example buildStatusListCredential({ url, issuer: did, purpose: 'message', encodedList, validFrom })
 */
export function buildStatusListCredential(input: {
  url: string;
  issuer: string;
  purpose: ListPurpose;
  encodedList: string;
  validFrom: string;
}): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: {
      id: `${input.url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: input.encodedList,
    },
  };
}
