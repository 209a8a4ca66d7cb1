/// <reference path="./bitstring-status-list.d.ts" />
/**
 * The one place the untyped @digitalbazaar/vc-bitstring-status-list is called: building and reading
 * the `encodedList` of a W3C Bitstring Status List (GZIP-compressed, multibase base64url, `u…`). Bit 0 is
 * the left-most bit; an entry of `statusSize` bits at index i is bits [i × size, i × size + size - 1],
 * read most significant bit first.
 */
import { createList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';

/** Entries per list: the spec's minimum, so that one credential hides among many. */
export const STATUS_LIST_LENGTH = 131_072;

/**
 * The `encodedList` of a list of `entries` entries of `statusSize` bits, holding `values` (index →
 * value); every other entry is 0.
 * @example await encodeStatusList(131_072, 2, [[5, 2]]) // 'uH4sI…' with entry 5 = 0b10
 */
export async function encodeStatusList(
  entries: number,
  statusSize: number,
  values: Iterable<readonly [index: number, value: number]>,
): Promise<string> {
  const list = await createList({ length: entries * statusSize });
  for (const [index, value] of values) {
    if (value < 0 || value >= 2 ** statusSize)
      throw new RangeError(`status value ${value} does not fit in ${statusSize} bits`);
    for (let bit = 0; bit < statusSize; bit++)
      list.setStatus(index * statusSize + bit, ((value >> (statusSize - 1 - bit)) & 1) === 1);
  }
  return list.encode();
}

/**
 * A decoded list: its length in bits, the bit at an index, and the value of an entry of `statusSize`
 * bits. Throws when `encodedList` is not one.
 * @example (await decodeStatusList(list.credentialSubject.encodedList)).valueAt(5, 2) // 2 when entry 5 is 0b10
 */
export async function decodeStatusList(encodedList: string): Promise<{
  length: number;
  isSet: (index: number) => boolean;
  valueAt: (index: number, statusSize: number) => number;
}> {
  const list = await decodeList({ encodedList });
  return {
    length: list.length,
    isSet: (index) => list.getStatus(index),
    valueAt(index, statusSize) {
      if ((index + 1) * statusSize > list.length)
        throw new RangeError(
          `entry ${index} of ${statusSize} bits is outside the list (${list.length} bits)`,
        );
      let value = 0;
      for (let bit = 0; bit < statusSize; bit++)
        value = (value << 1) | (list.getStatus(index * statusSize + bit) ? 1 : 0);
      return value;
    },
  };
}
