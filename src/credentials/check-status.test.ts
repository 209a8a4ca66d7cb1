import { describe, expect, it } from 'vitest';
import { decodeStatusList, encodeStatusList, STATUS_LIST_LENGTH } from './bitstring.js';
import { checkCredentialStatus, type ReadList, type StatusListSource } from './check-status.js';
import { statusEntry } from './status-list-credential.js';

// The status check reads entries against lists its source verified and decoded; here the source holds
// real encoded lists (what a verified list decodes to), so the reading itself is what is tested.
const ISSUER = 'did:web:academie.example';
const URL_2BIT = 'https://academie.example/status/2bit';
const URL_REVOKE = 'https://academie.example/status/revocation';
const URL_SHORT = 'https://academie.example/status/short';

async function sourceOf(): Promise<StatusListSource> {
  const lists = new Map<string, ReadList>([
    [
      URL_2BIT,
      {
        bits: await decodeStatusList(
          await encodeStatusList(STATUS_LIST_LENGTH, 2, [
            [1, 1],
            [2, 2],
            [3, 3],
          ]),
        ),
        purposes: ['message'],
        issuer: ISSUER,
      },
    ],
    [
      URL_REVOKE,
      {
        bits: await decodeStatusList(await encodeStatusList(STATUS_LIST_LENGTH, 1, [[9, 1]])),
        purposes: ['revocation'],
        issuer: ISSUER,
      },
    ],
    [
      URL_SHORT,
      {
        bits: await decodeStatusList(await encodeStatusList(1024, 1, [])),
        purposes: ['revocation'],
        issuer: ISSUER,
      },
    ],
  ]);
  return {
    listAt: async (url) => lists.get(url) ?? { failure: `status list ${url} could not be fetched: gone` },
  };
}

const credential = (credentialStatus: unknown, issuer = ISSUER) => ({ issuer, credentialStatus });
const revocation = (index: number, url = URL_REVOKE) => ({
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: String(index),
  statusListCredential: url,
});

describe('the status check: both entry shapes, failing closed', () => {
  it('reads a 2-bit message entry: 0x0 active, 0x1 suspended, 0x2 revoked, anything else not accepted', async () => {
    const source = await sourceOf();
    const at = (index: number) => checkCredentialStatus(source, credential(statusEntry(URL_2BIT, index)));
    expect(await at(0)).toEqual({ state: 'active', message: '1 status entry clear' });
    expect(await at(1)).toEqual({ state: 'suspended', message: 'suspended' });
    expect(await at(2)).toEqual({ state: 'revoked', message: 'revoked' });
    expect(await at(3)).toEqual({
      state: 'unavailable',
      message: 'status 0x3 (undefined) is not a status this service accepts',
    });
  });

  it('reads 1-bit revocation and suspension entries; revoked wins, then what cannot be read, then suspended', async () => {
    const source = await sourceOf();
    expect(await checkCredentialStatus(source, credential([revocation(8)]))).toMatchObject({
      state: 'active',
    });
    expect(await checkCredentialStatus(source, credential([revocation(9)]))).toEqual({
      state: 'revoked',
      message: 'revoked',
    });
    const gone = 'https://academie.example/status/gone';
    expect(
      await checkCredentialStatus(source, credential([revocation(9), revocation(1, gone)])),
    ).toMatchObject({
      state: 'revoked',
    });
    expect(
      await checkCredentialStatus(source, credential([statusEntry(URL_2BIT, 1), revocation(1, gone)])),
    ).toEqual({ state: 'unavailable', message: `status list ${gone} could not be fetched: gone` });
  });

  it.each([
    [
      { ...statusEntry(URL_2BIT, 1), statusMessage: undefined },
      'statusSize 2 needs a statusMessage for each value',
    ],
    [
      { ...statusEntry(URL_2BIT, 1), statusMessage: [{ status: '0x0', message: 'ok' }] },
      'statusMessage must list 4',
    ],
    [{ ...statusEntry(URL_2BIT, 1), statusSize: 9 }, 'statusSize 9 is not a whole number from 1 to 8'],
    [{ ...revocation(1), statusListIndex: '-1' }, 'is not a non-negative integer string'],
    [{ ...revocation(1), statusPurpose: 'refresh' }, 'status purpose "refresh" is not supported'],
    [{ ...revocation(1), type: 'StatusList2021Entry' }, 'status type "StatusList2021Entry" is not supported'],
    [
      { ...revocation(1), statusPurpose: 'suspension' },
      `status list ${URL_REVOKE} is for revocation, the entry for suspension`,
    ],
    [
      revocation(1, URL_SHORT),
      `status list ${URL_SHORT} has 1024 entries of 1 bit(s); the minimum is 131072`,
    ],
    [revocation(STATUS_LIST_LENGTH), `statusListIndex 131072 is outside status list ${URL_REVOKE}`],
  ])('fails closed on %j', async (entry, why) => {
    const outcome = await checkCredentialStatus(await sourceOf(), credential(entry));
    expect(outcome.state).toBe('unavailable');
    expect(outcome.message).toContain(why);
  });

  it("refuses a list not issued by the credential's issuer, and more entries than it reads", async () => {
    const source = await sourceOf();
    expect(await checkCredentialStatus(source, credential(revocation(1), 'did:web:elders.example'))).toEqual({
      state: 'unavailable',
      message: `status list ${URL_REVOKE} is not issued by the credential's issuer`,
    });
    const many = Array.from({ length: 9 }, (_, i) => revocation(i));
    expect(await checkCredentialStatus(source, credential(many))).toEqual({
      state: 'unavailable',
      message: '9 credentialStatus entries; at most 8 are read',
    });
    expect(await checkCredentialStatus(source, {})).toEqual({
      state: 'active',
      message: 'no credentialStatus',
      absent: true,
    });
  });
});
