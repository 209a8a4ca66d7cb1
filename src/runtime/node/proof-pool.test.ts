import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp } from '../../../tests/support/test-app.js';
import { sampleInput } from '../../credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  type JsonObject,
  type ProofWork,
  signCredential,
} from '../../credentials/index.js';
import { signerFor } from '../../issuance/index.js';
import { DomainError } from '../../kernel/errors.js';
import { verifyCredential } from '../../verification/index.js';
import { proofPool } from './proof-pool.js';

// The pool runs the same signing and verifying as the calling thread, in worker threads: what it
// answers must be what inline work answers, refusals included; the DIDs come from the main thread.
describe('the proof pool', async () => {
  const pool = proofPool({ size: 2, log: { error() {}, warn() {}, info() {} } });
  afterAll(() => pool.close());
  // What reaches the pool, counted: the app's signing and verifying must go through it.
  const reached = { sign: 0, verify: 0 };
  const work: ProofWork = {
    sign(job, loader) {
      reached.sign += 1;
      return pool.sign(job, loader);
    },
    verify(job, loader) {
      reached.verify += 1;
      return pool.verify(job, loader);
    },
  };
  const pooled = await startTestApp({ proofWork: work });
  const res = await pooled.call('POST', '/institutions', {
    as: admin,
    body: { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
  });
  expect(res.status).toBe(201);
  const inline = { ...pooled.deps, proofWork: undefined };
  const unsigned = buildModuleCredential(sampleInput(pooled.deps, 'han'));
  // A thread loads the credential libraries when it starts: seconds on a busy machine, once.
  beforeAll(async () => {
    const signer = await signerFor(pooled.deps, 'han');
    await Promise.all([1, 2].map(() => signCredential(signer, unsigned)));
  }, 120_000);

  it('signs in a thread what verifies inline, and verifies in a thread as inline does', async () => {
    const signed = await signCredential(await signerFor(pooled.deps, 'han'), unsigned);
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    const here = await verifyCredential(inline, signed);
    const there = await verifyCredential(pooled.deps, signed);
    expect(here.verified).toBe(true);
    expect(there).toEqual(here);
    expect(reached.sign).toBeGreaterThan(0);
    expect(reached.verify).toBeGreaterThan(0);
  });

  it('many at once: every one signed, each verifying', async () => {
    const signer = await signerFor(pooled.deps, 'han');
    const signed = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signCredential(signer, { ...unsigned, id: `urn:uuid:${i}` })),
    );
    const results = await Promise.all(signed.map((s) => verifyCredential(pooled.deps, s)));
    expect(results.map((r) => r.verified)).toEqual(signed.map(() => true));
  });

  it('a changed credential fails the signature check with the same words as inline', async () => {
    const signed = await signCredential(await signerFor(pooled.deps, 'han'), unsigned);
    const changed: JsonObject = { ...signed, validFrom: '2026-11-23T09:00:00Z' };
    const here = await verifyCredential(inline, changed);
    const there = await verifyCredential(pooled.deps, changed);
    expect(there.checks.find((c) => c.check === 'signature')?.ok).toBe(false);
    expect(there).toEqual(here);
  });

  it('a key the main thread cannot resolve is refused in the thread, naming it as inline does', async () => {
    const signed = await signCredential(await signerFor(pooled.deps, 'han'), unsigned);
    const proof = signed.proof as JsonObject;
    const elsewhere = { ...signed, proof: { ...proof, verificationMethod: 'did:web:nowhere.example#key-1' } };
    const here = await verifyCredential(inline, elsewhere);
    const there = await verifyCredential(pooled.deps, elsewhere);
    expect(there.checks.find((c) => c.check === 'signature')).toEqual(
      here.checks.find((c) => c.check === 'signature'),
    );
  });

  it('a thread holds more jobs than it runs: two at once, the others in turn, first come first', async () => {
    const one = proofPool({ size: 1, log: { error() {}, warn() {}, info() {} } });
    try {
      const signed = await signCredential(await signerFor(pooled.deps, 'han'), unsigned);
      // No DID document goes with the jobs, so each asks the main thread for it, which answers only
      // when the test lets it: a job waiting there shows which jobs the thread has begun.
      const asked: number[] = [];
      const answers: (() => void)[] = [];
      const loaderOf = (job: number) => (url: string) => {
        asked.push(job);
        return new Promise<never>((_, refuse) => answers.push(() => refuse(new Error(`${url}: not here`))));
      };
      const jobs = [0, 1, 2, 3, 4].map((job) =>
        one.verify({ credential: signed, at: new Date() }, loaderOf(job)),
      );
      const until = async (count: number) => {
        for (let i = 0; i < 400 && asked.length < count; i++) await new Promise((r) => setTimeout(r, 10));
      };
      await until(2);
      await new Promise((r) => setTimeout(r, 100));
      expect(asked).toEqual([0, 1]);
      answers.shift()?.();
      await until(3);
      await new Promise((r) => setTimeout(r, 100));
      expect(asked).toEqual([0, 1, 2]);
      for (let left = 2; left > 0; left--) {
        answers.shift()?.();
        await until(asked.length + 1);
      }
      expect(asked).toEqual([0, 1, 2, 3, 4]);
      for (const answer of answers.splice(0)) answer();
      for (const outcome of await Promise.all(jobs)) expect(outcome.verified).toBe(false);
    } finally {
      await one.close();
    }
  });

  it('refuses a term no context defines, naming its path, as inline signing does', async () => {
    const withTerm = { ...unsigned, madeUpTerm: 'x' };
    const refusalOf = async (work: typeof pool | undefined) => {
      try {
        await signCredential({ ...(await signerFor(pooled.deps, 'han')), work }, withTerm);
      } catch (error) {
        return error;
      }
      throw new Error('signed');
    };
    const there = await refusalOf(pool);
    expect(there).toBeInstanceOf(DomainError);
    expect(there).toEqual(await refusalOf(undefined));
    expect(JSON.stringify((there as DomainError).fields)).toContain('madeUpTerm');
  });
});
