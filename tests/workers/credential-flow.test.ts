import { describe, expect, it } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { admin, opleider } from '../support/principals.js';
import { d1Target } from './d1-target.js';

const t = d1Target();
const han = opleider('han');

describe('credentials on workerd with D1', () => {
  it('issues an OpenBadgeCredential with an eddsa-rdfc-2022 proof, serves the DID, and verifies it', async () => {
    await t.call('POST', '/institutions', {
      as: admin,
      body: {
        id: 'han',
        name: 'Hogeschool van Arnhem en Nijmegen',
        kind: 'hbo',
        qualityAssurance: 'NVAO-accreditatie',
      },
    });
    const issued = await t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: buildModuleCredential(sampleInput(t.deps)) },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const vc = issued.body.verifiableCredential;
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });

    const did = await t.call('GET', '/institutions/han/did.json');
    expect(did.body.id).toBe('did:web:localhost%3A8787:institutions:han');

    const verified = await t.call('POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    vc.credentialSubject.achievement.name = 'Iets anders';
    const tampered = await t.call('POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(tampered.status).toBe(422);
  });
});
