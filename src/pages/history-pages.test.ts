import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider, praktijkopleider } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { wakPassed } from '../../tests/support/signed-off-route.js';
import { TEST_NOW } from '../../tests/support/target.js';
import { startTestApp } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { routeAuditTrail } from '../learning-routes/index.js';
import { startSession } from '../web-auth/index.js';

// The opleider's list of learners and their routes (/pages/learners), in-process on real SQLite: every
// route of the instelling is reachable a page at a time, each named by its learner and found by name.
describe('/pages/learners', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Scenario;
  const school = opleider('de-hoven');
  /** The learners, in the order they enrolled: `kiki-0` … `kiki-51`. */
  const learners: { id: string; sub: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
    for (let i = 0; i < 52; i++) {
      const sub = `kiki-${i}`;
      const { id } = await s.enrol(sub, `Kiki Lerende ${i}`, {
        grants: [{ kind: 'institution', id: 'de-hoven' }],
      });
      await s.expectStatus(
        t.call('POST', '/routes', {
          as: school,
          body: {
            learnerId: id,
            roleId: s.roleId('de-hoven/Zorgondersteuner / mantelzorger'),
            hoursPerWeek: 8,
            startDate: '2026-12-07',
          },
        }),
        201,
      );
      learners.push({ id, sub });
    }
  });

  const page = async (path: string) => {
    const { token } = await startSession(t.deps, { principal: school, name: 'Sanne' }, 60);
    const res = await t.app.request(path, { headers: { cookie: `loopbrug-session=${token}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const nextOf = (html: string) =>
    html.match(/href="(\/pages\/learners\?[^"]*cursor=[^"]+)">Meer routes</)?.[1]?.replaceAll('&amp;', '&');
  /** The learner named in each row and the history it leads to. */
  const rows = (html: string) =>
    [
      ...html.matchAll(
        /<th scope="row" data-label="Lerende">([^<]*)<\/th><td data-label="Functie"><a href="\/pages\/routes\/([^/]+)\/history"/g,
      ),
    ].map(([, name, routeId]) => ({ name, routeId }));

  it('lists every route a page at a time, each named by its learner, and finds them by name', async () => {
    // A learner who withdrew their grant is still named: the instelling is a party of their route.
    const [withdrawn] = learners;
    const { items: grants } = await s.expectStatus(
      t.call('GET', `/learners/${withdrawn?.id}/grants`, { as: learner(withdrawn?.sub ?? '') }),
      200,
    );
    await s.expectStatus(
      t.call('POST', `/learners/${withdrawn?.id}/grants/${grants[0]?.id}/withdraw`, {
        as: learner(withdrawn?.sub ?? ''),
      }),
      200,
    );

    const first = await page('/pages/learners');
    const next = nextOf(first);
    expect(next).toBeDefined();
    const second = await page(next ?? '');
    expect(nextOf(second)).toBeUndefined();
    expect(rows(first)).toHaveLength(50);
    const listed = [...rows(first), ...rows(second)];
    expect(listed.map((r) => r.name).sort()).toEqual(learners.map((_, i) => `Kiki Lerende ${i}`).sort());
    expect(new Set(listed.map((r) => r.routeId)).size).toBe(52);

    // Found by name, case ignored; the next page keeps the search.
    expect(rows(await page('/pages/learners?q=kiki%20lerende%2051')).map((r) => r.name)).toEqual([
      'Kiki Lerende 51',
    ]);
    const searched = await page('/pages/learners?q=KIKI');
    expect(nextOf(searched)).toMatch(/^\/pages\/learners\?q=KIKI&cursor=/);
  });
});

// A route's history (/pages/routes/{id}/history) as its opleider reads it, in-process on real SQLite,
// after Ria passed DH-LU-WAK and Gerrit corrected that to 'nog niet': each event in words with its codes
// and result, each person by name where Loopbrug keeps one, newest first like the versions. The clock
// moves a millisecond at each reading, as a real one does: a test clock that stands still gives an
// approval and the version it was carried into the same moment.
describe('/pages/routes/{id}/history', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Scenario;
  let routeId: string;
  const reason = 'De toets is bij een andere cliënt afgenomen dan vastgelegd.';

  beforeAll(async () => {
    let tick = 0;
    t = await startTestApp({ now: () => new Date(Date.parse(TEST_NOW) + tick++) });
    s = await openScenario(t.target, readFixtureFiles());
    const ria = await wakPassed(s, 'ria-history');
    routeId = ria.routeId;
    await s.expectStatus(
      t.call('POST', `/routes/${routeId}/signoffs`, {
        as: praktijkopleider('de-hoven', 'pol-de-hoven-1'),
        body: {
          outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
          result: 'not-yet',
          date: '2026-11-21',
          evidence: [{ kind: 'text', text: 'Nagevraagd bij de teamleider.' }],
          supersedes: ria.passed.signoff.id,
          reason,
        },
      }),
      201,
    );
  });

  const page = async (as: Principal = opleider('de-hoven'), lang?: 'en', route = routeId) => {
    const { token } = await startSession(t.deps, { principal: as, name: 'Sanne' }, 60);
    const cookie = [`loopbrug-session=${token}`, ...(lang ? [`loopbrug-lang=${lang}`] : [])].join('; ');
    const res = await t.app.request(`/pages/routes/${route}/history`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The rows of the table under `heading`, each as its cells' text with tags dropped. */
  const rows = (html: string, heading: string) => {
    const from = html.indexOf(`>${heading}</h2>`);
    const table = html.slice(from, html.indexOf('</table>', from));
    return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].slice(1).map(([, row]) =>
      [...(row ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) =>
        (cell ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
  };

  it('words each event with its codes and result, and who did it by name, newest first', async () => {
    const html = await page();
    const trail = rows(html, 'Audittrail');
    const events = trail.map(([, action]) => action);
    // Newest first: the correction's consequences on top, the route being composed at the bottom.
    expect(events.at(-1)).toBe('Route samengesteld');
    expect(events.indexOf('Credential voor DH-WAK geschorst')).toBeLessThan(
      events.indexOf('Aftekening van DH-LU-WAK gecorrigeerd: nu nog niet behaald'),
    );
    const row = (action: string) => trail.find(([, a]) => a === action)?.slice(2);
    expect(row('DH-LU-WAK afgetekend: behaald')).toEqual([
      'Gerrit Mulder (praktijkopleider)',
      'Datum van de praktijktoets 2026-11-20',
    ]);
    expect(row('Aftekening van DH-LU-WAK gecorrigeerd: nu nog niet behaald')).toEqual([
      'Gerrit Mulder (praktijkopleider)',
      `Datum van de praktijktoets 2026-11-21 Reden ${reason}`,
    ]);
    expect(row('DH-WAK afgerond op 2026-11-20')).toEqual(['Gerrit Mulder (praktijkopleider)', 'Versie 2']);
    expect(row('DH-WAK niet meer afgerond: een aftekening is gecorrigeerd')).toEqual([
      'Gerrit Mulder (praktijkopleider)',
      'Versie 3',
    ]);
    // The suspension followed the correction: Gerrit did not decide it.
    expect(row('Credential voor DH-WAK geschorst')).toEqual([
      'na de correctie van Gerrit Mulder',
      `Reden ${reason}`,
    ]);
    expect(row('Credential voor DH-WAK uitgegeven')).toEqual(['na de aftekening van Gerrit Mulder', '']);
    expect(row('Praktijkopleider toegewezen: Gerrit Mulder')).toEqual(['werkgever account hr-de-hoven', '']);
    expect(row('Versie 1 goedgekeurd als lerende')).toEqual(['Leerling ria-history (lerende)', '']);
    // No name is kept for an opleider: their role, and the account they signed in with.
    expect(row('Route samengesteld')).toEqual(['opleider account opleider-de-hoven', '']);
    // No record as kept: no ids, no JSON.
    expect(html).not.toMatch(/outcomeId|assessorId|urn:uuid|\{"/);
    // In English too.
    const english = rows(await page(opleider('de-hoven'), 'en'), 'Audit trail').map(([, action]) => action);
    expect(english).toContain('Sign-off of DH-LU-WAK corrected: now not achieved yet');
    expect(english).toContain('DH-LU-WAK signed off: achieved');
  });

  it('says which approvals a version kept from the version that was approved', async () => {
    const versions = rows(await page(), 'Versies').map(([version, change]) => [version, change]);
    expect(versions).toEqual([
      [
        '3',
        `DH-WAK niet meer afgerond: een aftekening is gecorrigeerd Reden: ${reason} ` +
          'Goedkeuringen van versie 1 blijven gelden: opleider, werkplek (praktijkopleider of werkgever), lerende',
      ],
      [
        '2',
        'DH-WAK afgerond op 2026-11-20 ' +
          'Goedkeuringen van versie 1 blijven gelden: opleider, werkplek (praktijkopleider of werkgever), lerende',
      ],
      [
        '1',
        'Route samengesteld Goedgekeurd door: opleider, werkplek (praktijkopleider of werkgever), lerende',
      ],
    ]);
  });

  it("words an exemption with its module, its evidence and why it lapsed, not the planner's English", async () => {
    const { routeId: kees } = await s.agreedRoute({
      sub: 'kees-history',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-1'],
    });
    const moduleId = s.moduleId('de-hoven/DH-STK');
    const change = (operations: object[]) =>
      s.expectStatus(
        t.call('PATCH', `/routes/${kees}`, { as: opleider('de-hoven'), body: { operations } }),
        200,
      );
    const evidence = { kind: 'certificate', id: 'stk-2024', description: 'Certificaat steunkousen (2024)' };
    await change([{ op: 'exempt', moduleId, evidence }]);
    await change([{ op: 'refuse-exemption', moduleId, reason: 'Het certificaat is verlopen.' }]);
    const trail = rows(await page(opleider('de-hoven'), undefined, kees), 'Audittrail');
    const row = (action: string) => trail.find(([, a]) => a === action)?.slice(3);
    expect(row('Vrijstelling voor DH-STK verleend')).toEqual([
      'Versie 2 Bewijs Certificaat steunkousen (2024)',
    ]);
    expect(row('Vrijstelling voor DH-STK vervallen')).toEqual([
      'Versie 3 Bewijs Certificaat steunkousen (2024) Waarom De vrijstelling is afgewezen. Het certificaat is verlopen.',
    ]);
  });

  it('pages the trail newest first, each page going further back, as the API pages it oldest first', async () => {
    const all = await routeAuditTrail(t.deps, routeId, { limit: 100 });
    const newest: typeof all.items = [];
    let cursor: string | undefined;
    do {
      const next = await routeAuditTrail(t.deps, routeId, { limit: 4, newestFirst: true, cursor });
      expect(next.items.length).toBeLessThanOrEqual(4);
      newest.push(...next.items);
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
    expect(all.items.length).toBeGreaterThan(8);
    expect(newest).toEqual([...all.items].reverse());
  });
});
