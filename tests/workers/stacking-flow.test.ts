import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/app-env.js';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { hashedEmailIdentity } from '../../src/credentials/learner-identity.js';
import { buildModuleCredential } from '../../src/credentials/module-credential.js';
import { framework, learnerOf, opleider, PUBLIC_URL, registerInstitution, verify } from './scenario.js';
import { call, expectCall, type Json } from './worker-client.js';

// sampleInput reads nothing but the public URL from its deps.
const deps = { config: { publicUrl: PUBLIC_URL } } as unknown as AppDeps;
const email = 'krista@example.nl';

/** A module credential for Krista teaching `competency`, signed by `institution` via POST /credentials/issue. */
async function moduleCredential(institution: string, competency: string): Promise<Json> {
  const input = sampleInput(deps, institution);
  const code = competency.split('/').at(-1) ?? competency;
  const credential = buildModuleCredential({
    ...input,
    learner: { name: 'Krista de Boer', identifier: await hashedEmailIdentity(email, crypto.randomUUID()) },
    moduleVersion: {
      ...input.moduleVersion,
      id: `${PUBLIC_URL}/modules/${code}/versions/1`,
      code,
      title: code,
      competencies: [{ uri: competency, title: code }],
    },
    outcomes: [
      {
        id: 'lo-1',
        title: code,
        description: code,
        competencies: [competency],
        assessmentMethod: 'praktijktoets',
      },
    ],
    stackability: [],
  });
  const res = await expectCall(201, 'POST', '/credentials/issue', opleider(institution), { credential });
  return res.verifiableCredential;
}

describe('stacking on workerd with D1', () => {
  it('awards a ClrCredential from the credentials of two instellingen once the awarding one recognises the other', async () => {
    await registerInstitution('hogeschool');
    await registerInstitution('academie');
    const [vakinhoud, didactiek] = (await framework('leraar', ['vakinhoud', 'vakdidactiek'])) as [
      string,
      string,
    ];
    const qualification = await expectCall(201, 'POST', '/qualifications', opleider('hogeschool'), {
      code: 'LER-2G',
      title: 'Tweedegraads leraar',
      level: 'hbo-bachelor',
      admission: { entryLevel: 'hbo-bachelor' },
      stackRule: { groups: [{ title: 'Alles', kind: 'all-of', competencies: [vakinhoud, didactiek] }] },
    });
    const krista = learnerOf('krista');
    const learner = await expectCall(201, 'POST', '/learners', krista, { name: 'Krista de Boer', email });
    await expectCall(201, 'POST', `/learners/${learner.id}/grants`, krista, {
      grantee: { kind: 'institution', id: 'hogeschool' },
      scope: ['profile'],
    });
    const parts = [
      await moduleCredential('academie', vakinhoud),
      await moduleCredential('hogeschool', didactiek),
    ];
    const award = () =>
      call('POST', `/qualifications/${qualification.id}/awards`, opleider('hogeschool'), {
        learnerId: learner.id,
        credentials: parts,
      });

    const untrusted = await award();
    expect(untrusted.status).toBe(422);
    expect(untrusted.body.errors).toEqual([
      {
        path: 'body.credentials[0].issuer',
        message: "issuer did:web:localhost%3A8787:institutions:academie is not recognised by 'hogeschool'",
      },
    ]);

    const recognised = await expectCall(
      201,
      'POST',
      '/institutions/hogeschool/recognitions',
      opleider('hogeschool'),
      {
        issuer: 'academie',
      },
    );
    expect(recognised.issuer).toEqual({
      institutionId: 'academie',
      did: 'did:web:localhost%3A8787:institutions:academie',
    });

    const res = await award();
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const clr = res.body.verifiableCredential;
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.issuer.id).toBe('did:web:localhost%3A8787:institutions:hogeschool');
    expect(clr.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    expect(clr.credentialSubject.achievement[0].id).toBe(`${PUBLIC_URL}/qualifications/${qualification.id}`);
    expect(clr.credentialSubject.verifiableCredential).toEqual(parts);

    const verified = await verify(clr);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const tampered = structuredClone(clr);
    tampered.credentialSubject.verifiableCredential[0].credentialSubject.achievement.name = 'Iets anders';
    expect((await verify(tampered)).status).toBe(422);

    // Stored in D1 for the learner: her wallet lists it.
    const wallet = await expectCall(200, 'GET', `/learners/${learner.id}/credentials`, krista);
    expect(wallet.items.map((c: Json) => c.id)).toContain(clr.id);
  });
});
