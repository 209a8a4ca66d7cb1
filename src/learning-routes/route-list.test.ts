import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider, praktijkopleider, werkgever } from '../../tests/support/principals.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { admin } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';

// GET /routes over HTTP on SQLite with the scenario fixtures: three routes at two instellingen and two
// werkgevers; each caller lists exactly the routes GET /routes/{id} lets them read, and filters narrow.

describe('GET /routes: the routes a caller takes part in', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const ids: Record<'willem' | 'anne' | 'janneke', string> = { willem: '', anne: '', janneke: '' };
  const learnerIds: Record<string, string> = {};

  beforeAll(async () => {
    s = await startScenarioApp();
    const willem = await s.agreedRoute({
      sub: 'willem',
      institution: 'han',
      employer: 'ksu',
      role: 'ksu/Leerkracht bewegingsonderwijs',
      assessors: ['pol-ksu-1'],
    });
    const anne = await s.agreedRoute({
      sub: 'anne',
      institution: 'loi',
      employer: 'ksu',
      role: 'ksu/Onderwijsassistent',
      assessors: ['pol-ksu-2'],
    });
    const janneke = await s.agreedRoute({
      sub: 'janneke',
      institution: 'roc-rivor',
      employer: 'cordaan',
      role: 'cordaan/Verzorgende IG',
      assessors: ['pol-cordaan-1'],
    });
    ids.willem = willem.routeId;
    ids.anne = anne.routeId;
    ids.janneke = janneke.routeId;
    learnerIds.willem = willem.learner.id;
    learnerIds.anne = anne.learner.id;
  }, 60_000);

  const listed = async (as: Principal, query = '') => {
    const res = await s.t.call('GET', `/routes${query}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: string }[]).map((r) => r.id).sort();
  };
  const readable = async (as: Principal) => {
    const all = Object.values(ids);
    const answers = await Promise.all(all.map((id) => s.t.call('GET', `/routes/${id}`, { as })));
    return all.filter((_, i) => answers[i]?.status === 200).sort();
  };

  const callers: Record<string, Principal> = {
    admin,
    'opleider han': opleider('han'),
    'opleider loi': opleider('loi'),
    'opleider kw1c': opleider('kw1c'),
    'werkgever ksu': werkgever('ksu'),
    'werkgever cordaan': werkgever('cordaan'),
    'pol-ksu-1 (on willem)': praktijkopleider('ksu', 'pol-ksu-1'),
    'pol-ksu-2 (on anne)': praktijkopleider('ksu', 'pol-ksu-2'),
    'pol-ksu-3 (on none)': praktijkopleider('ksu', 'pol-ksu-3'),
    'pol-ksu-1 claiming cordaan': praktijkopleider('cordaan', 'pol-ksu-1'),
    willem: learner('willem'),
    anne: learner('anne'),
    stranger: learner('stranger'),
  };

  for (const [name, as] of Object.entries(callers))
    it(`${name} lists exactly the routes they may read`, async () => {
      expect(await listed(as)).toEqual(await readable(as));
    });

  it('shows each route as a summary: role, status, start and independence dates', async () => {
    const res = await s.t.call('GET', '/routes', { as: learner('willem') });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: ids.willem,
        version: 1,
        learnerId: learnerIds.willem,
        institutionId: 'han',
        employerId: 'ksu',
        roleTitle: 'Leerkracht bewegingsonderwijs',
        // Composed on 2026-11-22 (the test clock) with 2026-11-02 as its start: it starts the day composed.
        startDate: '2026-11-22',
        independentFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        status: 'active',
      }),
    ]);
  });

  it('narrows by learner, employer, institution and assessor=me, never widens', async () => {
    const ksu = werkgever('ksu');
    expect(await listed(ksu, `?learner=${learnerIds.anne}`)).toEqual([ids.anne]);
    expect(await listed(ksu, '?institution=han')).toEqual([ids.willem]);
    expect(await listed(ksu, '?employer=cordaan')).toEqual([]);
    expect(await listed(opleider('han'), '?employer=ksu')).toEqual([ids.willem]);
    expect(await listed(praktijkopleider('ksu', 'pol-ksu-2'), '?assessor=me')).toEqual([ids.anne]);
    expect(await listed(learner('willem'), `?learner=${learnerIds.anne}`)).toEqual([]);
  });

  it('pages with limit and cursor like every list', async () => {
    const ksu = werkgever('ksu');
    const first = await s.t.call('GET', '/routes?limit=1', { as: ksu });
    expect(first.body.items).toHaveLength(1);
    const second = await s.t.call('GET', `/routes?limit=1&cursor=${first.body.nextCursor}`, { as: ksu });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual([ids.willem, ids.anne].sort());
    const bad = await s.t.call('GET', '/routes?cursor=%%%', { as: ksu });
    expect(bad.status).toBe(400);
  });

  it("names each route's learner to every party who lists it", async () => {
    const names = async (as: Principal, query = '') => {
      const res = await s.t.call('GET', `/routes${query}`, { as });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return Object.fromEntries(
        (res.body.items as { id: string; learnerName?: string }[]).map((r) => [r.id, r.learnerName]),
      );
    };
    // Two praktijkopleiders of KSU, each assessing one learner: each sees whom they assess.
    expect(await names(praktijkopleider('ksu', 'pol-ksu-1'), '?assessor=me')).toEqual({
      [ids.willem]: 'Leerling willem',
    });
    expect(await names(praktijkopleider('ksu', 'pol-ksu-2'))).toEqual({ [ids.anne]: 'Leerling anne' });
    expect(await names(werkgever('ksu'))).toEqual({
      [ids.willem]: 'Leerling willem',
      [ids.anne]: 'Leerling anne',
    });
    expect(await names(opleider('roc-rivor'))).toEqual({ [ids.janneke]: 'Leerling janneke' });
    expect(await names(learner('anne'))).toEqual({ [ids.anne]: 'Leerling anne' });
  });

  it("finds routes by the learner's name or the role's title, within what the caller may list", async () => {
    const ksu = werkgever('ksu');
    expect(await listed(ksu, '?q=ANNE')).toEqual([ids.anne]);
    expect(await listed(ksu, '?q=bewegingsonderwijs')).toEqual([ids.willem]);
    expect(await listed(ksu, '?q=leerling')).toEqual([ids.willem, ids.anne].sort());
    // Never wider than the caller's own routes: pol-ksu-1 assesses Willem only.
    expect(await listed(praktijkopleider('ksu', 'pol-ksu-1'), '?q=leerling')).toEqual([ids.willem]);
    expect(await listed(ksu, '?q=janneke')).toEqual([]);
    expect(await listed(opleider('roc-rivor'), '?q=verzorgende%20ig')).toEqual([ids.janneke]);
    expect((await s.t.call('GET', `/routes?q=${'x'.repeat(101)}`, { as: ksu })).status).toBe(400);
  });

  it('names no learner who erased themselves, to any party', async () => {
    const lotte = await s.agreedRoute({
      sub: 'lotte',
      institution: 'han',
      employer: 'ksu',
      role: 'ksu/Leerkracht bewegingsonderwijs',
      assessors: ['pol-ksu-1'],
    });
    await s.expectStatus(s.t.call('DELETE', `/learners/${lotte.learner.id}`, { as: lotte.learner.as }), 200);
    for (const as of [werkgever('ksu'), opleider('han'), praktijkopleider('ksu', 'pol-ksu-1')]) {
      const res = await s.t.call('GET', '/routes', { as });
      const items = res.body.items as { id: string }[];
      const erased = items.find((r) => r.id === lotte.routeId);
      expect(erased, JSON.stringify(as)).toMatchObject({ status: 'ended', learnerId: lotte.learner.id });
      expect(erased, JSON.stringify(as)).not.toHaveProperty('learnerName');
      expect(JSON.stringify(res.body)).not.toContain('Leerling lotte');
      // Beside it, Willem's route still names him.
      expect(items.find((r) => r.id === ids.willem)).toMatchObject({ learnerName: 'Leerling willem' });
    }
  });

  it('refuses assessor=me from anyone but a praktijkopleider, naming the query field', async () => {
    const res = await s.t.call('GET', '/routes?assessor=me', { as: werkgever('ksu') });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.assessor' })]);
    expect((await s.t.call('GET', '/routes?assessor=pol-ksu-1', { as: werkgever('ksu') })).status).toBe(400);
  });
});
