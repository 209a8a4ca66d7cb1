import { beforeAll, describe, expect, it } from 'vitest';
import { sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential, type JsonObject, signCredential } from '../credentials/index.js';
import { signerFor } from '../issuance/index.js';
import { holderDidKey, present } from './holder.test-support.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response bodies of many shapes
type Json = any;
const options = { challenge: 'c-7f3a91', domain: 'https://werving.yuverta.example' };

describe('POST /presentations/verify', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  let holder: Awaited<ReturnType<typeof holderDidKey>>;
  let vc: JsonObject;
  const verify = (verifiablePresentation: unknown, opts: object = options) =>
    t.call('POST', '/presentations/verify', { body: { verifiablePresentation, options: opts } });
  const failed = (body: Json) =>
    (body.checks as Json[]).filter((c) => !c.ok).map((c) => `${c.target} ${c.check}`);

  beforeAll(async () => {
    t = await startCredentialsApp();
    holder = await holderDidKey();
    const input = sampleInput(t.deps, 'han');
    vc = await signCredential(
      await signerFor(t.deps, 'han'),
      buildModuleCredential({ ...input, learner: { ...input.learner, id: holder.did } }),
    );
  });

  it("verifies the holder's proof with the challenge and domain, and every credential (no token needed)", async () => {
    const res = await verify(await present(t.deps, holder, [vc], options));
    expect(res.status, res.text).toBe(200);
    expect(res.body.verified).toBe(true);
    expect(res.body.holder).toBe(holder.did);
    expect(res.body.checks).toEqual(
      expect.arrayContaining([
        { target: 'presentation', check: 'proof', ok: true },
        { target: 'presentation', check: 'holder', ok: true },
        expect.objectContaining({ target: 'verifiableCredential[0]', check: 'signature', ok: true }),
      ]),
    );
  });

  it('refuses another challenge or another domain, naming the presentation proof', async () => {
    const vp = await present(t.deps, holder, [vc], options);
    for (const opts of [
      { ...options, challenge: 'c-other' },
      { ...options, domain: 'https://elders.example' },
    ]) {
      const res = await verify(vp, opts);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(failed(res.body)).toEqual(['presentation proof']);
    }
  });

  it('refuses a presentation whose proof or content was tampered with', async () => {
    const vp = await present(t.deps, holder, [vc], options);
    const res = await verify({ ...vp, holder: vp.holder, id: 'urn:uuid:inserted' });
    expect(res.status).toBe(422);
    expect(failed(res.body)).toContain('presentation proof');
  });

  it('refuses a correctly signed presentation with a tampered credential, naming that credential', async () => {
    const tampered = structuredClone(vc) as Json;
    tampered.credentialSubject.achievement.name = 'Verpleegkundige (hbo)';
    const res = await verify(await present(t.deps, holder, [vc, tampered], options));
    expect(res.status).toBe(422);
    expect(failed(res.body)).toEqual(['verifiableCredential[1] signature']);
  });

  it('refuses a proof made by someone other than the holder', async () => {
    const other = await holderDidKey();
    const vp = await present(t.deps, other, [vc], options, { holder: holder.did });
    const res = await verify(vp);
    expect(res.status).toBe(422);
    expect(failed(res.body)).toContain('presentation holder');
  });

  it('refuses an unsigned presentation and malformed input', async () => {
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: holder.did,
      verifiableCredential: [vc],
    };
    const res = await verify(unsigned);
    expect(res.status).toBe(422);
    expect(failed(res.body)).toEqual(expect.arrayContaining(['presentation holder', 'presentation proof']));
    expect((await verify(await present(t.deps, holder, [vc], options), { challenge: 'x' })).status).toBe(422);
    expect((await verify('nope')).status).toBe(422);
  });
});
