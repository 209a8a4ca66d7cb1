import { beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { admin, opleider, werkgever } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';

// The hole issue 8 closes: working for the route's employer does not make a praktijkopleider a party.
describe('who takes part in a route, over HTTP', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let routeId: string;
  let learner: Principal;
  const assigned = praktijkopleider('sante', 'pol-sante-1');
  const unassigned = praktijkopleider('sante', 'pol-sante-2');
  const withoutRecord = praktijkopleider('sante', 'pol-sante-9');

  beforeAll(async () => {
    s = await startScenarioApp();
    const enrolled = await s.enrol('route-access', 'Rosa Access', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    learner = enrolled.as;
    const route = await s.expectStatus(
      s.t.call('POST', '/routes', {
        as: opleider('roc-rivor'),
        body: {
          learnerId: enrolled.id,
          roleId: s.roleId('sante/Helpende plus'),
          hoursPerWeek: 8,
          startDate: '2027-02-01',
        },
      }),
      201,
    );
    routeId = route.id;
    await s.expectStatus(
      s.t.call('POST', `/routes/${routeId}/assessors`, {
        as: werkgever('sante'),
        body: { assessorId: s.assessorId('pol-sante-1') },
      }),
      201,
    );
  }, 30_000);

  const reads = () => [
    `/routes/${routeId}`,
    `/routes/${routeId}/versions/1`,
    `/routes/${routeId}/assessors`,
    `/routes/${routeId}/signoffs`,
  ];

  it('an unassigned praktijkopleider of the employer, or one without an assessor record, reads nothing', async () => {
    for (const as of [unassigned, withoutRecord])
      for (const path of reads()) {
        const res = await s.t.call('GET', path, { as });
        expect(res.status, `${as.sub} GET ${path}`).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    for (const path of reads())
      expect((await s.t.call('GET', path, { as: assigned })).status, `GET ${path}`).toBe(200);
  });

  it('nor approves it; the assigned one does', async () => {
    for (const as of [unassigned, withoutRecord]) {
      const before = s.t.rowCounts();
      const res = await s.t.call('POST', `/routes/${routeId}/approvals`, { as });
      expect(res.status, as.sub).toBe(403);
      expect(s.t.rowCounts()).toEqual(before);
    }
    const approved = await s.t.call('POST', `/routes/${routeId}/approvals`, { as: assigned });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.approvals.map((a: { party: string }) => a.party)).toEqual(['praktijkopleider']);
  });

  it('an admin is no party: no adjusting, no assigning, no reading', async () => {
    const before = s.t.rowCounts();
    const adjust = await s.t.call('PATCH', `/routes/${routeId}`, {
      as: admin,
      body: { operations: [{ op: 'set-hours', hoursPerWeek: 12 }] },
    });
    expect(adjust.status).toBe(403);
    const assign = await s.t.call('POST', `/routes/${routeId}/assessors`, {
      as: admin,
      body: { assessorId: s.assessorId('pol-sante-2') },
    });
    expect(assign.status).toBe(403);
    expect((await s.t.call('GET', `/routes/${routeId}`, { as: admin })).status).toBe(403);
    expect(s.t.rowCounts()).toEqual(before);
  });

  it('the learner reads it; a route that does not exist is a 404 before anything else', async () => {
    expect((await s.t.call('GET', `/routes/${routeId}`, { as: learner })).status).toBe(200);
    expect((await s.t.call('GET', '/routes/nope', { as: unassigned })).status).toBe(404);
  });

  it('the OpenAPI document says who may approve', async () => {
    const doc = (await s.t.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(doc.paths['/routes/{id}/approvals']?.post?.description).toContain(
      'a praktijkopleider assigned to it',
    );
  });
});
