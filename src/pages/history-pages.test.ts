import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { startSession } from '../web-auth/index.js';

// The opleider's list of learners and their routes (/pages/learners), in-process on real SQLite: every
// route of the instelling is reachable a page at a time, each learner named only while their grant lasts.
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
  const nextOf = (html: string) => html.match(/href="(\/pages\/learners\?cursor=[^"]+)">Meer routes</)?.[1];

  it('lists every route a page at a time, naming learners only while their grant lasts', async () => {
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
    const second = await page((next ?? '').replaceAll('&amp;', '&'));
    expect(nextOf(second)).toBeUndefined();
    const headings = (html: string) => [...html.matchAll(/<h2 id="learner-([^"]+)">([^<]*)</g)];
    const listed = [...headings(first), ...headings(second)];
    expect(headings(first)).toHaveLength(50);
    expect(new Set(listed.map(([, id]) => id))).toEqual(new Set(learners.map((l) => l.id)));
    for (const [, id, heading] of listed) {
      const at = learners.findIndex((l) => l.id === id);
      expect(heading).toBe(at === 0 ? `Lerende: ${id}` : `Lerende: Kiki Lerende ${at}`);
    }
  });
});
