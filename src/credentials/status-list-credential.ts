/**
 * W3C Bitstring Status List documents (PURE: no I/O): the `BitstringStatusListEntry` a credential
 * carries for each purpose, and the unsigned `BitstringStatusListCredential` a list is published as.
 */
import { VC_V2_CONTEXT } from './contexts.js';
import type { JsonObject } from './vc-library.js';

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/**
 * The `credentialStatus` entry pointing at bit `index` of the list published at `listUrl`.
 * @example statusEntry('http://localhost:8787/status-lists/abc', 'revocation', 5).id // 'http://localhost:8787/status-lists/abc#5'
 */
export function statusEntry(listUrl: string, purpose: StatusPurpose, index: number): JsonObject {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/**
 * The unsigned BitstringStatusListCredential of a list, to be signed by `issuer`.
 * @example buildStatusListCredential({ url, issuer: did, purpose: 'revocation', encodedList, validFrom })
 */
export function buildStatusListCredential(input: {
  url: string;
  issuer: string;
  purpose: StatusPurpose;
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
