import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential, type JsonObject } from '../credentials/index.js';
import { signerFor } from '../issuance/index.js';
import { addChainedProof, didKeyWitness } from './ecosystem.test-support.js';
import { holderDidKey, present } from './holder.test-support.js';

const checkOf = (body: Json, name: string) => (body.checks as Json[]).find((c) => c.check === name);

// VC Data Integrity 1.0, proof sets (§2.1.1) and proof chains (§2.1.2): every proof must verify; the
// issuer's proof asserts for the issuer, and proofs by other parties are allowed beside it.
describe('proof sets and chains (VC Data Integrity 1.0 §2.1.1, §2.1.2)', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  let issued: JsonObject;
  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  beforeAll(async () => {
    t = await startCredentialsApp();
    const res = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(t.deps)) },
    });
    expect(res.status, res.text).toBe(201);
    issued = res.body.verifiableCredential;
  });

  it("verifies a proof set: the issuer's proof and a witness's proof by another party, each checked", async () => {
    const witness = await didKeyWitness();
    const both = await witness.addProof(issued, { deps: t.deps });
    expect(both.proof).toHaveLength(2);
    const res = await verify(both);
    expect(res.status, res.text).toBe(200);
    expect(checkOf(res.body, 'signature').message).toBe('2 proofs verify');
    expect(checkOf(res.body, 'issuer').message).toContain(`also proved by ${witness.did}#`);
  });

  it("verifies a proof chain: a witness's proof over the issuer's proof (previousProof)", async () => {
    const { proof: _proof, ...unsigned } = issued;
    const han = (await signerFor(t.deps, 'han')).key;
    const byIssuer = await addChainedProof(unsigned, { deps: t.deps, ...han, id: 'urn:uuid:proof-issuer' });
    const witness = await didKeyWitness();
    const chained = await witness.addProof(byIssuer, {
      deps: t.deps,
      previousProof: 'urn:uuid:proof-issuer',
    });
    const res = await verify(chained);
    expect(res.status, res.text).toBe(200);
    expect(checkOf(res.body, 'signature').message).toBe('2 proofs verify');

    // The chained proof signs the issuer's proof too: another proof in its place breaks it.
    const [first, second] = chained.proof as Json[];
    const swapped = await verify({
      ...chained,
      proof: [{ ...first, created: '2026-11-22T08:00:00Z' }, second],
    });
    expect(failedChecks(swapped.body)).toEqual(['signature']);
    expect(checkOf(swapped.body, 'signature').message).toMatch(/^proof\[0\]: .*; proof\[1\]: /);
    // A chain naming a proof the credential does not carry fails, naming it.
    const broken = await verify({ ...chained, proof: [second] });
    expect(checkOf(broken.body, 'signature').message).toContain(
      `previousProof "urn:uuid:proof-issuer" is not one of the credential's proofs`,
    );
  });

  it('refuses a proof set in which one proof does not verify, naming that proof', async () => {
    const witness = await didKeyWitness();
    const both = (await witness.addProof(issued, { deps: t.deps })) as Json;
    const forged = { ...both, proof: [both.proof[0], { ...both.proof[1], created: '2026-11-22T08:00:00Z' }] };
    const res = await verify(forged);
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(['signature']);
    expect(checkOf(res.body, 'signature').message).toMatch(/^proof\[1\]: /);
  });

  it('refuses a credential whose only proof is by someone other than its issuer', async () => {
    const { proof: _proof, ...unsigned } = issued;
    const witness = await didKeyWitness();
    const res = await verify(await witness.addProof(unsigned, { deps: t.deps }));
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toContain('issuer');
    expect(checkOf(res.body, 'issuer').message).toContain(
      `no proof is made with a key of ${t.deps.urls.issuerDid('han')}`,
    );
  });

  it('verifies a presentation that names no holder (VC Data Model 2.0 §4.13: holder is optional)', async () => {
    const holder = await holderDidKey();
    const options = { challenge: 'c-no-holder', domain: 'https://verifier.example' };
    const vp = await present(t.deps, holder, [issued], options, { holder: undefined });
    expect(vp.holder).toBeUndefined();
    const res = await t.call('POST', '/presentations/verify', {
      body: { verifiablePresentation: vp, options },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.holder).toBeUndefined();
    expect(res.body.checks).toContainEqual({
      target: 'presentation',
      check: 'holder',
      ok: true,
      message: `no holder named (optional); proved by ${holder.did}`,
    });
  });
});
