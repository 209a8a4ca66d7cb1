import { describe, expect, it } from 'vitest';
import { publicUrls } from '../kernel/urls.js';
import { createDocumentLoader } from './document-loader.js';
import { sampleInput } from './fixtures.test-support.js';
import { buildModuleCredential } from './module-credential.js';
import { generateEd25519Key, signDataIntegrity } from './vc-library.js';

const urls = publicUrls('https://loopbrug.example');
const documentLoader = createDocumentLoader({ urls });

describe('signDataIntegrity', () => {
  it('leaves the credential it is handed as it was', async () => {
    const credential = buildModuleCredential(sampleInput({ urls }, 'han'));
    const before = JSON.stringify(credential);
    const key = await generateEd25519Key();
    const did = urls.issuerDid('han');
    const signed = await signDataIntegrity({
      credential,
      keyId: `${did}#${key.publicKeyMultibase}`,
      key,
      documentLoader,
      now: new Date('2026-12-02T09:00:00Z'),
    });
    expect(JSON.stringify(credential)).toBe(before);
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
  });
});
