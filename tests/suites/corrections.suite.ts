import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider, praktijkopleider } from '../support/principals.js';
import { openScenario, type Scenario } from '../support/scenario.js';
import type { Json, TargetKind } from '../support/target.js';

type Recorded = {
  signoff: { id: string; supersedes?: string };
  module: { moduleId: string; completed: boolean; recordedInRoute: boolean; missing: string[] };
};
type StoredCredential = { id: string; moduleId: string; status: string; verifiableCredential: Json };
type RouteRead = {
  status: string;
  plan: { items: { moduleId: string; code: string; status: string }[] };
  change: { facts: Json; reason?: string; by: string };
};

const WRONG_DAY = 'Bij navraag bleek de toets op een andere cliënt te zijn afgenomen; opnieuw toetsen.';

/**
 * A sign-off corrected after its module's credential was issued, through the API: the credential is
 * suspended with the correction's reason and reinstated (the same one) once the module is passed
 * again, unless someone changed its status since. Status is read as a verifier reads it. Runs on Node
 * with SQLite (src/signoffs/correction-after-issue.test.ts) and on workerd with D1
 * (tests/workers/corrections.test.ts).
 * @example correctionsSuite(sqlite);
 */
export function correctionsSuite(kind: TargetKind) {
  describe(`a correction after the credential was issued (${kind.name})`, () => {
    let s: Scenario;
    beforeAll(async () => {
      s = await openScenario(await kind.open(), kind.fixtures());
    }, 30_000);

    const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    const school = opleider('de-hoven');
    /** A mantelzorger's agreed route at De Hoven (three micro-modules of one outcome each). */
    const route = async (sub: string) =>
      (
        await s.agreedRoute({
          sub,
          institution: 'de-hoven',
          employer: 'de-hoven',
          role: 'de-hoven/Zorgondersteuner / mantelzorger',
          assessors: ['pol-de-hoven-1'],
        })
      ).routeId;
    /** Gerrit signs off DH-LU-WAK (wassen, aankleden en kammen), the one outcome of DH-WAK. */
    const signOff = async (routeId: string, body: object): Promise<Recorded> =>
      s.expectStatus(
        s.t.call('POST', `/routes/${routeId}/signoffs`, {
          as: gerrit,
          body: {
            outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
            result: 'passed',
            date: '2026-11-20',
            evidence: [{ kind: 'text', text: 'Observatie bij mevrouw De Vries thuis.' }],
            ...body,
          },
        }),
        201,
      );
    const readRoute = async (routeId: string): Promise<RouteRead> =>
      s.expectStatus(s.t.call('GET', `/routes/${routeId}`, { as: school }), 200);
    const credentials = async (routeId: string): Promise<StoredCredential[]> =>
      (await s.expectStatus(s.t.call('GET', `/routes/${routeId}/credentials`, { as: school }), 200)).items;
    /** What a verifier sees of a credential's status: the status check of `POST /credentials/verify`. */
    const statusCheck = async (credential: StoredCredential): Promise<{ ok: boolean; message?: string }> => {
      const answer = await s.t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: credential.verifiableCredential },
      });
      return answer.body.checks.find((c: { check: string }) => c.check === 'status');
    };
    /** The credential's status changes as the audit holds them, in order. */
    const statusEvents = async (credentialId: string) =>
      (
        await s.t.query<{ action: string; actor: string; detail: string }>(
          "SELECT action, actor, detail FROM audit_event WHERE resource_type = 'credential' AND resource_id = ? AND action <> 'credential.issued' ORDER BY rowid",
          credentialId,
        )
      ).map((e) => ({ action: e.action, actor: e.actor, detail: JSON.parse(e.detail) }));
    const byHand = (credential: StoredCredential, change: string, reason: string) =>
      s.expectStatus(
        s.t.call('POST', `/credentials/${encodeURIComponent(credential.id)}/${change}`, {
          as: school,
          body: { reason },
        }),
        200,
      );
    /** Passed, then corrected to 'not-yet': what every case starts from. Answers the credential and the correction. */
    async function passedThenCorrected(routeId: string, reason = WRONG_DAY) {
      const passed = await signOff(routeId, {});
      expect(passed.module.completed).toBe(true);
      const [credential] = await credentials(routeId);
      if (!credential) throw new Error('no credential was issued for DH-WAK');
      expect(credential.status).toBe('active');
      expect((await statusCheck(credential)).ok).toBe(true);
      const correction = await signOff(routeId, {
        result: 'not-yet',
        date: '2026-11-21',
        supersedes: passed.signoff.id,
        reason,
      });
      return { credential, correction };
    }

    it('suspends the credential of a module a correction takes back, and reinstates that same one once it is passed again', async () => {
      const routeId = await route('corr-ria');
      const { credential, correction } = await passedThenCorrected(routeId);
      // The sign-offs no longer complete the module, and the route takes its completion back: planned
      // again, with the correction's reason.
      const taken = { moduleId: credential.moduleId, completed: false, recordedInRoute: false };
      expect(correction.module).toMatchObject({ ...taken, missing: [s.outcomeId('de-hoven', 'DH-LU-WAK')] });
      const planned = await readRoute(routeId);
      expect(planned.plan.items.find((i) => i.moduleId === credential.moduleId)?.status).toBe('planned');
      expect(planned.change).toMatchObject({
        facts: { kind: 'completion-withdrawn', code: 'DH-WAK' },
        reason: WRONG_DAY,
        by: 'praktijkopleider:pol-de-hoven-1',
      });
      const listed = await s.expectStatus(
        s.t.call('GET', `/routes/${routeId}/signoffs`, { as: school }),
        200,
      );
      expect(listed.modules).toContainEqual(expect.objectContaining(taken));

      expect((await credentials(routeId)).map((c) => [c.id, c.status])).toEqual([
        [credential.id, 'suspended'],
      ]);
      const suspended = await statusCheck(credential);
      expect(suspended.ok, JSON.stringify(suspended)).toBe(false);
      expect(suspended.message).toMatch(/suspended/);
      expect(await statusEvents(credential.id)).toEqual([
        {
          action: 'credential.suspended',
          actor: 'praktijkopleider:pol-de-hoven-1',
          detail: expect.objectContaining({ reason: WRONG_DAY, correction: correction.signoff.id }),
        },
      ]);

      const again = await signOff(routeId, { date: '2026-11-22' });
      expect(again.module).toMatchObject({ completed: true, recordedInRoute: true });
      const completedAgain = await readRoute(routeId);
      expect(completedAgain.plan.items.find((i) => i.moduleId === credential.moduleId)?.status).toBe(
        'completed',
      );
      expect(completedAgain.change.facts).toEqual({
        kind: 'module-completed',
        code: 'DH-WAK',
        on: '2026-11-22',
      });
      expect((await credentials(routeId)).map((c) => [c.id, c.status])).toEqual([[credential.id, 'active']]);
      expect((await statusCheck(credential)).ok).toBe(true);
      expect((await statusEvents(credential.id)).map((e) => [e.action, e.detail.correction])).toEqual([
        ['credential.suspended', correction.signoff.id],
        ['credential.reinstated', correction.signoff.id],
      ]);

      // Settled: a reconcile finds nothing to issue, suspend or reinstate.
      const before = await s.t.rowCounts();
      await s.expectStatus(s.t.call('POST', `/routes/${routeId}/signoffs/reconcile`, { as: school }), 200);
      expect(await s.t.rowCounts()).toEqual(before);
    });

    it('makes a completed route active again when a correction takes one of its modules back, and completed once it is passed again', async () => {
      const routeId = await route('corr-whole-route');
      for (const code of ['DH-LU-VOE', 'DH-LU-STK'])
        await signOff(routeId, { outcomeId: s.outcomeId('de-hoven', code) });
      const passed = await signOff(routeId, {});
      expect((await readRoute(routeId)).status).toBe('completed');
      await signOff(routeId, {
        result: 'not-yet',
        date: '2026-11-21',
        supersedes: passed.signoff.id,
        reason: WRONG_DAY,
      });
      expect((await readRoute(routeId)).status).toBe('active');
      await signOff(routeId, { date: '2026-11-22' });
      expect((await readRoute(routeId)).status).toBe('completed');
    });

    it('takes back only a completion a correction took a pass from, not one the opleider recorded', async () => {
      const routeId = await route('corr-manual');
      const notYet = await signOff(routeId, { result: 'not-yet' });
      await signOff(routeId, {
        result: 'not-yet',
        date: '2026-11-21',
        supersedes: notYet.signoff.id,
        reason: 'De datum was verkeerd overgenomen.',
      });
      const moduleId = notYet.module.moduleId;
      await s.expectStatus(
        s.t.call('PATCH', `/routes/${routeId}`, {
          as: school,
          body: { operations: [{ op: 'record-completion', moduleId, completedOn: '2026-11-25' }] },
        }),
        200,
      );
      const reconciled = await s.expectStatus(
        s.t.call('POST', `/routes/${routeId}/signoffs/reconcile`, { as: school }),
        200,
      );
      expect(reconciled.withdrawn).toEqual([]);
      expect((await readRoute(routeId)).plan.items.find((i) => i.moduleId === moduleId)?.status).toBe(
        'completed',
      );
    });

    it('leaves revoked a credential the opleider revoked after the correction, when the module is passed again', async () => {
      const routeId = await route('corr-sem');
      const { credential } = await passedThenCorrected(routeId);
      expect((await credentials(routeId))[0]?.status).toBe('suspended');
      await byHand(credential, 'revoke', 'Ingetrokken na onderzoek van de examencommissie.');
      await signOff(routeId, { date: '2026-11-22' });
      expect((await credentials(routeId)).map((c) => [c.id, c.status])).toEqual([[credential.id, 'revoked']]);
      expect((await statusCheck(credential)).message).toMatch(/revoked/);
    });

    it("keeps in the route's audit trail what was done to its credential and why, not the learner's sharing of it", async () => {
      const routeId = await route('corr-trail');
      const { credential } = await passedThenCorrected(routeId);
      const revoked = 'Ingetrokken na onderzoek van de examencommissie.';
      await byHand(credential, 'revoke', revoked);
      const path = `/credentials/${encodeURIComponent(credential.id)}/shares`;
      await s.expectStatus(s.t.call('POST', path, { as: learner('corr-trail') }), 201);

      const trail = await s.expectStatus(s.t.call('GET', `/routes/${routeId}/audit`, { as: school }), 200);
      const ofCredentials = (trail.items as Json[]).filter((e) => e.resourceType === 'credential');
      // The test clock stands still: events of one instant come in the order they were written.
      expect(ofCredentials).toEqual([
        expect.objectContaining({
          action: 'credential.issued',
          resourceId: credential.id,
          detail: { route: routeId, module: credential.moduleId },
        }),
        expect.objectContaining({
          action: 'credential.suspended',
          actor: 'praktijkopleider:pol-de-hoven-1',
          resourceId: credential.id,
          detail: expect.objectContaining({ reason: WRONG_DAY }),
        }),
        expect.objectContaining({
          action: 'credential.revoked',
          actor: 'opleider:opleider-de-hoven',
          resourceId: credential.id,
          detail: expect.objectContaining({ reason: revoked }),
        }),
      ]);
      // One event a page: the cursor carries the position, and no event is skipped or repeated.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '1', ...(cursor ? { cursor } : {}) });
        const page = await s.expectStatus(
          s.t.call('GET', `/routes/${routeId}/audit?${query}`, { as: school }),
          200,
        );
        paged.push(...(page.items as Json[]).map((e) => String(e.action)));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual((trail.items as Json[]).map((e) => String(e.action)));
    });

    it('leaves suspended a credential the opleider suspended by hand, when the module is passed again', async () => {
      const routeId = await route('corr-ton');
      const passed = await signOff(routeId, {});
      const [credential] = await credentials(routeId);
      if (!credential) throw new Error('no credential was issued for DH-WAK');
      await byHand(credential, 'suspend', 'Onderzoek naar de beoordeling loopt.');
      await signOff(routeId, {
        result: 'not-yet',
        date: '2026-11-21',
        supersedes: passed.signoff.id,
        reason: WRONG_DAY,
      });
      await signOff(routeId, { date: '2026-11-22' });
      expect((await credentials(routeId))[0]?.status).toBe('suspended');
      expect((await statusEvents(credential.id)).map((e) => [e.action, e.detail.reason])).toEqual([
        ['credential.suspended', 'Onderzoek naar de beoordeling loopt.'],
      ]);
    });

    it('refuses to reinstate by hand a credential whose module a correction took back; correcting the correction does', async () => {
      const routeId = await route('corr-ans');
      const { credential, correction } = await passedThenCorrected(routeId);
      const refused = await s.t.call('POST', `/credentials/${encodeURIComponent(credential.id)}/reinstate`, {
        as: school,
        body: { reason: 'De opleider besluit dat het credential blijft gelden.' },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain(WRONG_DAY);
      expect(refused.body.detail).toMatch(/valid again once the module is passed again/);
      expect((await credentials(routeId))[0]?.status).toBe('suspended');

      // The correction itself was wrong: correcting it back to a pass makes the same credential valid.
      const undone = await signOff(routeId, {
        date: '2026-11-20',
        supersedes: correction.signoff.id,
        reason: 'De correctie hoorde bij een andere lerende.',
      });
      expect(undone.module.completed).toBe(true);
      expect((await credentials(routeId))[0]?.status).toBe('active');
      expect((await statusEvents(credential.id)).at(-1)).toMatchObject({
        action: 'credential.reinstated',
        detail: { correction: correction.signoff.id },
      });
    });
  });
}
