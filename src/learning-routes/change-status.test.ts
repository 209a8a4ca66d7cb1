import { beforeAll, describe, expect, it } from 'vitest';
import { opleider } from '../../tests/support/principals.js';
import { openScenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// A change that needs approval again (an adjustment, a replan) goes by the status the route reads
// today, not by what was stored at agreement: an agreed route whose start date has come is running,
// and it keeps running while its new version awaits approval. Over HTTP on SQLite with a clock the
// test moves.

describe('the status after a change, as the calendar goes', () => {
  let now = new Date('2026-12-02T09:00:00.000Z');
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Awaited<ReturnType<typeof openScenario>>;

  beforeAll(async () => {
    t = await startTestApp({ now: () => now });
    s = await openScenario(t.target, readFixtureFiles());
  }, 60_000);

  const agreedRoute = (sub: string) =>
    s.agreedRoute({
      sub,
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
      startDate: '2027-01-04',
    });
  const stored = (id: string) =>
    (t.db.sqlite.prepare('SELECT status FROM route WHERE id = ?').get(id) as { status: string }).status;
  const removeLast = async (routeId: string) => {
    const route = await s.expectStatus(t.call('GET', `/routes/${routeId}`, { as: opleider('loi') }), 200);
    const last = route.plan.items.filter((i: { status: string }) => i.status === 'planned').at(-1);
    return t.call('PATCH', `/routes/${routeId}`, {
      as: opleider('loi'),
      body: { operations: [{ op: 'remove', moduleId: last.moduleId }], reason: 'Al geleerd op de werkvloer' },
    });
  };

  it('sends an agreed route that has not started back to draft', async () => {
    now = new Date('2026-12-02T09:00:00.000Z');
    const { routeId } = await agreedRoute('change-before-start');
    const changed = await s.expectStatus(removeLast(routeId), 200);
    expect(changed).toMatchObject({ version: 2, status: 'draft', approvals: [] });
    expect(stored(routeId)).toBe('draft');
  });

  it('keeps an agreed route running once its start date has come, adjusted or replanned', async () => {
    now = new Date('2026-12-02T09:00:00.000Z');
    const { routeId } = await agreedRoute('change-after-start');
    expect(stored(routeId)).toBe('agreed');
    now = new Date('2027-02-01T09:00:00.000Z');
    const changed = await s.expectStatus(removeLast(routeId), 200);
    expect(changed).toMatchObject({ version: 2, status: 'active', approvals: [] });
    expect(stored(routeId)).toBe('active');
    const replanned = await s.expectStatus(
      t.call('POST', `/routes/${routeId}/replan`, {
        as: opleider('loi'),
        body: { hoursPerWeek: 12, reason: 'Meer uren vrijgemaakt' },
      }),
      200,
    );
    expect(replanned).toMatchObject({ version: 3, status: 'active' });
  });
});
