import { beforeAll, describe, expect, it } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential, credentialContent } from '../../src/credentials/index.js';
import { resumeReissueJobs, runReissueJob, startReissueJob } from '../../src/issuance/reissue-jobs.js';
import { registerInstitution, stackedQualification } from '../support/flow-builders.js';
import { opleider } from '../support/principals.js';
import { type Answer, expectStatus, type Json, type TargetKind, type TestTarget } from '../support/target.js';

const keyOf = (method: string) => method.split('#')[1] as string;

/**
 * Reissuing what an instelling's retired keys signed, as an entry file runs it on one target: over
 * HTTP after a compromise (the job in the background, its progress at its URL), and stopped part-way,
 * resumed and run twice at once through the job's own functions on the same database.
 * @example reissueSuite(sqlite); // src/issuance/reissue-jobs.test.ts
 */
export function reissueSuite(kind: TargetKind) {
  describe(`reissuing what retired keys signed, on ${kind.name}`, () => {
    let t: TestTarget;
    beforeAll(async () => {
      t = await kind.open();
    });

    const documentOf = async (id: string): Promise<Json> => {
      const [row] = await t.query<{ document: string }>('SELECT document FROM credential WHERE id = ?', id);
      return JSON.parse(row?.document ?? 'null');
    };
    const verify = (verifiableCredential: unknown) =>
      t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
    const issue = async (institution: string, options?: Json, issuer?: string) => {
      const credential = buildModuleCredential(sampleInput(t.deps, institution));
      if (issuer) credential.issuer = { ...(credential.issuer as object), id: issuer };
      const res = await expectStatus(
        t.call('POST', '/credentials/issue', {
          as: opleider(institution),
          body: { credential, ...(options ? { options } : {}) },
        }),
        201,
      );
      return res.verifiableCredential as Json;
    };
    /** Reads the job at its URL until it is done (it runs after the 202); fails if it never is. */
    const finished = async (location: string, institution: string) => {
      for (let polls = 0; polls < 400; polls++) {
        const job = await expectStatus(t.call('GET', location, { as: opleider(institution) }), 200);
        if (job.state === 'done') return job;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`the job at ${location} did not finish`);
    };

    it('after a compromise, signs everything the key signed again with the active key: same id, claims and status entry', async () => {
      const stack = await stackedQualification(t, 'hogeschool', 'academie');
      await stack.recognise();
      const clr = (await expectStatus(stack.award(), 201)).verifiableCredential;
      const [partnerPart, ownPart] = stack.parts as [Json, Json];
      const jwt = await issue('hogeschool', { format: 'vc+jwt' });
      const revoked = await issue('hogeschool');
      await expectStatus(
        t.call('POST', `/credentials/${encodeURIComponent(revoked.id)}/revoke`, {
          as: stack.school,
          body: { reason: 'Ten onrechte uitgegeven.' },
        }),
        200,
      );
      const old = keyOf(clr.proof.verificationMethod);
      const underDidKey = await issue('hogeschool', undefined, `did:key:${old}`);
      await expectStatus(
        t.call('POST', `/institutions/hogeschool/issuer-keys/${old}/compromise`, { as: stack.school }),
        200,
      );
      for (const vc of [clr, jwt, ownPart]) expect((await verify(vc)).status).toBe(422);

      // Only the instelling's own opleider (or an admin) may, and only for keys it retired.
      const start = (as = stack.school, body?: Json): Promise<Answer> =>
        t.call('POST', '/institutions/hogeschool/reissue-jobs', { as, ...(body ? { body } : {}) });
      expect((await start(opleider('academie'))).status).toBe(403);
      const active = (await expectStatus(t.call('GET', '/institutions/hogeschool/did.json'), 200))
        .assertionMethod[0] as string;
      const unknown = await start(stack.school, { keys: ['z6MkNoSuchKey', keyOf(active)] });
      expect(unknown.status, unknown.text).toBe(422);
      expect(unknown.body.errors.map((e: Json) => e.message)).toEqual([
        "'z6MkNoSuchKey' is not a retired issuer key of 'hogeschool'",
        `'${keyOf(active)}' is not a retired issuer key of 'hogeschool'`,
      ]);

      const started = await start();
      expect(started.status, started.text).toBe(202);
      // Its own part, the VC-JWT and the CLR; not the revoked one, nor the one issued under the did:key.
      expect(started.body).toMatchObject({ kind: 'reissue', keys: [old], total: 3 });
      const location = started.headers.get('location') ?? '';
      expect(location).toBe(`/institutions/hogeschool/reissue-jobs/${started.body.id}`);
      const job = await finished(location, 'hogeschool');
      expect(job).toMatchObject({ total: 3, done: 3, failed: 0, failures: [] });

      const reissued = await documentOf(ownPart.id);
      for (const [before, after] of [
        [ownPart, reissued],
        [clr, await documentOf(clr.id)],
      ] as [Json, Json][]) {
        const { proof: oldProof, ...claims } = before;
        const { proof, ...same } = after;
        expect(proof.verificationMethod).toBe(active);
        expect(oldProof.verificationMethod).not.toBe(active);
        if (before !== clr) expect(same).toEqual(claims);
        expect(same.credentialStatus).toEqual(claims.credentialStatus);
        expect((await verify(after)).status).toBe(200);
      }
      // The CLR embeds the reissued part; the partner's part is as it was.
      const embedded = (await documentOf(clr.id)).credentialSubject.verifiableCredential;
      expect(embedded).toEqual([partnerPart, reissued]);
      const jwtId = credentialContent(jwt).id as string;
      const newJwt = await documentOf(jwtId);
      expect(newJwt.id).not.toBe(jwt.id);
      expect(credentialContent(newJwt)).toMatchObject({
        id: jwtId,
        credentialStatus: credentialContent(jwt).credentialStatus,
      });
      expect((await verify(newJwt)).status).toBe(200);

      // Nothing lost: each item keeps the document it replaced.
      const previous = await t.query<{ credential_id: string; previous_document: string }>(
        'SELECT credential_id, previous_document FROM reissue_job_item WHERE job_id = ?',
        job.id,
      );
      const before = new Map(previous.map((p) => [p.credential_id, JSON.parse(p.previous_document)]));
      expect(before.get(ownPart.id)).toEqual(ownPart);
      expect(before.get(clr.id)).toEqual(clr);
      expect(before.get(jwtId)).toEqual(jwt);
      expect(await documentOf(underDidKey.id)).toEqual(underDidKey);
      expect(await documentOf(revoked.id)).toEqual(revoked);

      const list = await expectStatus(
        t.call('GET', '/institutions/hogeschool/reissue-jobs', { as: stack.school }),
        200,
      );
      expect(list.items.map((j: Json) => j.id)).toEqual([job.id]);
      // Done: a second reissue finds nothing left.
      const again = await start();
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ state: 'done', total: 0, done: 0 });
      expect(
        (await t.call('GET', location, { as: opleider('academie') })).status,
        'another instelling reads nothing of it',
      ).toBe(403);
    });

    it('stopped part-way, resumed and run twice at once, reissues each credential once, from the document its retired key signed', async () => {
      await registerInstitution(t, 'rivier');
      const rivier = opleider('rivier');
      const issued = [];
      for (let i = 0; i < 4; i++) issued.push(await issue('rivier'));
      const old = keyOf(issued[0].proof.verificationMethod);
      await expectStatus(t.call('POST', '/institutions/rivier/issuer-keys/rotate', { as: rivier }), 200);

      // Two starts at once: one job, and a conflict naming it.
      const started = await Promise.allSettled([
        startReissueJob(t.deps, rivier, 'rivier'),
        startReissueJob(t.deps, rivier, 'rivier'),
      ]);
      const [job] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const refused = started.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
      if (!job) throw new Error(`neither start made a job: ${refused.join('; ')}`);
      expect(job).toMatchObject({ state: 'running', total: 4, done: 0 });
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ kind: 'conflict', detail: expect.stringContaining(job.id) });
      const stop = new AbortController();
      const stopped = await runReissueJob(t.deps, job.id, {
        batchSize: 1,
        concurrency: 1,
        signal: stop.signal,
        onProgress: () => stop.abort(),
      });
      expect(stopped).toMatchObject({ state: 'running', total: 4, done: 1 });
      const busy = await t.call('POST', '/institutions/rivier/reissue-jobs', { as: rivier });
      expect(busy.status).toBe(409);
      expect(busy.body.detail).toContain(job.id);

      // Two runners at once, on clocks an hour apart, so that their proofs differ.
      const at = (time: string) => ({ ...t.deps, now: () => new Date(`2026-11-22T${time}:00.000Z`) });
      const [one, other] = await Promise.all([
        runReissueJob(at('10:00'), job.id, { batchSize: 1 }),
        resumeReissueJobs(at('11:00'), { batchSize: 1 }),
      ]);
      expect(one).toMatchObject({ state: 'done', total: 4, done: 4, failed: 0 });
      expect(other.find((p) => p.id === job.id)).toMatchObject({ state: 'done', done: 4 });

      // Signed again once: each replaced document is the one signed by the retired key, and the stored
      // one is the proof of the runner that marked its item, never overwritten by the other's.
      const items = await t.query<{ credential_id: string; previous_document: string; reissued_at: string }>(
        'SELECT credential_id, previous_document, reissued_at FROM reissue_job_item WHERE job_id = ? ORDER BY credential_id',
        job.id,
      );
      expect(items.map((i) => i.credential_id)).toEqual(issued.map((vc) => vc.id).sort());
      for (const item of items) {
        const previous = JSON.parse(item.previous_document);
        expect(keyOf(previous.proof.verificationMethod)).toBe(old);
        const now = await documentOf(item.credential_id);
        expect(keyOf(now.proof.verificationMethod)).not.toBe(old);
        expect(Date.parse(now.proof.created)).toBe(Date.parse(item.reissued_at));
        expect((await verify(now)).status).toBe(200);
      }
    });

    it('fails a credential it cannot sign again on its own, names it in the progress, and reissues the rest', async () => {
      await registerInstitution(t, 'polder');
      const polder = opleider('polder');
      const issued = [];
      for (let i = 0; i < 3; i++) issued.push(await issue('polder'));
      await expectStatus(t.call('POST', '/institutions/polder/issuer-keys/rotate', { as: polder }), 200);
      const job = await startReissueJob(t.deps, polder, 'polder');
      expect(job).toMatchObject({ total: 3, done: 0, failed: 0 });

      // One stored document damaged after the job chose it: its contexts are gone, so it cannot be
      // canonicalised to be signed again.
      const damaged = issued[1].id as string;
      const { '@context': _context, ...rest } = issued[1];
      await t.deps.db.kysely
        .updateTable('credential')
        .set({ document: JSON.stringify(rest) })
        .where('id', '=', damaged)
        .execute();

      const progress = await runReissueJob(t.deps, job.id, { batchSize: 1 });
      expect(progress).toMatchObject({ state: 'done', total: 3, done: 2, failed: 1 });
      expect(progress.failures).toEqual([{ credentialId: damaged, error: expect.any(String) }]);
      expect(await documentOf(damaged)).toEqual(rest);
      for (const vc of [issued[0], issued[2]]) {
        const now = await documentOf(vc.id);
        expect(now.proof.verificationMethod).not.toBe(vc.proof.verificationMethod);
        expect((await verify(now)).status).toBe(200);
      }
      const read = await expectStatus(
        t.call('GET', `/institutions/polder/reissue-jobs/${job.id}`, { as: polder }),
        200,
      );
      expect(read).toMatchObject({ done: 2, failed: 1, failures: progress.failures });
    });
  });
}
