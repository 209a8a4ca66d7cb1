import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';

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
