import { beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import {
  BUNDLED_SCHEMAS,
  type JsonSchema,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  validateJsonSchema,
} from '../credentials/index.js';
import { recordSignoff } from '../signoffs/index.js';
import { issueOwedModuleCredentials } from './cohort-jobs.js';
import { issuerProfileOf } from './issuer-profile.js';
import { credentialReads, moduleCredentialInput } from './module-credential-input.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
type Stored = { id: string; moduleId: string; status: string; verifiableCredential: Json };
const evidence = [{ kind: 'text', text: 'Praktijktoets op de afdeling, volgens het beoordelingsformulier.' }];
const officialSchema = BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema;

describe('module microcredentials from workplace sign-off', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  beforeAll(async () => {
    s = await startScenarioApp();
  }, 30_000);

  const signOff = (routeId: string, as: ReturnType<typeof praktijkopleider>, outcomeId: string) =>
    s.t.call('POST', `/routes/${routeId}/signoffs`, {
      as,
      body: { outcomeId, result: 'passed', date: '2026-11-20', evidence },
    });
  const credentialsOf = async (routeId: string, as = opleider('roc-rivor')) => {
    const res = await s.t.call('GET', `/routes/${routeId}/credentials`, { as });
    expect(res.status).toBe(200);
    return res.body.items as Stored[];
  };
  /** A learner on an agreed Santé route (Helpende plus at ROC Rivor), assessed by Fatima. */
  const santeRoute = (sub: string) =>
    s.agreedRoute({
      sub,
      institution: 'roc-rivor',
      employer: 'sante',
      role: 'sante/Helpende plus',
      assessors: ['pol-sante-1'],
    });

  it('Santé: the last sign-off of a module issues its OpenBadgeCredential, which anyone can verify', async () => {
    const { learner, routeId } = await santeRoute('helpende-sante');
    const fatima = praktijkopleider('sante', 'pol-sante-1');
    expect((await signOff(routeId, fatima, s.outcomeId('roc-rivor', 'VIG-LU-OR'))).status).toBe(201);

    const [credential, ...others] = await credentialsOf(routeId);
    expect(others).toEqual([]);
    expect(credential?.moduleId).toBe(s.moduleId('roc-rivor/VIG-OBS'));
    const vc = credential?.verifiableCredential as Json;
    expect(vc.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
    expect(vc.issuer.id).toBe('did:web:localhost%3A8787:institutions:roc-rivor');
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(vc.credentialSchema).toEqual([{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: 'JsonSchema' }]);
    expect(validateJsonSchema(officialSchema, vc)).toEqual([]);
    expect(vc.credentialSubject.id).toBeUndefined(); // the learner registered no DID
    const subject = vc.credentialSubject;
    expect(subject.achievement.achievementType).toBe('MicroCredential');
    expect(JSON.stringify(subject.achievement.alignment)).toContain(
      'https://id.loopbrug.nl/kd/verzorgende-ig/',
    );
    expect(JSON.stringify(subject.source)).toContain('Santé');
    // EU Annex I optional elements: supervision and identity verification, further information.
    expect(subject.achievement.assessmentSupervision).toBe('supervised-onsite-with-identity-verification');
    expect(subject.achievement.furtherInformation).toBe(subject.achievement.id);
    expect(subject.achievement.prerequisites).toBeUndefined(); // VIG-OBS requires nothing before it

    const verified = await s.t.call('POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);

    const tampered = structuredClone(vc);
    tampered.credentialSubject.achievement.name = 'Verpleegkundige (hbo)';
    const refused = await s.t.call('POST', '/credentials/verify', {
      body: { verifiableCredential: tampered },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.checks).toContainEqual(expect.objectContaining({ check: 'signature', ok: false }));

    // The learner holds it; another instelling's opleider cannot read it.
    const wallet = await s.t.call('GET', `/learners/${learner.id}/credentials`, { as: learner.as });
    expect(wallet.body.items.map((c: Stored) => c.id)).toEqual([credential?.id]);
    const id = encodeURIComponent(credential?.id as string);
    expect((await s.t.call('GET', `/credentials/${id}`, { as: learner.as })).status).toBe(200);
    expect((await s.t.call('GET', `/credentials/${id}`, { as: opleider('han') })).status).toBe(403);
  });

  it("names the module's prerequisites from the catalog (EU Annex I, optional)", async () => {
    const medInput = async () =>
      moduleCredentialInput(
        s.t.deps,
        credentialReads(s.t.deps),
        {
          institutionId: 'roc-rivor',
          issuer: await issuerProfileOf(s.t.deps, 'roc-rivor'),
          learner: { id: 'l-1', name: 'Sanne Vos', email: 'sanne@example.nl', did: null },
          employer: { id: 'sante', name: 'Santé' },
        },
        { moduleId: s.moduleId('roc-rivor/VIG-MED'), moduleVersion: 1, signoffs: [] },
      );
    const input = await medInput();
    const obs = s.moduleId('roc-rivor/VIG-OBS');
    const published = [
      { id: s.t.deps.urls.moduleVersion(obs, 1), name: 'Observeren, signaleren en rapporteren' },
    ];
    expect(input.prerequisites).toEqual(published);
    // A draft of the prerequisite (its next version, being edited) is nobody's business yet: a signed
    // credential names what was published.
    const edited = await s.t.call('PATCH', `/modules/${obs}`, {
      as: opleider('roc-rivor'),
      body: { title: 'Observeren (in bewerking)' },
    });
    expect(edited.status, edited.text).toBe(200);
    const again = await medInput();
    expect(again.prerequisites).toEqual(published);
  });

  it("names the learner's registered DID as credentialSubject.id, beside the hashed identity objects", async () => {
    const { learner, routeId } = await santeRoute('helpende-sante-did');
    const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    s.t.db.sqlite.prepare('UPDATE learner SET did = ? WHERE id = ?').run(did, learner.id);
    const fatima = praktijkopleider('sante', 'pol-sante-1');
    expect((await signOff(routeId, fatima, s.outcomeId('roc-rivor', 'VIG-LU-OR'))).status).toBe(201);

    const [credential] = await credentialsOf(routeId);
    const subject = credential?.verifiableCredential.credentialSubject;
    expect(subject.id).toBe(did);
    expect(subject.identifier.map((i: Json) => [i.identityType, i.hashed])).toEqual([
      ['name', false],
      ['emailAddress', true],
    ]);
    expect(validateJsonSchema(officialSchema, credential?.verifiableCredential)).toEqual([]);
  });

  it('two sign-offs completing a module at the same moment give exactly one credential', async () => {
    const { routeId } = await s.agreedRoute({
      sub: 'vig-cordaan',
      institution: 'roc-rivor',
      employer: 'cordaan',
      role: 'cordaan/Verzorgende IG',
      assessors: ['pol-cordaan-1'],
    });
    const pol = praktijkopleider('cordaan', 'pol-cordaan-1');
    const answers = await Promise.all([
      signOff(routeId, pol, s.outcomeId('roc-rivor', 'VIG-LU-MZ')),
      signOff(routeId, pol, s.outcomeId('roc-rivor', 'VIG-LU-KW')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    const sam = s.moduleId('roc-rivor/VIG-SAM');
    expect((await credentialsOf(routeId)).filter((c) => c.moduleId === sam)).toHaveLength(1);
    const issued = s.t.db.sqlite
      .prepare("SELECT count(*) AS n FROM audit_event WHERE action = 'credential.issued' AND detail LIKE ?")
      .get(`%${routeId}%`) as { n: number };
    expect(issued.n).toBe(1);
  });

  it('a crash between the last sign-off and issuing loses nothing: reconcile issues it once', async () => {
    const { routeId } = await s.agreedRoute({
      sub: 'mantelzorger-hoven',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-1'],
      startDate: '2026-11-02',
    });
    const pol = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    // The sign-off is stored, but the process stops before issuing (the store alone does not issue).
    await recordSignoff(s.t.deps, pol, routeId, {
      outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
      result: 'passed',
      date: '2026-11-20',
      evidence: [{ kind: 'text', text: 'Geobserveerd bij mevrouw Jansen.' }],
    });
    expect(await credentialsOf(routeId, opleider('de-hoven'))).toEqual([]);

    const reconcile = () =>
      s.t.call('POST', `/routes/${routeId}/signoffs/reconcile`, { as: opleider('de-hoven') });
    expect((await reconcile()).status).toBe(200);
    expect((await reconcile()).status).toBe(200);
    expect(await issueOwedModuleCredentials(s.t.deps)).toBe(0);
    expect((await credentialsOf(routeId, opleider('de-hoven'))).map((c) => c.moduleId)).toEqual([
      s.moduleId('de-hoven/DH-WAK'),
    ]);
  });

  it('De Hoven: the three micro-modules give three credentials that verify', async () => {
    const { routeId } = await s.agreedRoute({
      sub: 'zorgmedewerker-hoven',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-2'],
      startDate: '2026-11-02',
    });
    const pol = praktijkopleider('de-hoven', 'pol-de-hoven-2');
    for (const code of ['DH-LU-WAK', 'DH-LU-VOE', 'DH-LU-STK'])
      expect((await signOff(routeId, pol, s.outcomeId('de-hoven', code))).status).toBe(201);
    const credentials = await credentialsOf(routeId, opleider('de-hoven'));
    expect(credentials).toHaveLength(3);
    for (const { verifiableCredential } of credentials) {
      expect(validateJsonSchema(officialSchema, verifiableCredential)).toEqual([]);
      const res = await s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const route = await s.t.call('GET', `/routes/${routeId}`, { as: opleider('de-hoven') });
    expect(route.body.status).toBe('completed');
  });
});
