import { beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp } from '../../tests/support/test-app.js';
import { publicUrls } from '../kernel/urls.js';
import { didDocument, ensureIssuerKey, rotateIssuerKey, signingKey } from './issuer-keys.js';

describe('issuer keys', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.call('POST', '/institutions', {
      as: admin,
      body: { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
    });
    expect(res.status).toBe(201);
  });

  it('maps an institution to its did:web and back', () => {
    const local = publicUrls('http://localhost:8787');
    expect(local.issuerDid('han')).toBe('did:web:localhost%3A8787:institutions:han');
    expect(publicUrls('https://loopbrug.nl/api/').issuerDid('han')).toBe(
      'did:web:loopbrug.nl:api:institutions:han',
    );
    expect(local.institutionOfDid('did:web:localhost%3A8787:institutions:han#z6Mk')).toBe('han');
    expect(local.institutionOfDid('did:web:evil.example:institutions:han')).toBeUndefined();
  });

  it('makes one key on first use and stores the secret encrypted, never raw', async () => {
    const first = await ensureIssuerKey(t.deps, 'han');
    expect(await ensureIssuerKey(t.deps, 'han')).toEqual(first);
    const key = await signingKey(t.deps, 'han');
    const row = t.db.sqlite.prepare('SELECT * FROM issuer_key').get() as Record<string, string>;
    expect(row.encrypted_secret).toMatch(/^v1\./);
    expect(row.encrypted_secret).not.toContain(key.key.secretKeyMultibase);
    expect(row.encrypted_secret).not.toContain(key.key.secretKeyMultibase.slice(1, 20));
    expect(key.keyId).toBe(`did:web:localhost%3A8787:institutions:han#${first.publicKeyMultibase}`);
  });

  it('cannot decrypt with another key-encryption key', async () => {
    const other = { ...t.deps, keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') };
    await expect(signingKey(other, 'han')).rejects.toThrow();
  });

  it('keeps retired keys in the DID document after rotation, and never shows a secret', async () => {
    const before = await didDocument(t.deps, 'han');
    const rotated = await rotateIssuerKey(t.deps, admin, 'han');
    const after = await didDocument(t.deps, 'han');
    expect(after.verificationMethod).toHaveLength(before.verificationMethod.length + 1);
    expect(after.assertionMethod).toEqual(expect.arrayContaining([...before.assertionMethod, rotated.keyId]));
    expect((await signingKey(t.deps, 'han')).keyId).toBe(rotated.keyId);
    expect(JSON.stringify(after)).not.toMatch(/secret/i);
  });

  it('404s for an unknown institution', async () => {
    // A domain refusal knows no status code: the HTTP answer to it does.
    await expect(ensureIssuerKey(t.deps, 'nope')).rejects.toMatchObject({ kind: 'not-found' });
    expect(await t.call('GET', '/institutions/nope/did.json')).toMatchObject({ status: 404 });
  });
});
