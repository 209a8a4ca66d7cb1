import { describe, expect, it } from 'vitest';
import { call } from './worker-client.js';

const admin = { role: 'admin' };
const dehoven = { role: 'opleider', institution: 'de-hoven' };
const mantelzorger = { role: 'learner', sub: 'ria' };

describe('a learner and her route on workerd with D1', () => {
  it('enrols, grants, is planned the micro-modules of De Hoven, and the three parties agree', async () => {
    await call('POST', '/institutions', admin, {
      id: 'de-hoven',
      name: 'De Hoven Leerhuis',
      kind: 'company',
      qualityAssurance: 'Interne kwaliteitszorg',
    });
    await call('POST', '/employers', admin, {
      id: 'de-hoven',
      name: 'De Hoven',
      sector: 'zorg',
      locations: [{ id: 'groningen', name: 'De Hoven Groningen', city: 'Groningen' }],
    });
    const fw = await call('POST', '/frameworks', admin, {
      uri: 'https://id.loopbrug.nl/eigen/zorgtaken',
      title: 'Zorgtaken De Hoven',
      kind: 'eigen',
    });
    const tasks = ['wassen-aankleden-kammen', 'voeding', 'steunkousen'];
    for (const task of tasks) {
      const uri = `https://id.loopbrug.nl/eigen/zorgtaken/${task}`;
      await call('POST', '/competencies', admin, { frameworkId: fw.body.id, uri, title: task });
      const outcome = await call('POST', '/learning-outcomes', dehoven, {
        code: `LO-${task}`,
        title: task,
        description: `Voert ${task} veilig uit.`,
        competencies: [uri],
        assessmentMethod: 'observatie',
      });
      const module = await call('POST', '/modules', dehoven, {
        code: `DH-${task}`,
        title: task,
        description: '2 × 2 uur, beoordeeld door een begeleider.',
        outcomes: [outcome.body.id],
        studyLoad: { hours: 4 },
        deliveryModes: ['op-locatie'],
        startPattern: { kind: 'continuous' },
        price: { amountCents: 0 },
      });
      expect((await call('POST', `/modules/${module.body.id}/publish`, dehoven)).status).toBe(200);
    }
    const role = await call('POST', '/roles', admin, {
      employerId: 'de-hoven',
      title: 'Mantelzorger',
      requirements: tasks.map((t) => ({
        competency: `https://id.loopbrug.nl/eigen/zorgtaken/${t}`,
        priority: 'essential',
      })),
    });

    const learner = await call('POST', '/learners', mantelzorger, {
      name: 'Ria Hoekstra',
      email: 'ria@example.nl',
    });
    expect(learner.status).toBe(201);
    const body = {
      learnerId: learner.body.id,
      roleId: role.body.id,
      hoursPerWeek: 4,
      startDate: '2026-12-07',
    };
    expect((await call('POST', '/routes/preview', dehoven, body)).status).toBe(403);
    await call('POST', `/learners/${learner.body.id}/grants`, mantelzorger, {
      grantee: { kind: 'institution', id: 'de-hoven' },
      scope: ['profile'],
    });

    const route = await call('POST', '/routes', dehoven, body);
    expect(route.status).toBe(201);
    expect(route.body.plan.items.map((i: { code: string }) => i.code).sort()).toEqual(
      tasks.map((t) => `DH-${t}`).sort(),
    );
    // The praktijkopleider takes part in the route once the werkgever assigned them.
    const hr = { role: 'werkgever', employer: 'de-hoven' };
    const assessor = await call('POST', '/assessors', hr, {
      name: 'Gerrit Jansen',
      email: 'gerrit@de-hoven.example',
      subject: 'praktijkopleider-test',
    });
    expect(
      (await call('POST', `/routes/${route.body.id}/assessors`, hr, { assessorId: assessor.body.id })).status,
    ).toBe(201);
    for (const as of [dehoven, { role: 'praktijkopleider', employer: 'de-hoven' }, mantelzorger])
      expect((await call('POST', `/routes/${route.body.id}/approvals`, as)).status).toBe(200);
    const agreed = await call('GET', `/routes/${route.body.id}`, mantelzorger);
    expect(agreed.body.approvals).toHaveLength(3);
    expect(['agreed', 'active']).toContain(agreed.body.status);
  });
});
