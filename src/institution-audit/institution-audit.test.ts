import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import type { Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';

describe("GET /institutions/{id}/audit: an instelling's own audit trail", () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const han = opleider('han');
  const trail = async (query = '') =>
    s.expectStatus(s.t.call('GET', `/institutions/han/audit${query}`, { as: han }), 200);

  beforeAll(async () => {
    s = await startScenarioApp();
  }, 60_000);

  it('holds what HAN decided and what happened to what it owns, and nothing of another instelling', async () => {
    const recognised = await s.expectStatus(
      s.t.call('POST', '/institutions/han/recognitions', { as: han, body: { issuer: 'ncoi' } }),
      201,
    );
    await s.expectStatus(
      s.t.call('POST', '/institutions/kw1c/recognitions', {
        as: opleider('kw1c'),
        body: { issuer: 'roc-rivor' },
      }),
      201,
    );
    const willem = await s.enrol('willem-audit', 'Willem Bakker', {
      grants: [{ kind: 'institution', id: 'han' }],
    });
    const route = await s.expectStatus(
      s.t.call('POST', '/routes', {
        as: han,
        body: {
          learnerId: willem.id,
          roleId: s.roleId('ksu/Leerkracht bewegingsonderwijs'),
          hoursPerWeek: 8,
          startDate: '2027-01-01',
        },
      }),
      201,
    );
    const items = (await trail('?limit=200')).items as Json[];
    const own = items.filter(
      (e) => !['module', 'learning_outcome', 'qualification'].includes(e.resourceType),
    );
    expect(own.map((e) => `${e.action} ${e.resourceId}`)).toEqual(
      expect.arrayContaining([`recognition.added ${recognised.id}`, `route.composed ${route.id}`]),
    );
    expect(items.every((e) => e.resourceType !== 'learner')).toBe(true);
    expect(JSON.stringify(items)).not.toContain('kw1c');
    expect(items.map((e) => e.at)).toEqual([...items.map((e) => e.at)].sort());
  });

  it('pages oldest first with a cursor, and is a 404 for an unknown instelling', async () => {
    const all = (await trail('?limit=200')).items as Json[];
    const first = await trail('?limit=2');
    expect(first.items).toEqual(all.slice(0, 2));
    const next = await trail(`?limit=2&cursor=${first.nextCursor}`);
    expect(next.items).toEqual(all.slice(2, 4));
    // A cursor of an earlier form (time and event id) is refused, not read as a position.
    const earlier = Buffer.from(`${(all[0] as Json).at} 0b6b0f0e-0d5c-4f3c-9b1e-5a3c2d1e0f9a`).toString(
      'base64url',
    );
    const refused = await s.t.call('GET', `/institutions/han/audit?cursor=${earlier}`, { as: han });
    expect(refused.status).toBe(400);
    expect((await s.t.call('GET', '/institutions/nergens/audit', { as: opleider('nergens') })).status).toBe(
      404,
    );
  });
});
