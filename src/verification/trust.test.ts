import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  generateEd25519Key,
  type JsonObject,
  OB_V3_CONTEXT,
  signDataIntegrity,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';
import { DomainError } from '../kernel/errors.js';
import { holderDidKey, present } from './holder.test-support.js';
import { trustOf, verifyCredential, verifyPresentation } from './index.js';

describe('verification is not trust', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  let ours: Json;
  let selfMade: JsonObject;
  let selfMadeDid: string;
  const han = () => t.deps.urls.issuerDid('han');
  const verify = (verifiableCredential: unknown, relyingParty?: string) =>
    t.call('POST', '/credentials/verify', {
      body: { verifiableCredential, ...(relyingParty ? { options: { relyingParty } } : {}) },
    });
  const trustCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'trust');

  beforeAll(async () => {
    t = await startCredentialsApp();
    const issued = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(t.deps, 'han')) },
    });
    expect(issued.status, issued.text).toBe(201);
    ours = issued.body.verifiableCredential;
    // Anyone can make a did:key and call itself "ROC Rivor" in a credential it signs itself.
    const key = await generateEd25519Key();
    selfMadeDid = `did:key:${key.publicKeyMultibase}`;
    selfMade = await signDataIntegrity({
      credential: {
        '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: 'Verzorgende IG',
        issuer: { id: selfMadeDid, type: ['Profile'], name: 'ROC Rivor' },
        validFrom: '2026-10-01T00:00:00Z',
        credentialSubject: {
          type: ['AchievementSubject'],
          achievement: {
            id: 'https://rivor.example/achievements/vig',
            type: ['Achievement'],
            name: 'Verzorgende IG',
            description: 'Diploma',
            criteria: { narrative: 'Examen' },
          },
        },
      },
      keyId: `${selfMadeDid}#${key.publicKeyMultibase}`,
      key,
      documentLoader: signingDocumentLoader(t.deps),
      now: t.deps.now(),
    });
  }, 30_000);

  it('verifies a self-issued did:key credential calling itself "ROC Rivor" as valid, and makes no trust claim', async () => {
    const res = await verify(selfMade);
    expect(res.status, res.text).toBe(200);
    expect(res.body.issuer).toBe(selfMadeDid);
    expect(res.body.trust).toBeUndefined();
    expect(res.body.checks.map((c: Json) => c.check)).toEqual([
      'signature',
      'issuer',
      'validity-period',
      'schema',
      'status',
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/recognised|trusted/);
  });

  it('is untrusted by every instelling, the real ROC Rivor included, until one recognises that DID', async () => {
    for (const party of ['han', 'roc-rivor']) {
      const res = await verify(selfMade, party);
      expect(res.status).toBe(422);
      expect(failedChecks(res.body)).toEqual(['trust']);
      expect(trustCheck(res.body)).toEqual({
        check: 'trust',
        ok: false,
        message: `issuer ${selfMadeDid} is not recognised by '${party}'`,
      });
    }
  });

  it("trusts an instelling's own credentials for itself only, and another's once recognised", async () => {
    const forHan = await verify(ours, 'han');
    expect(forHan.status, forHan.text).toBe(200);
    expect(forHan.body.trust).toEqual({
      institutionId: 'han',
      trusted: true,
      because: "the issuer is 'han' itself",
    });
    expect((await verify(ours, 'roc-rivor')).status).toBe(422);

    const recognised = await t.call('POST', '/institutions/roc-rivor/recognitions', {
      as: opleider('roc-rivor'),
      body: { issuer: 'han' },
    });
    expect(recognised.status, recognised.text).toBe(201);
    expect(await trustOf(t.deps, 'roc-rivor', han())).toEqual({
      trusted: true,
      because: `recognised by 'roc-rivor' on 2026-11-22 (recognition '${recognised.body.id}')`,
    });
    expect((await verify(ours, 'roc-rivor')).status).toBe(200);
    // HAN's trust did not change: recognitions are per instelling.
    expect((await trustOf(t.deps, 'han', selfMadeDid)).trusted).toBe(false);
    await expect(trustOf(t.deps, 'nergens', han())).rejects.toBeInstanceOf(DomainError);
  });

  it('claims no trust for a credential that does not verify, whoever it names', async () => {
    const tampered = { ...ours, name: 'Iets anders' };
    const result = await verifyCredential(t.deps, tampered, { relyingParty: 'han' });
    expect(result.verified).toBe(false);
    expect(result.trust).toEqual({
      institutionId: 'han',
      trusted: false,
      because: 'not established: the credential does not verify, so who issued it is not proven',
    });
  });

  it("checks trust in a presentation's credentials for the relying party, and none without one", async () => {
    const holder = await holderDidKey();
    const options = { challenge: 'c-trust', domain: 'https://werving.han.example' };
    const vp = await present(t.deps, holder, [ours, selfMade], options);
    const open = await verifyPresentation(t.deps, vp, options);
    expect(open.verified).toBe(true);
    expect(open.credentials.map((c) => c.trust)).toEqual([undefined, undefined]);
    const forHan = await verifyPresentation(t.deps, vp, { ...options, relyingParty: 'han' });
    expect(forHan.verified).toBe(false);
    expect(forHan.credentials.map((c) => c.trust?.trusted)).toEqual([true, false]);
    expect(forHan.checks.filter((c) => !c.ok)).toEqual([
      {
        target: 'verifiableCredential[1]',
        check: 'trust',
        ok: false,
        message: `issuer ${selfMadeDid} is not recognised by 'han'`,
      },
    ]);
  });
});
