import { describe, expect, it } from 'vitest';
import { admin, learner, opleider, praktijkopleider, werkgever } from '../support/principals.js';
import { d1Target } from './d1-target.js';

const t = d1Target();
const dehoven = opleider('de-hoven');
const mantelzorger = learner('ria');

describe('a learner and her route on workerd with D1', () => {
  it('enrols, grants, is planned the micro-modules of De Hoven, and the three parties agree', async () => {
    await t.call('POST', '/institutions', {
      as: admin,
      body: {
        id: 'de-hoven',
        name: 'De Hoven Leerhuis',
        kind: 'company',
        qualityAssurance: 'Interne kwaliteitszorg',
      },
    });
    await t.call('POST', '/employers', {
      as: admin,
      body: {
        id: 'de-hoven',
        name: 'De Hoven',
        sector: 'zorg',
        locations: [{ id: 'groningen', name: 'De Hoven Groningen', city: 'Groningen' }],
      },
    });
    const fw = await t.call('POST', '/frameworks', {
      as: admin,
      body: {
        uri: 'https://id.loopbrug.nl/eigen/zorgtaken',
        title: 'Zorgtaken De Hoven',
        kind: 'eigen',
      },
    });
    const tasks = ['wassen-aankleden-kammen', 'voeding', 'steunkousen'];
    for (const task of tasks) {
      const uri = `https://id.loopbrug.nl/eigen/zorgtaken/${task}`;
      await t.call('POST', '/competencies', {
        as: admin,
        body: { frameworkId: fw.body.id, uri, title: task },
      });
      const outcome = await t.call('POST', '/learning-outcomes', {
        as: dehoven,
        body: {
          code: `LO-${task}`,
          title: task,
          description: `Voert ${task} veilig uit.`,
          competencies: [uri],
          assessmentMethod: 'observatie',
        },
      });
      const module = await t.call('POST', '/modules', {
        as: dehoven,
        body: {
          code: `DH-${task}`,
          title: task,
          description: '2 × 2 uur, beoordeeld door een begeleider.',
          outcomes: [outcome.body.id],
          studyLoad: { hours: 4 },
          deliveryModes: ['op-locatie'],
          startPattern: { kind: 'continuous' },
          price: { amountCents: 0 },
        },
      });
      expect((await t.call('POST', `/modules/${module.body.id}/publish`, { as: dehoven })).status).toBe(200);
    }
    const role = await t.call('POST', '/roles', {
      as: admin,
      body: {
        employerId: 'de-hoven',
        title: 'Mantelzorger',
        requirements: tasks.map((task) => ({
          competency: `https://id.loopbrug.nl/eigen/zorgtaken/${task}`,
          priority: 'essential',
        })),
      },
    });

    const ria = await t.call('POST', '/learners', {
      as: mantelzorger,
      body: { name: 'Ria Hoekstra', email: 'ria@example.nl' },
    });
    expect(ria.status).toBe(201);
    const body = {
      learnerId: ria.body.id,
      roleId: role.body.id,
      hoursPerWeek: 4,
      startDate: '2026-12-07',
    };
    expect((await t.call('POST', '/routes/preview', { as: dehoven, body })).status).toBe(403);
    await t.call('POST', `/learners/${ria.body.id}/grants`, {
      as: mantelzorger,
      body: {
        grantee: { kind: 'institution', id: 'de-hoven' },
        scope: ['profile'],
      },
    });

    const route = await t.call('POST', '/routes', { as: dehoven, body });
    expect(route.status).toBe(201);
    expect(route.body.plan.items.map((i: { code: string }) => i.code).sort()).toEqual(
      tasks.map((task) => `DH-${task}`).sort(),
    );
    // The praktijkopleider takes part in the route once the werkgever assigned them.
    const hr = werkgever('de-hoven');
    const assessor = await t.call('POST', '/assessors', {
      as: hr,
      body: {
        name: 'Gerrit Jansen',
        email: 'gerrit@de-hoven.example',
        subject: 'praktijkopleider-test',
      },
    });
    expect(
      (
        await t.call('POST', `/routes/${route.body.id}/assessors`, {
          as: hr,
          body: { assessorId: assessor.body.id },
        })
      ).status,
    ).toBe(201);
    // Signed in with the subject of the assessor record the werkgever made.
    for (const as of [dehoven, praktijkopleider('de-hoven', 'praktijkopleider-test'), mantelzorger])
      expect((await t.call('POST', `/routes/${route.body.id}/approvals`, { as })).status).toBe(200);
    const agreed = await t.call('GET', `/routes/${route.body.id}`, { as: mantelzorger });
    expect(agreed.body.approvals).toHaveLength(3);
    expect(['agreed', 'active']).toContain(agreed.body.status);
  });
});
