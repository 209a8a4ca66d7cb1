import { beforeAll, describe, expect, it } from 'vitest';
import { opleider } from '../../tests/support/principals.js';
import { openScenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// Planning reads the learner's profile and evidence. Once the learner withdraws the instelling's grant,
// its opleider can no longer replan or adjust their route (as composing and previewing are refused),
// and nothing of the profile written since reaches a new version. The learner's own pause goes on.
describe('a route after the learner withdrew the instelling’s grant', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Awaited<ReturnType<typeof openScenario>>;

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
  }, 60_000);

  it('refuses the opleider’s replan and adjustment with 403, changing nothing; the learner still pauses', async () => {
    const { routeId, learner } = await s.agreedRoute({
      sub: 'willem-intrekking',
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
      startDate: '2027-01-04',
    });
    const path = `/routes/${routeId}`;
    const route = await s.expectStatus(t.call('GET', path, { as: opleider('loi') }), 200);
    const grants = await s.expectStatus(
      t.call('GET', `/learners/${learner.id}/grants`, { as: learner.as }),
      200,
    );
    const grant = grants.items.find((g: { grantee: { id: string } }) => g.grantee.id === 'loi');
    await s.expectStatus(
      t.call('POST', `/learners/${learner.id}/grants/${grant.id}/withdraw`, { as: learner.as }),
      200,
    );
    const before = await t.target.rowCounts();

    const replanned = await t.call('POST', `${path}/replan`, {
      as: opleider('loi'),
      body: { hoursPerWeek: 12, reason: 'Na het intrekken van de toestemming' },
    });
    expect(replanned.status).toBe(403);
    expect(replanned.body.detail).toMatch(/has not granted you access to their profile/);
    const last = route.plan.items.filter((i: { status: string }) => i.status === 'planned').at(-1);
    const adjusted = await t.call('PATCH', path, {
      as: opleider('loi'),
      body: { operations: [{ op: 'remove', moduleId: last.moduleId }] },
    });
    expect(adjusted.status).toBe(403);
    expect(await t.target.rowCounts()).toEqual(before);

    const paused = await s.expectStatus(
      t.call('POST', `${path}/pause`, { as: learner.as, body: { from: '2027-07-01', until: '2027-08-15' } }),
      200,
    );
    expect(paused.version).toBe(route.version + 1);
  });
});
