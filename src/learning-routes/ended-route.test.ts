import { beforeAll, describe, expect, it } from 'vitest';
import { opleider, praktijkopleider, werkgever } from '../../tests/support/principals.js';
import { openScenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { startSession } from '../web-auth/index.js';

// A learner who erases their data ends their routes: every reader sees `ended`, and nothing more is
// approved, signed off, assigned, paused or changed on them (a conflict each, with nothing written).
// Over HTTP on SQLite with the scenario fixtures.
describe('the routes of a learner who erased their data', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Awaited<ReturnType<typeof openScenario>>;

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
  }, 60_000);

  it('reads ended, and refuses every change as a conflict', async () => {
    const pol = praktijkopleider('ksu', 'pol-ksu-2');
    const { routeId, learner } = await s.agreedRoute({
      sub: 'willem-wist',
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
      startDate: '2026-11-23',
    });
    const path = `/routes/${routeId}`;
    const route = await s.expectStatus(t.call('GET', path, { as: opleider('loi') }), 200);
    await s.expectStatus(t.call('DELETE', `/learners/${learner.id}`, { as: learner.as }), 200);

    for (const as of [opleider('loi'), werkgever('ksu'), pol]) {
      expect((await s.expectStatus(t.call('GET', path, { as }), 200)).status).toBe('ended');
      const listed = await s.expectStatus(t.call('GET', '/routes', { as }), 200);
      expect(listed.items.find((r: { id: string }) => r.id === routeId)?.status).toBe('ended');
    }

    const before = await t.target.rowCounts();
    const planned = route.plan.items.find((i: { status: string }) => i.status === 'planned');
    const outcomeOf = s.outcomeId('loi', 'LOI-OA-LU1');
    const refused = await Promise.all([
      t.call('POST', `${path}/approvals`, { as: werkgever('ksu') }),
      t.call('POST', `${path}/signoffs`, {
        as: pol,
        body: {
          outcomeId: outcomeOf,
          result: 'passed',
          date: '2026-11-21',
          evidence: [{ kind: 'text', text: 'Gezien in de klas.' }],
        },
      }),
      t.call('POST', `${path}/assessors`, {
        as: werkgever('ksu'),
        body: { assessorId: s.assessorId('pol-ksu-1') },
      }),
      t.call('POST', `${path}/pause`, {
        as: opleider('loi'),
        body: { from: '2027-07-01', until: '2027-08-15' },
      }),
      t.call('PATCH', path, {
        as: opleider('loi'),
        body: { operations: [{ op: 'remove', moduleId: planned.moduleId }] },
      }),
      t.call('POST', `${path}/replan`, { as: opleider('loi'), body: { hoursPerWeek: 12 } }),
    ]);
    for (const answer of refused) {
      expect(answer.status, answer.text).toBe(409);
      expect(answer.body.detail).toMatch(/has ended: its learner erased their data/);
    }
    expect(await t.target.rowCounts()).toEqual(before);

    // The team page says so, and offers no approval or assignment.
    const { token } = await startSession(
      t.deps,
      { principal: werkgever('ksu'), name: 'Personeelszaken KSU' },
      60,
    );
    const page = await t.app.request(`/pages/routes/${routeId}/team`, {
      headers: { cookie: `loopbrug-session=${token}` },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Deze route is beëindigd');
    expect(html).not.toMatch(/goedkeuren<\/button>|name="assessorId"/);
  });
});
