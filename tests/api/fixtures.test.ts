import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { admin, startTestApp } from '../support/test-app.js';

type Item = Record<string, unknown> & { id: string };

describe('the scenario fixtures', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let counts: Awaited<ReturnType<typeof loadFixtures>>;
  const all = async (path: string): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.call('GET', `${path}${sep}limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
        as: admin,
      });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    t = await startTestApp();
    counts = await loadFixtures(t.deps, readFixtureFiles());
  });

  it('load through the API schemas with every institution and employer of the scenarios', async () => {
    const institutions = (await all('/institutions')).map((i) => i.id);
    expect(institutions).toEqual(
      expect.arrayContaining(['han', 'loi', 'ncoi', 'roc-rivor', 'avans', 'kw1c']),
    );
    const employers = (await all('/employers')).map((e) => e.id);
    expect(employers).toEqual(
      expect.arrayContaining(['ksu', 'yuverta', 'cordaan', 'sante', 'de-hoven', 'hoppenbrouwers', 'pluryn']),
    );
    expect(counts.modules).toBeGreaterThan(20);
    expect(counts.assessors).toBeGreaterThanOrEqual(employers.length);
  });

  it('publish every module, so routes can be planned on them', async () => {
    const modules = await all('/modules');
    expect(modules.length).toBe(counts.modules);
    expect(modules.every((m) => m.status === 'published' && m.publishedVersion === 1)).toBe(true);
  });

  it('teach every competency a role needs in some published module', async () => {
    const taught = new Set((await all('/modules')).flatMap((m) => m.competencies as string[]));
    const missing = (await all('/roles')).flatMap((role) =>
      (role.requirements as { competency: string }[])
        .filter((r) => !taught.has(r.competency))
        .map((r) => `${role.title}: ${r.competency}`),
    );
    // A role may need something no module teaches (BHV comes from outside), but only a little of it.
    expect(missing.length).toBeLessThanOrEqual(3);
  });

  it('share competencies across instellingen, so one credential can exempt at another', async () => {
    const institutionsByCompetency = new Map<string, Set<string>>();
    for (const m of await all('/modules'))
      for (const uri of m.competencies as string[])
        institutionsByCompetency.set(
          uri,
          (institutionsByCompetency.get(uri) ?? new Set()).add(m.institutionId as string),
        );
    const shared = [...institutionsByCompetency].filter(([, set]) => set.size >= 2).map(([uri]) => uri);
    expect(shared.length).toBeGreaterThanOrEqual(3);
    const nederlands = await all(`/modules?competency=${encodeURIComponent(shared[0] as string)}`);
    expect(new Set(nederlands.map((m) => m.institutionId)).size).toBeGreaterThanOrEqual(2);
  });
});
