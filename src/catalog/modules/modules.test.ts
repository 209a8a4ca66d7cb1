import { beforeEach, describe, expect, it } from 'vitest';
import { admin, opleider, startTestApp } from '../../../tests/support/test-app.js';

const KLAS = 'https://id.loopbrug.nl/bp/leraar-lo/klassenmanagement';
const VEILIG = 'https://id.loopbrug.nl/bp/leraar-lo/veiligheid-gymzaal';
const han = opleider('han');

describe('modules', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let outcomes: { klas: string; veilig: string };

  const moduleBody = (code: string, extra: Record<string, unknown> = {}) => ({
    code,
    title: `Module ${code}`,
    description: 'Een module van de HAN ALO.',
    outcomes: [outcomes.klas],
    studyLoad: { hours: 84, ec: 3 },
    level: 'hbo-bachelor',
    deliveryModes: ['blended'],
    startPattern: { kind: 'monthly', dayOfMonth: 1 },
    price: { amountCents: 45000 },
    ...extra,
  });
  const create = async (code: string, extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/modules', { as: han, body: moduleBody(code, extra) });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  beforeEach(async () => {
    t = await startTestApp();
    for (const id of ['han', 'ncoi'])
      await t.call('POST', '/institutions', {
        as: admin,
        body: { id, name: id.toUpperCase(), kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' },
      });
    const fw = await t.call('POST', '/frameworks', {
      as: admin,
      body: {
        uri: 'https://id.loopbrug.nl/bp/leraar-lo',
        title: 'Beroepsprofiel leraar LO',
        kind: 'beroepsprofiel',
      },
    });
    for (const [uri, title] of [
      [KLAS, 'Klassenmanagement'],
      [VEILIG, 'Veiligheid in de gymzaal'],
    ])
      await t.call('POST', '/competencies', { as: admin, body: { frameworkId: fw.body.id, uri, title } });
    const outcome = async (code: string, uri: string, as = han) =>
      (
        await t.call('POST', '/learning-outcomes', {
          as,
          body: {
            code,
            title: code,
            description: code,
            competencies: [uri],
            assessmentMethod: 'praktijktoets',
          },
        })
      ).body.id as string;
    outcomes = { klas: await outcome('LO-KLAS', KLAS), veilig: await outcome('LO-VEILIG', VEILIG) };
  });

  it('starts as a draft that teaches the competencies of its outcomes', async () => {
    const res = await t.call('POST', '/modules', {
      as: han,
      body: moduleBody('ALO-KM', { outcomes: [outcomes.klas, outcomes.veilig] }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      institutionId: 'han',
      code: 'ALO-KM',
      version: 1,
      status: 'draft',
      level: { name: 'hbo-bachelor', nlqf: 6, eqf: 6 },
      competencies: [KLAS, VEILIG].sort(),
      prerequisites: { modules: [], competencies: [] },
      language: 'nl',
    });
    expect(res.body.publishedVersion).toBeUndefined();
  });

  it('keeps a published version immutable: a change opens the next version as a draft', async () => {
    const { id } = await create('ALO-KM');
    const published = await t.call('POST', `/modules/${id}/publish`, { as: han });
    expect(published.body).toMatchObject({ version: 1, status: 'published', publishedVersion: 1 });

    const changed = await t.call('PATCH', `/modules/${id}`, {
      as: han,
      body: { studyLoad: { hours: 112, ec: 4 } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      version: 2,
      status: 'draft',
      publishedVersion: 1,
      title: 'Module ALO-KM',
    });
    // A second change edits the same draft instead of opening version 3.
    const again = await t.call('PATCH', `/modules/${id}`, { as: han, body: { title: 'Klassenmanagement' } });
    expect(again.body).toMatchObject({
      version: 2,
      title: 'Klassenmanagement',
      studyLoad: { hours: 112, ec: 4 },
    });

    const v1 = await t.call('GET', `/modules/${id}/versions/1`, { as: opleider('ncoi') });
    expect(v1.body).toMatchObject({ version: 1, status: 'published', studyLoad: { hours: 84, ec: 3 } });
    const versions = await t.call('GET', `/modules/${id}/versions`, { as: han });
    expect(
      versions.body.items.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect((await t.call('GET', `/modules/${id}/versions/3`, { as: han })).status).toBe(404);
  });

  it('has the database refuse any edit of a published version, whatever the code does', async () => {
    const { id } = await create('ALO-KM');
    await t.call('POST', `/modules/${id}/publish`, { as: han });
    expect(() =>
      t.db.sqlite.prepare("UPDATE module_version SET title = 'x' WHERE module_id = ?").run(id),
    ).toThrow(/immutable/);
    expect(() => t.db.sqlite.prepare('DELETE FROM module_version WHERE module_id = ?').run(id)).toThrow(
      /immutable/,
    );
  });

  it('publishes only a draft, and only once its prerequisites are published', async () => {
    const basis = await create('ALO-BASIS');
    const vervolg = await create('ALO-VERVOLG', { prerequisites: { modules: [basis.id] } });
    const early = await t.call('POST', `/modules/${vervolg.id}/publish`, { as: han });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('ALO-BASIS');
    await t.call('POST', `/modules/${basis.id}/publish`, { as: han });
    expect((await t.call('POST', `/modules/${vervolg.id}/publish`, { as: han })).status).toBe(200);
    expect((await t.call('POST', `/modules/${vervolg.id}/publish`, { as: han })).status).toBe(409);
  });

  it('refuses a prerequisite cycle with 422 naming it, and writes nothing', async () => {
    const a = await create('A');
    const b = await create('B', { prerequisites: { modules: [a.id] } });
    const c = await create('C', { prerequisites: { modules: [b.id] } });
    const before = t.rowCounts();
    const res = await t.call('PATCH', `/modules/${a.id}`, {
      as: han,
      body: { prerequisites: { modules: [c.id] } },
    });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('Prerequisite cycle');
    expect(res.body.detail).toContain('A → C → B → A');
    expect(t.rowCounts()).toEqual(before);
    const self = await t.call('PATCH', `/modules/${a.id}`, {
      as: han,
      body: { prerequisites: { modules: [a.id] } },
    });
    expect(self.status).toBe(422);
  });

  it('refuses a module that requires a competency it teaches itself', async () => {
    const res = await t.call('POST', '/modules', {
      as: han,
      body: moduleBody('LUS', { prerequisites: { modules: [], competencies: [KLAS] } }),
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain(KLAS);
  });

  it('checks every reference with a field path', async () => {
    const foreign = (
      await t.call('POST', '/learning-outcomes', {
        as: opleider('ncoi'),
        body: {
          code: 'N',
          title: 'N',
          description: 'N',
          competencies: [KLAS],
          assessmentMethod: 'portfolio',
        },
      })
    ).body.id;
    const before = t.rowCounts();
    const res = await t.call('POST', '/modules', {
      as: han,
      body: moduleBody('X', {
        outcomes: [outcomes.klas, foreign, 'nope'],
        prerequisites: { modules: ['missing'], competencies: ['https://id.loopbrug.nl/onbekend'] },
      }),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.outcomes[1]',
      'body.outcomes[2]',
      'body.prerequisites.modules[0]',
    ]);
    expect(t.rowCounts()).toEqual(before);
  });

  it('validates the body against its schema', async () => {
    const res = await t.call('POST', '/modules', {
      as: han,
      body: moduleBody('X', {
        studyLoad: { hours: 0 },
        startPattern: { kind: 'fixed', dates: ['2027-02-30'] },
        deliveryModes: [],
      }),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.deliveryModes',
      'body.startPattern.dates[0]',
      'body.studyLoad.hours',
    ]);
  });

  it("lets an opleider change only their own institution's modules", async () => {
    const { id } = await create('ALO-KM');
    expect(
      (
        await t.call('POST', '/modules', {
          as: opleider('ncoi'),
          body: { ...moduleBody('Y'), institutionId: 'han' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.call('PATCH', `/modules/${id}`, { as: opleider('ncoi'), body: { title: 'Overgenomen' } }))
        .status,
    ).toBe(403);
    expect((await t.call('POST', `/modules/${id}/publish`, { as: opleider('ncoi') })).status).toBe(403);
    // Nor read it while it is HAN's work in progress: no version of it is published yet.
    expect((await t.call('GET', `/modules/${id}`, { as: opleider('ncoi') })).status).toBe(404);
    expect((await t.call('GET', `/modules/${id}`, { as: admin })).body.status).toBe('draft');
  });

  it('a duplicate code within an institution is a conflict', async () => {
    await create('ALO-KM');
    const res = await t.call('POST', '/modules', { as: han, body: moduleBody('ALO-KM') });
    expect(res.status).toBe(409);
  });

  it('lists by institution, level, competency, status and text, in cursor pages', async () => {
    const km = await create('ALO-KM', { outcomes: [outcomes.klas] });
    await create('ALO-VEILIG', { outcomes: [outcomes.veilig], level: 'ad', title: 'Veilig bewegen' });
    await create('ALO-BEIDE', { outcomes: [outcomes.klas, outcomes.veilig] });
    await t.call('POST', `/modules/${km.id}/publish`, { as: han });
    const codes = async (query: string) =>
      (await t.call('GET', `/modules?${query}`, { as: han })).body.items
        .map((m: { code: string }) => m.code)
        .sort();

    expect(await codes(`competency=${encodeURIComponent(VEILIG)}`)).toEqual(['ALO-BEIDE', 'ALO-VEILIG']);
    expect(await codes('level=ad')).toEqual(['ALO-VEILIG']);
    expect(await codes('status=published')).toEqual(['ALO-KM']);
    expect(await codes('q=veilig')).toEqual(['ALO-VEILIG']);
    expect(await codes('institution=ncoi')).toEqual([]);

    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const res = await t.call('GET', `/modules?limit=2${cursor}`, { as: han });
      seen.push(...res.body.items.map((m: { code: string }) => m.code));
      if (!res.body.nextCursor) break;
      cursor = `&cursor=${res.body.nextCursor}`;
    }
    expect(seen.sort()).toEqual(['ALO-BEIDE', 'ALO-KM', 'ALO-VEILIG']);
    expect((await t.call('GET', '/modules?cursor=%%%', { as: han })).status).toBe(400);
    expect((await t.call('GET', '/modules?limit=1000', { as: han })).status).toBe(400);
  });

  it('says what a number in the query or path was instead of a whole number', async () => {
    const { id } = await create('ALO-KM');
    const problem = async (path: string) => {
      const res = await t.call('GET', path, { as: han });
      return [res.status, res.body.detail];
    };
    expect(await problem(`/modules/${id}/versions/abc`)).toEqual([
      400,
      "param.version: expected a whole number of at least 1, got 'abc'",
    ]);
    expect(await problem(`/modules/${id}/versions/0`)).toEqual([
      400,
      "param.version: expected a whole number of at least 1, got '0'",
    ]);
    expect(await problem('/modules?limit=abc')).toEqual([
      400,
      "query.limit: expected a whole number from 1 to 200, got 'abc'",
    ]);
    expect(await problem('/modules?limit=2.5')).toEqual([
      400,
      "query.limit: expected a whole number from 1 to 200, got '2.5'",
    ]);
    expect(await problem('/modules?limit=1000')).toEqual([
      400,
      "query.limit: expected a whole number from 1 to 200, got '1000'",
    ]);
    expect((await t.call('GET', `/modules/${id}/versions/01`, { as: han })).body.version).toBe(1);
    expect((await t.call('GET', '/modules?limit=1', { as: han })).body.items).toHaveLength(1);
  });

  it('records who did what in the audit log', async () => {
    const { id } = await create('ALO-KM');
    await t.call('POST', `/modules/${id}/publish`, { as: han });
    const events = t.db.sqlite
      .prepare('SELECT actor, action FROM audit_event WHERE resource_id = ? ORDER BY at, action')
      .all(id);
    expect(events).toEqual([
      { actor: 'opleider:opleider-han', action: 'module.created' },
      { actor: 'opleider:opleider-han', action: 'module.published' },
    ]);
  });
  it('lists what was written since the last list, however it was written (the cached list follows the revision)', async () => {
    const list = async () =>
      (await t.call('GET', `/modules?competency=${encodeURIComponent(KLAS)}`, { as: han })).body.items as {
        code: string;
        title: string;
        status: string;
      }[];
    const { id } = await create('ALO-KM');
    expect((await list()).map((m) => [m.code, m.status])).toEqual([['ALO-KM', 'draft']]);
    await t.call('POST', `/modules/${id}/publish`, { as: han });
    expect((await list()).map((m) => m.status)).toEqual(['published']);
    await t.call('PATCH', `/modules/${id}`, { as: han, body: { title: 'Klassenmanagement' } });
    expect((await list()).map((m) => [m.title, m.status])).toEqual([['Klassenmanagement', 'draft']]);
    await create('ALO-KM2');
    expect((await list()).map((m) => m.code).sort()).toEqual(['ALO-KM', 'ALO-KM2']);
    // A write that does not go through the stores (another process, a migration) is seen too.
    t.db.sqlite
      .prepare("UPDATE module_version SET title = ? WHERE module_id = ? AND status = 'draft'")
      .run('Elders gewijzigd', id);
    expect((await list()).find((m) => m.code === 'ALO-KM')?.title).toBe('Elders gewijzigd');
  });
});
