import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, stackedQualification, verify } from '../support/flow-builders.js';
import { expectStatus, type Json } from '../support/target.js';
import { d1Target } from './d1-target.js';

const t = d1Target();

describe('stacking on workerd with D1', () => {
  it('awards a ClrCredential from the credentials of two instellingen once the awarding one recognises the other', async () => {
    const stack = await stackedQualification(t, 'hogeschool', 'academie');

    const untrusted = await stack.award();
    expect(untrusted.status).toBe(422);
    expect(untrusted.body.errors).toEqual([
      {
        path: 'body.credentials[0].issuer',
        message: "issuer did:web:localhost%3A8787:institutions:academie is not recognised by 'hogeschool'",
      },
    ]);

    const recognised = await stack.recognise();
    expect(recognised.issuer).toEqual({
      institutionId: 'academie',
      did: 'did:web:localhost%3A8787:institutions:academie',
    });

    const res = await stack.award();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const clr = res.body.verifiableCredential;
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.issuer.id).toBe('did:web:localhost%3A8787:institutions:hogeschool');
    expect(clr.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(clr.credentialSubject.achievement[0].id).toBe(
      `${PUBLIC_URL}/qualifications/${stack.qualificationId}`,
    );
    expect(clr.credentialSubject.verifiableCredential).toEqual(stack.parts);

    const verified = await verify(t, clr);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const tampered = structuredClone(clr);
    tampered.credentialSubject.verifiableCredential[0].credentialSubject.achievement.name = 'Iets anders';
    expect((await verify(t, tampered)).status).toBe(422);

    // Stored in D1 for the learner: her wallet lists it.
    const wallet = await expectStatus(
      t.call('GET', `/learners/${stack.learnerId}/credentials`, { as: stack.learnerAs }),
      200,
    );
    expect(wallet.items.map((c: Json) => c.id)).toContain(clr.id);
  });
});
