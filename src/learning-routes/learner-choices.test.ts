import { beforeAll, describe, expect, it } from 'vitest';
import { opleider, praktijkopleider, werkgever } from '../../tests/support/principals.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { startSession } from '../web-auth/index.js';

// What a learner decides about their data reaches their routes. Planning reads the learner's profile and
// evidence: once the learner withdraws the instelling's grant, its opleider can no longer replan or adjust
// their route (as composing and previewing are refused), while the learner's own pause goes on. A learner
// who erases their data ends their routes: every reader sees `ended`, and nothing more is approved,
// signed off, assigned, paused or changed on them (a conflict each, with nothing written). Over HTTP on
// SQLite with the scenario fixtures.
describe("a learner's choices about their data, on their routes", () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let t: Awaited<ReturnType<typeof startScenarioApp>>['t'];

  beforeAll(async () => {
    s = await startScenarioApp();
    t = s.t;
  }, 60_000);

  it('after the grant is withdrawn: refuses the opleider’s replan and adjustment with 403, changing nothing; the learner still pauses', async () => {
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

  it('after erasure: the route reads ended, and every change is refused as a conflict', async () => {
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
      t.call('POST', `${path}/signoffs/reconcile`, { as: pol }),
    ]);
    for (const answer of refused) {
      expect(answer.status, answer.text).toBe(409);
      expect(answer.body.detail).toMatch(/has ended: its learner erased their data/);
    }
    expect(await t.target.rowCounts()).toEqual(before);

    // The team page and the sign-off page say so, and offer nothing to approve, assign or sign off.
    const pageAs = async (path: string, principal: typeof pol, name: string) => {
      const { token } = await startSession(t.deps, { principal, name }, 60);
      const page = await t.app.request(path, { headers: { cookie: `loopbrug-session=${token}` } });
      expect(page.status).toBe(200);
      return page.text();
    };
    const team = await pageAs(`/pages/routes/${routeId}/team`, werkgever('ksu'), 'Personeelszaken KSU');
    expect(team).toContain('Deze route is beëindigd');
    expect(team).not.toMatch(/goedkeuren<\/button>|name="assessorId"|de route is afgesproken/);
    const signoff = await pageAs(`/pages/routes/${routeId}/sign-off`, pol, 'Praktijkopleider KSU');
    expect(signoff).toContain('Deze route is beëindigd');
    expect(signoff).not.toMatch(/aftekenen<\/a>/);
  });
});
