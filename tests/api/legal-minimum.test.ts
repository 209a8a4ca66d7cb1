import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../support/scenario-app.js';
import type { Json } from '../support/target.js';
import { opleider } from '../support/test-app.js';

// A job with a legal hbo minimum (issue 9, "How it is checked"): the tweedegraads opleiding Nederlands at
// HAN for a docent at Yuverta. Refused without an override; a diploma the learner typed in herself does not
// help; the opleider's override and its reason are in the route's audit trail and in HAN's.
describe('admission to a legal hbo minimum reads only verified diplomas', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const han = opleider('han');
  const selfTyped = {
    kind: 'diploma',
    title: 'Bachelor Bedrijfskunde',
    issuer: 'Hogeschool Utrecht',
    issuedOn: '1995-07-01',
    level: 'hbo-bachelor',
  };
  const route = (learnerId: string) => ({
    learnerId,
    roleId: s.roleId('yuverta/Docent Nederlands vmbo'),
    qualificationId: s.qualificationId('han/NED-2G'),
    hoursPerWeek: 8,
    startDate: '2027-03-01',
  });

  beforeAll(async () => {
    s = await startScenarioApp();
  }, 60_000);

  it('refuses without an override; a self-typed hbo diploma does not help; the override and its reason are audited', async () => {
    const miranda = await s.enrol('miranda-lm', 'Miranda Jansen', {
      grants: [{ kind: 'institution', id: 'han' }],
      evidence: [selfTyped],
    });
    const refused = await s.t.call('POST', '/routes', { as: han, body: route(miranda.id) });
    expect(refused.status).toBe(422);
    expect(refused.body.title).toBe('Not admitted');
    expect(refused.body.errors[0].path).toBe('body.admissionOverride');
    expect(refused.body.detail).toContain('no diploma with a level');
    expect(refused.body.detail).toContain('legal minimum, which only a verified diploma meets');

    const reason = 'Zij-instroom in het beroep: geschiktheidsonderzoek positief, examencommissie akkoord.';
    const composed = await s.expectStatus(
      s.t.call('POST', '/routes', { as: han, body: { ...route(miranda.id), admissionOverride: { reason } } }),
      201,
    );
    expect(composed.admission).toMatchObject({ admitted: true, basis: 'override' });

    for (const as of [miranda.as, han]) {
      const trail = await s.expectStatus(s.t.call('GET', `/routes/${composed.id}/audit`, { as }), 200);
      expect(trail.items).toContainEqual(
        expect.objectContaining({
          action: 'route.admission-overridden',
          actor: 'opleider:opleider-han',
          resourceType: 'route',
          resourceId: composed.id,
          detail: expect.objectContaining({ version: 1, reason, by: 'opleider:opleider-han' }),
        }),
      );
    }
    const own = await s.expectStatus(s.t.call('GET', '/institutions/han/audit?limit=200', { as: han }), 200);
    expect((own.items as Json[]).filter((e) => e.action === 'route.admission-overridden')).toEqual([
      expect.objectContaining({ resourceId: composed.id, detail: expect.objectContaining({ reason }) }),
    ]);
    for (const as of [opleider('ncoi'), { sub: 'beheer', role: 'admin' } as const])
      expect((await s.t.call('GET', '/institutions/han/audit', { as })).status).toBe(403);
    expect((await s.t.call('GET', `/routes/${composed.id}/audit`, { as: opleider('ncoi') })).status).toBe(
      403,
    );
  });

  it('the same diploma verified by HAN’s opleider meets the legal minimum', async () => {
    const kim = await s.enrol('kim-lm', 'Kim de Wit', {
      grants: [{ kind: 'institution', id: 'han' }],
      verifiedBy: han,
      evidence: [{ ...selfTyped, verified: true }],
    });
    const composed = await s.expectStatus(s.t.call('POST', '/routes', { as: han, body: route(kim.id) }), 201);
    expect(composed.admission).toMatchObject({ admitted: true, basis: 'diploma' });
    expect(composed.admission.explanation).toContain(
      'Bachelor Bedrijfskunde (Hogeschool Utrecht, 1995-07-01, verified by han)',
    );
  });
});
