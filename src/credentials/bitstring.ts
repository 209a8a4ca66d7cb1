/// <reference path="./bitstring-status-list.d.ts" />
/**
 * The one place the untyped @digitalbazaar/vc-bitstring-status-list is called: building and reading
 * the `encodedList` of a W3C Bitstring Status List (GZIP-compressed, multibase base64url, `u…`).
 */
import { createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';

/** The spec's minimum: 16 KiB of bits, so that one credential hides among many. */
export const STATUS_LIST_LENGTH = 131_072;

/**
 * The `encodedList` of a list of `length` bits with the given indexes set.
 * @example await encodeStatusList(131_072, [5]) // 'uH4sI…'
 */
export async function encodeStatusList(length: number, setIndexes: Iterable<number>): Promise<string> {
  const list = await createList({ length });
  for (const index of setIndexes) list.setStatus(index, true);
  return list.encode();
}

/**
 * A decoded list: its length and the bit at an index. Throws when `encodedList` is not one.
 * @example (await decodeStatusList(list.credentialSubject.encodedList)).isSet(5) // true when bit 5 is set
 */
export async function decodeStatusList(
  encodedList: string,
): Promise<{ length: number; isSet: (index: number) => boolean }> {
  const list = await decodeList({ encodedList });
  return { length: list.length, isSet: (index) => list.getStatus(index) };
}
