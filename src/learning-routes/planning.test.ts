import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../../tests/support/scenario.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { TEST_NOW } from '../../tests/support/target.js';
import { opleider, startTestApp } from '../../tests/support/test-app.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

describe('planning on the cached published catalog', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  beforeAll(async () => {
    s = await startScenarioApp();
  }, 30_000);

  it('plans with a newly published version at once, and never with a draft', async () => {
    const sanne = await s.enrol('sanne', 'Sanne Vos', { grants: [{ kind: 'institution', id: 'roc-rivor' }] });
    const rivor = opleider('roc-rivor');
    const body = {
      learnerId: sanne.id,
      roleId: s.roleId('sante/Helpende plus'),
      hoursPerWeek: 8,
      startDate: '2027-02-01',
    };
    const weeksOf = async () => {
      const res = await s.t.call('POST', '/routes/preview', { as: rivor, body });
      expect(res.status).toBe(200);
      return res.body.plan.items.find((i: { code: string }) => i.code === 'VIG-OBS').weeks as number;
    };
    const before = await weeksOf();
    const id = s.moduleId('roc-rivor/VIG-OBS');
    const hours = (await s.t.call('GET', `/modules/${id}`, { as: rivor })).body.studyLoad.hours as number;

    await s.t.call('PATCH', `/modules/${id}`, { as: rivor, body: { studyLoad: { hours: hours * 3 } } });
    expect(await weeksOf()).toBe(before);
    await s.t.call('POST', `/modules/${id}/publish`, { as: rivor });
    expect(await weeksOf()).toBe(Math.ceil((hours * 3) / 8));
  });

  it('counts onboarding from the day the route starts, not from a start date long past', async () => {
    const piet = await s.enrol('piet', 'Piet de Wit', { grants: [{ kind: 'institution', id: 'roc-rivor' }] });
    const preview = async (startDate: string) => {
      const res = await s.t.call('POST', '/routes/preview', {
        as: opleider('roc-rivor'),
        body: { learnerId: piet.id, roleId: s.roleId('sante/Helpende plus'), hoursPerWeek: 8, startDate },
      });
      expect(res.status).toBe(200);
      return res.body as { onboarding: { startDate: string; days: number }; plan: { routeStart: string } };
    };
    const today = s.t.deps.now().toISOString().slice(0, 10);
    const [past, now] = [await preview('1900-01-01'), await preview(today)];
    expect(past.plan.routeStart).toBe(today);
    expect(past.onboarding).toEqual(now.onboarding);
    expect(past.onboarding.startDate).toBe(today);
  });
});

describe('a route composed with a start date in the past', () => {
  it('starts the day it is composed, and every later version counts onboarding from that day', async () => {
    let now = new Date(TEST_NOW);
    const t = await startTestApp({ now: () => now });
    const s = await openScenario(t.target, readFixtureFiles());
    const piet = await s.enrol('piet', 'Piet de Wit', { grants: [{ kind: 'institution', id: 'roc-rivor' }] });
    const rivor = opleider('roc-rivor');
    const composed = await s.expectStatus(
      t.call('POST', '/routes', {
        as: rivor,
        body: {
          learnerId: piet.id,
          roleId: s.roleId('sante/Helpende plus'),
          hoursPerWeek: 8,
          startDate: '2026-09-01',
        },
      }),
      201,
    );
    const day = TEST_NOW.slice(0, 10);
    expect(composed.startDate).toBe(day);
    expect(composed.onboarding.startDate).toBe(day);
    const listed = await s.expectStatus(t.call('GET', `/routes?learner=${piet.id}`, { as: rivor }), 200);
    expect(listed.items[0].startDate).toBe(day);

    // Thirty days on, a replan plans from that day, and onboarding still counts from the route's start.
    now = new Date(now.getTime() + 30 * 86_400_000);
    const replanned = await s.expectStatus(
      t.call('POST', `/routes/${composed.id}/replan`, {
        as: rivor,
        body: { reason: 'Catalogus bijgewerkt' },
      }),
      200,
    );
    expect(replanned.plan.routeStart).toBe(now.toISOString().slice(0, 10));
    expect(replanned.onboarding.startDate).toBe(day);
    const expected = Math.round((Date.parse(replanned.plan.independentFrom) - Date.parse(day)) / 86_400_000);
    expect(replanned.onboarding.days).toBe(expected);
  });
});
