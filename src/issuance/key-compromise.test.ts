import { beforeAll, describe, expect, it } from 'vitest';
import { learner } from '../../tests/support/principals.js';
import { admin, opleider, startTestApp } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../credentials/index.js';

describe('an issuer key marked compromised, over HTTP on SQLite', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const han = opleider('han');
  const issue = async () => {
    const res = await t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: buildModuleCredential(sampleInput(t.deps, 'han')) },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.verifiableCredential;
  };
  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  beforeAll(async () => {
    t = await startTestApp();
    for (const id of ['han', 'loi'])
      await t.call('POST', '/institutions', {
        as: admin,
        body: { id, name: id.toUpperCase(), kind: 'hbo', qualityAssurance: 'NVAO' },
      });
  });

  it('fails every proof by it whatever its date, lists it revoked in the DID document, and audits who did it', async () => {
    const before = await issue();
    expect((await verify(before)).status).toBe(200);
    const key = before.proof.verificationMethod.split('#')[1];
    const listPath = new URL(before.credentialStatus.statusListCredential).pathname;
    expect((await t.call('GET', listPath)).body.proof.verificationMethod).toContain(key);

    // Only an admin or the instelling's own opleider may; another opleider or a learner learns nothing.
    for (const as of [opleider('loi'), learner('x')])
      expect((await t.call('POST', `/institutions/han/issuer-keys/${key}/compromise`, { as })).status).toBe(
        403,
      );
    expect(
      (await t.call('POST', `/institutions/han/issuer-keys/z6MkNoSuchKey/compromise`, { as: han })).status,
    ).toBe(404);
    const marked = await t.call('POST', `/institutions/han/issuer-keys/${key}/compromise`, { as: han });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toMatchObject({ publicKeyMultibase: key, compromisedAt: expect.any(String) });

    // What it signed before no longer verifies: a retired key's "signed before" does not save it.
    const refused = await verify(before);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/assertion|verification method|key/i);

    const did = (await t.call('GET', '/institutions/han/did.json')).body;
    const method = did.verificationMethod.find((m: { id: string }) => m.id.endsWith(`#${key}`));
    expect(method.revoked).toBe(marked.body.compromisedAt);
    expect(did.assertionMethod).not.toContain(method.id);
    expect(did.assertionMethod).toHaveLength(1);

    // The status list it signed is signed again with the new active key.
    const list = await t.call('GET', listPath);
    expect(list.status).toBe(200);
    expect(list.body.proof.verificationMethod).not.toContain(key);

    // A new active key took its place: new credentials verify.
    expect((await verify(await issue())).status).toBe(200);
    const [audit] = await t.target.query<{ actor: string; detail: string }>(
      "SELECT actor, detail FROM audit_event WHERE action = 'issuer-key.compromised'",
    );
    expect(audit?.actor).toBe('opleider:opleider-han');
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ compromised: key });
  });

  it('stops the did:key of a compromised key counting as the instelling, for what it signed before too', async () => {
    const viaWeb = await issue();
    const key = viaWeb.proof.verificationMethod.split('#')[1];
    const did = `did:key:${key}`;
    const credential = buildModuleCredential(sampleInput(t.deps, 'han'));
    const res = await t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: { ...credential, issuer: { ...(credential.issuer as object), id: did } } },
    });
    expect(res.status, res.text).toBe(201);
    const underDidKey = res.body.verifiableCredential;
    const asHan = () =>
      t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: underDidKey, options: { relyingParty: 'han' } },
      });
    const trusted = await asHan();
    expect(trusted.status, trusted.text).toBe(200);
    expect(trusted.body.trust).toMatchObject({ institutionId: 'han', trusted: true });

    expect(
      (await t.call('POST', `/institutions/han/issuer-keys/${key}/compromise`, { as: han })).status,
    ).toBe(200);
    const after = await asHan();
    expect(after.status).toBe(422);
    const trust = (after.body.checks as { check: string; ok: boolean; message: string }[]).find(
      (c) => c.check === 'trust',
    );
    expect(trust?.ok).toBe(false);
    expect(trust?.message).toBe(`issuer ${did} is not recognised by 'han'`);
  });
});
