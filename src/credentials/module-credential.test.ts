import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { publicUrls } from '../kernel/urls.js';
import { BUNDLED_SCHEMAS, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './credential-schemas.js';
import { sampleInput } from './fixtures.test-support.js';
import { type JsonSchema, validateJsonSchema } from './json-schema.js';
import { hashedEmailIdentity } from './learner-identity.js';
import { buildModuleCredential } from './module-credential.js';

describe('buildModuleCredential', async () => {
  const { deps } = await startTestApp();
  const input = sampleInput(deps);
  const vc = JSON.parse(JSON.stringify(buildModuleCredential(input)));
  const achievement = vc.credentialSubject.achievement;
  const officialSchema = BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema;

  it('is an OBv3 OpenBadgeCredential on VC 2.0 with the OB 3.0.3 context and our stable one', () => {
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://id.loopbrug.nl/contexts/microcredential-v2.jsonld',
    ]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.validFrom).toBe(input.validFrom);
    expect(vc.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: 'JsonSchema',
      },
    ]);
  });

  it("depends on the issuing deployment's URL only for the issuer's DID and the issuer's own resource ids", () => {
    // The same module at a deployment elsewhere: only what is built from the public URL differs.
    const elsewhere = publicUrls('https://leren.roc-rivor.example');
    const there = buildModuleCredential({
      ...sampleInput({ urls: elsewhere }),
      credentialId: input.credentialId,
    });
    const moved = JSON.stringify(vc)
      .replaceAll(deps.urls.base, elsewhere.base)
      .replaceAll(deps.urls.issuerDid('han'), elsewhere.issuerDid('han'));
    expect(JSON.stringify(there)).toBe(moved);
    expect(JSON.stringify([vc['@context'], vc.credentialSchema])).not.toMatch(/localhost/);
  });

  it('names the holder DID as credentialSubject.id when the learner has one, beside the identity objects', () => {
    const holder = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const bound = buildModuleCredential({ ...input, learner: { ...input.learner, id: holder } });
    expect(bound.credentialSubject.id).toBe(holder);
    expect(bound.credentialSubject.identifier).toEqual(vc.credentialSubject.identifier);
    expect(vc.credentialSubject.id).toBeUndefined();
    expect(validateJsonSchema(officialSchema, JSON.parse(JSON.stringify(bound)))).toEqual([]);
  });

  it('carries the optional EU Annex I elements (Council Recommendation 2022/C 243/02, Annex I): prerequisites, supervision and identity verification, further information', () => {
    const required = [
      { id: deps.urls.moduleVersion('m-basis', 2), name: 'Basiszorg' },
      { id: 'https://loopbrug.example/kd/vig/b1-k1-w1', name: 'Werkt veilig' },
    ];
    const withPrerequisites = buildModuleCredential({ ...input, prerequisites: required });
    const described = withPrerequisites.credentialSubject.achievement as Record<string, unknown>;
    expect(described.prerequisites).toEqual(required);
    expect(described.assessmentSupervision).toBe('supervised-onsite-with-identity-verification');
    expect(described.furtherInformation).toBe(input.moduleVersion.id);
    expect(achievement.prerequisites).toBeUndefined(); // none known, none said
    expect(validateJsonSchema(officialSchema, JSON.parse(JSON.stringify(withPrerequisites)))).toEqual([]);
  });

  it('carries every mandatory EU element', () => {
    expect(vc.credentialSubject.identifier).toContainEqual(
      expect.objectContaining({ identityType: 'name', identityHash: 'Sanne Vos' }),
    );
    expect(vc.credentialSubject.identifier).toContainEqual(input.learner.identifier);
    expect(achievement.name).toBe('Observeren en signaleren');
    expect(vc.issuer.address.addressCountryCode).toBe('NL');
    expect(vc.issuer).toMatchObject({ id: input.issuer.did, name: input.issuer.name });
    expect(vc.awardedDate).toBe(input.validFrom);
    expect(achievement.resultDescription).toHaveLength(1);
    expect(achievement.resultDescription[0].alignment[0].targetUrl).toBe(
      'https://loopbrug.example/kd/vig/b1-k1-w3',
    );
    expect(achievement.creditsAvailable).toBe(3);
    expect(achievement.studyLoadHours).toBe(84);
    expect(achievement).toMatchObject({ educationLevel: 'mbo-3', eqfLevel: 3, nlqfLevel: 3 });
    expect(achievement.assessmentType).toEqual(['praktijkbeoordeling']);
    expect(achievement.participationForm).toEqual(['werkplek', 'online']);
    expect(vc.issuer.qualityAssurance).toMatch(/NVAO/);
    expect(achievement.achievementType).toBe('MicroCredential');
    expect(achievement.countsToward).toEqual([
      { id: 'http://localhost:8787/qualifications/vig', name: 'Verzorgende IG' },
    ]);
  });

  it('puts the assessing employer in credentialSubject.source and sign-offs in evidence', () => {
    expect(vc.credentialSubject.source).toMatchObject({ type: ['Profile'], name: 'Zorggroep Santé' });
    expect(vc.source).toBeUndefined();
    expect(vc.evidence[0]).toMatchObject({ assessorName: 'Petra de Wit' });
    expect(vc.credentialSubject.result[0]).toMatchObject({
      resultDescription: achievement.resultDescription[0].id,
      status: 'Completed',
    });
  });

  it('gives hours only (no creditsAvailable) when the module has no EC', () => {
    const noEc = sampleInput(deps);
    noEc.moduleVersion.studyLoad = { hours: 40 };
    const built = JSON.parse(JSON.stringify(buildModuleCredential(noEc)));
    expect(built.credentialSubject.achievement.creditsAvailable).toBeUndefined();
    expect(built.credentialSubject.achievement.studyLoadHours).toBe(40);
  });

  it('refuses an outcome without a sign-off', () => {
    expect(() => buildModuleCredential({ ...input, signoffs: [] })).toThrow(/no sign-off/);
  });

  it("satisfies 1EdTech's OBv3 AchievementCredential schema with no error, which catches a missing element", () => {
    expect(validateJsonSchema(officialSchema, vc)).toEqual([]);
    const broken = structuredClone(vc);
    delete broken.credentialSubject.achievement.name;
    broken['@context'] = [broken['@context'][0], 'https://example.org/ob.json'];
    expect(validateJsonSchema(officialSchema, broken)).toEqual([
      { path: '@context[1]', message: 'String does not match pattern.' },
      {
        path: 'credentialSubject.achievement',
        message: 'Instance does not have required property "name".',
      },
    ]);
  });

  it('the schema we published before still catches a missing EU element (what earlier credentials name)', () => {
    const schema = PUBLISHED_SCHEMAS['module-credential.schema.json'] as JsonSchema;
    const earlier = {
      ...vc,
      '@context': [...vc['@context'].slice(0, 2), 'http://localhost:8787/contexts/loopbrug-v1.jsonld'],
    };
    expect(validateJsonSchema(schema, earlier)).toEqual([]);
    const broken = structuredClone(earlier);
    delete broken.credentialSubject.achievement.studyLoadHours;
    expect(validateJsonSchema(schema, broken)).toEqual([
      {
        path: 'credentialSubject.achievement',
        message: 'Instance does not have required property "studyLoadHours".',
      },
    ]);
  });

  it('hashes the email as an OBv3 IdentityObject', async () => {
    const id = hashedEmailIdentity('Sanne@Example.nl', 'salt');
    expect(id).toMatchObject({
      type: 'IdentityObject',
      identityType: 'emailAddress',
      hashed: true,
      salt: 'salt',
    });
    expect(id.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(id.identityHash).toBe(hashedEmailIdentity('sanne@example.nl', 'salt').identityHash);
  });
});
