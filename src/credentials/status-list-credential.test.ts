import { describe, expect, it } from 'vitest';
import { decodeStatusList, encodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';
import { buildStatusListCredential, STATUS_VALUES, statusEntry } from './status-list-credential.js';

const list = 'http://localhost:8787/status-lists/abc';

describe('the one status entry of a credential: Bitstring Status List, purpose message, 2 bits', () => {
  it('carries statusSize 2 and one statusMessage per possible value', () => {
    expect(statusEntry(list, 5)).toEqual({
      id: `${list}#5`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: '5',
      statusListCredential: list,
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'active' },
        { status: '0x1', message: 'suspended' },
        { status: '0x2', message: 'revoked' },
        { status: '0x3', message: 'undefined' },
      ],
    });
    // The entry's id identifies the entry, not the list (the spec: it MUST NOT be the list's URL).
    expect(statusEntry(list, 0).id).not.toBe(list);
  });

  it('is published on a list whose subject says message, and no term the VC v2 context lacks', () => {
    const credential = buildStatusListCredential({
      url: list,
      issuer: 'did:web:localhost%3A8787:institutions:han',
      purpose: 'message',
      encodedList: 'uH4sI',
      validFrom: '2026-11-22T09:00:00Z',
    });
    expect(credential.credentialSubject).toEqual({
      id: `${list}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'message',
      encodedList: 'uH4sI',
    });
  });

  it('encodes 131,072 entries of 2 bits, each read most significant bit first from bit index × 2', async () => {
    const encoded = await encodeStatusList(STATUS_LIST_LENGTH, 2, [
      [0, STATUS_VALUES.revoked],
      [1, STATUS_VALUES.suspended],
      [STATUS_LIST_LENGTH - 1, STATUS_VALUES.revoked],
    ]);
    const bits = await decodeStatusList(encoded);
    expect(bits.length).toBe(262_144); // the spec's minimum number of entries × statusSize
    expect([bits.valueAt(0, 2), bits.valueAt(1, 2), bits.valueAt(2, 2)]).toEqual([2, 1, 0]);
    expect(bits.valueAt(STATUS_LIST_LENGTH - 1, 2)).toBe(2);
    // Revoked (0b10) at entry 0, suspended (0b01) at entry 1: the first byte is 1001 0000.
    expect([0, 1, 2, 3].map((i) => bits.isSet(i))).toEqual([true, false, false, true]);
    expect(() => bits.valueAt(STATUS_LIST_LENGTH, 2)).toThrow(RangeError);
    await expect(encodeStatusList(STATUS_LIST_LENGTH, 2, [[3, 4]])).rejects.toThrow(RangeError);
  });

  it('still encodes the 1-bit lists of credentials issued before', async () => {
    const bits = await decodeStatusList(await encodeStatusList(STATUS_LIST_LENGTH, 1, [[5, 1]]));
    expect(bits.length).toBe(STATUS_LIST_LENGTH);
    expect([bits.isSet(5), bits.isSet(4), bits.valueAt(5, 1)]).toEqual([true, false, 1]);
  });
});
