import { beforeAll, describe, expect, it } from 'vitest';
import { opleider, praktijkopleider, werkgever } from '../../tests/support/principals.js';
import { openScenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// A pause is a stretch of dates, and what a reader sees follows the calendar: a route with a pause
// planned months ahead reads agreed (or active) until the pause begins, paused inside it and active
// again on its `until`, without a write. Over HTTP on SQLite with the scenario fixtures and a clock
// the test moves.

type Pause = { from: string; until: string; reason?: string };

describe('pausing and resuming a route, as the calendar goes', () => {
  let now = new Date('2026-12-02T09:00:00.000Z');
  const setToday = (day: string) => {
    now = new Date(`${day}T09:00:00.000Z`);
  };
  let s: Awaited<ReturnType<typeof openScenario>>;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let routeId: string;
  let anne: Principal;
  let krista: { routeId: string; as: Principal };
  const pol = praktijkopleider('ksu', 'pol-ksu-2');
  const summer: Pause = { from: '2027-07-01', until: '2027-08-15', reason: 'Zwangerschapsverlof' };

  beforeAll(async () => {
    t = await startTestApp({ now: () => now });
    s = await openScenario(t.target, readFixtureFiles());
    const agreed = await s.agreedRoute({
      sub: 'anne-pauze',
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
      startDate: '2027-01-04',
    });
    routeId = agreed.routeId;
    anne = agreed.learner.as;
    const other = await s.agreedRoute({
      sub: 'krista-pauze',
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
      startDate: '2027-01-04',
    });
    krista = { routeId: other.routeId, as: other.learner.as };
  }, 60_000);

  /** The status every reader sees: the route, its summary in the list, each party alike. */
  const seen = async () => {
    const statuses = new Set<string>();
    for (const as of [anne, opleider('loi'), pol, werkgever('ksu')]) {
      const route = await s.expectStatus(t.call('GET', `/routes/${routeId}`, { as }), 200);
      const list = await s.expectStatus(t.call('GET', '/routes', { as }), 200);
      statuses.add(route.status);
      statuses.add(list.items.find((r: { id: string }) => r.id === routeId).status);
    }
    expect(statuses.size, [...statuses].join(', ')).toBe(1);
    return [...statuses][0];
  };
  const stored = () => t.db.sqlite.prepare('SELECT status FROM route WHERE id = ?').get(routeId);
  const pause = (body: Pause) => t.call('POST', `/routes/${routeId}/pause`, { as: anne, body });
  const resume = (body: { on?: string } = {}) =>
    t.call('POST', `/routes/${routeId}/resume`, { as: anne, body });
  const lastAudit = (id = routeId) =>
    t.db.sqlite
      .prepare(
        "SELECT action, detail FROM audit_event WHERE resource_type = 'route' AND resource_id = ? ORDER BY rowid DESC LIMIT 1",
      )
      .get(id) as { action: string; detail: string };

  it('cancels a pause planned months ahead when the learner resumes before it begins', async () => {
    setToday('2026-12-02');
    const path = `/routes/${krista.routeId}`;
    const agreed = await s.expectStatus(t.call('GET', path, { as: krista.as }), 200);
    const planned = await s.expectStatus(
      t.call('POST', `${path}/pause`, { as: krista.as, body: summer }),
      200,
    );
    expect(planned.status).toBe('agreed');
    const cancelled = await s.expectStatus(
      t.call('POST', `${path}/resume`, { as: krista.as, body: {} }),
      200,
    );
    expect(cancelled).toMatchObject({ version: planned.version + 1, status: 'agreed' });
    expect(cancelled.inputs.pauses).toEqual([]);
    expect(cancelled.approvals).toHaveLength(3);
    expect(cancelled.plan).toEqual(agreed.plan);
    expect(cancelled.change.summary).toBe('cancelled the planned pause from 2027-07-01 until 2027-08-15');
    expect(lastAudit(krista.routeId)).toMatchObject({ action: 'route.resumed' });
    expect(JSON.parse(lastAudit(krista.routeId).detail)).toMatchObject({ summary: cancelled.change.summary });
    setToday('2027-07-10');
    const during = await s.expectStatus(t.call('GET', path, { as: krista.as }), 200);
    expect(during.status).toBe('active');
    expect((await t.call('POST', `${path}/resume`, { as: krista.as, body: {} })).status).toBe(409);
  });

  it('a pause planned months ahead leaves the route agreed, then active, until the pause begins', async () => {
    setToday('2026-12-02');
    expect(await seen()).toBe('agreed');
    const paused = await s.expectStatus(pause(summer), 200);
    expect(paused.status).toBe('agreed');
    expect(paused.inputs.pauses).toEqual([summer]);
    expect(paused.approvals).toHaveLength(3);
    expect(stored()).toEqual({ status: 'agreed' });
    expect(await seen()).toBe('agreed');
    setToday('2027-01-04');
    expect(await seen()).toBe('active');
    setToday('2027-06-30');
    expect(await seen()).toBe('active');
  });

  it('reads paused inside the pause, and active again on its until, without a write', async () => {
    const version = (await s.expectStatus(t.call('GET', `/routes/${routeId}`, { as: anne }), 200)).version;
    for (const [day, status] of [
      ['2027-07-01', 'paused'],
      ['2027-08-14', 'paused'],
      ['2027-08-15', 'active'],
      ['2027-10-01', 'active'],
    ] as const) {
      setToday(day);
      expect(await seen(), day).toBe(status);
    }
    expect((await s.expectStatus(t.call('GET', `/routes/${routeId}`, { as: anne }), 200)).version).toBe(
      version,
    );
    expect(stored()).toEqual({ status: 'agreed' });
  });

  it('plans a second pause inside the first one, refuses an overlapping one, and ends the current one early', async () => {
    setToday('2027-07-10');
    const christmas = { from: '2027-12-20', until: '2028-01-05' };
    const second = await s.expectStatus(pause(christmas), 200);
    expect(second.status).toBe('paused');
    expect(second.inputs.pauses).toEqual([summer, christmas]);
    expect((await pause({ from: '2027-08-01', until: '2027-09-01' })).status).toBe(422);

    const resumed = await s.expectStatus(resume(), 200);
    expect(resumed.status).toBe('active');
    expect(resumed.inputs.pauses).toEqual([{ ...summer, until: '2027-07-10' }, christmas]);
    expect(resumed.approvals).toHaveLength(3);
    expect(lastAudit()).toMatchObject({ action: 'route.resumed' });
    expect(JSON.parse(lastAudit().detail)).toMatchObject({ summary: 'resumed on 2027-07-10' });
    setToday('2027-12-20');
    expect(await seen()).toBe('paused');
  });

  it('cancels a planned pause when the learner resumes before it begins', async () => {
    setToday('2027-09-01');
    const before = await s.expectStatus(t.call('GET', `/routes/${routeId}`, { as: anne }), 200);
    const cancelled = await s.expectStatus(resume(), 200);
    expect(cancelled.version).toBe(before.version + 1);
    expect(cancelled.status).toBe('active');
    expect(cancelled.inputs.pauses).toEqual([{ ...summer, until: '2027-07-10' }]);
    expect(cancelled.approvals).toHaveLength(3);
    expect(lastAudit()).toMatchObject({ action: 'route.resumed' });
    expect(JSON.parse(lastAudit().detail)).toMatchObject({
      summary: 'cancelled the planned pause from 2027-12-20 until 2028-01-05',
    });
    setToday('2027-12-21');
    expect(await seen()).toBe('active');
  });

  it('refuses a resume with no current or planned pause, as a conflict', async () => {
    setToday('2027-12-21');
    const refused = await resume();
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/no current or planned pause/);
  });
});
