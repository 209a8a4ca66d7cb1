import { describe, expect, it } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { call } from './worker-client.js';

// The worker's PUBLIC_URL (wrangler.toml); sampleInput reads nothing but its URLs from its deps.
const deps = { urls: publicUrls('http://localhost:8787') };
const han = { role: 'opleider', institution: 'han' };

describe('credentials on workerd with D1', () => {
  it('issues an OpenBadgeCredential with an eddsa-rdfc-2022 proof, serves the DID, and verifies it', async () => {
    await call(
      'POST',
      '/institutions',
      { role: 'admin' },
      {
        id: 'han',
        name: 'Hogeschool van Arnhem en Nijmegen',
        kind: 'hbo',
        qualityAssurance: 'NVAO-accreditatie',
      },
    );
    const issued = await call('POST', '/credentials/issue', han, {
      credential: buildModuleCredential(sampleInput(deps)),
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });

    const did = await call('GET', '/institutions/han/did.json', undefined);
    expect(did.body.id).toBe('did:web:localhost%3A8787:institutions:han');

    const verified = await call('POST', '/credentials/verify', undefined, { verifiableCredential: vc });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    vc.credentialSubject.achievement.name = 'Iets anders';
    const tampered = await call('POST', '/credentials/verify', undefined, { verifiableCredential: vc });
    expect(tampered.status).toBe(422);
  });
});
