import { describe, expect, it } from 'vitest';
import { type CredentialSummary, reissueItems } from './reissue-jobs.js';

const did = 'did:web:localhost%3A8787:institutions:han';
const by = (key: string, controller = did) => `${controller}#${key}`;
const summary = (id: string, method: string | undefined, parts?: string[]): CredentialSummary => ({
  id,
  method,
  clr: parts !== undefined,
  parts: parts ?? [],
});

describe('what a reissue covers (reissueItems)', () => {
  const keys = new Set(['zOld']);

  it('takes what a retired key signed under the did:web, and nothing signed by another key or under a did:key', () => {
    const items = reissueItems(
      [
        summary('old', by('zOld')),
        summary('active', by('zNew')),
        summary('did-key', by('zOld', 'did:key:zOld')),
        summary('other-instelling', by('zOld', 'did:web:elders')),
        summary('unreadable', undefined),
      ],
      did,
      keys,
    );
    expect(items).toEqual([{ id: 'old', phase: 0 }]);
  });

  it('takes a CLR after the credentials, when a retired key signed it or it embeds what one signed', () => {
    const items = reissueItems(
      [
        summary('clr-by-active-embedding-old', by('zNew'), ['elsewhere', 'old']),
        summary('old', by('zOld')),
        summary('clr-by-old', by('zOld'), ['elsewhere']),
        summary('clr-by-active', by('zNew'), ['elsewhere', 'active']),
        summary('active', by('zNew')),
      ],
      did,
      keys,
    );
    expect(items).toEqual([
      { id: 'old', phase: 0 },
      { id: 'clr-by-active-embedding-old', phase: 1 },
      { id: 'clr-by-old', phase: 1 },
    ]);
  });
});
