import { beforeEach, describe, expect, it } from 'vitest';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const sante = {
  id: 'sante',
  name: 'Santé Zorggroep',
  sector: 'zorg',
  locations: [
    { id: 'de-hoven', name: 'Woonzorgcentrum De Hoven', city: 'Zutphen' },
    { id: 'het-baken', name: 'Verpleeghuis Het Baken', city: 'Deventer' },
  ],
};

const ksu = {
  id: 'ksu',
  name: 'Katholieke Scholenstichting Utrecht',
  sector: 'onderwijs',
  locations: [{ id: 'de-wissel', name: 'Basisschool De Wissel', city: 'Utrecht' }],
};

describe('employers', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
  });

  it('an admin registers a werkgever with its locations, which anyone signed in can read', async () => {
    const created = await t.call('POST', '/employers', { as: admin, body: sante });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...sante,
      createdAt: '2026-11-22T09:00:00.000Z',
      updatedAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', '/employers/sante', { as: opleider('roc-rivor') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('locations default to none', async () => {
    const { locations: _, ...body } = ksu;
    const created = await t.call('POST', '/employers', { as: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.locations).toEqual([]);
  });

  it('only an admin registers; a werkgever cannot register even itself', async () => {
    const before = t.rowCounts();
    for (const as of [werkgever('sante'), opleider('roc-rivor')]) {
      const res = await t.call('POST', '/employers', { as, body: sante });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(t.rowCounts()).toEqual(before);
  });

  it('a werkgever edits its own employer, not another', async () => {
    await t.call('POST', '/employers', { as: admin, body: sante });
    await t.call('POST', '/employers', { as: admin, body: ksu });

    const before = t.rowCounts();
    const other = await t.call('PATCH', '/employers/ksu', {
      as: werkgever('sante'),
      body: { name: 'Santé' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', '/employers/ksu', { as: admin })).body.name).toBe(ksu.name);

    const locations = [...sante.locations, { id: 'de-linde', name: 'De Linde', city: 'Lochem' }];
    const own = await t.call('PATCH', '/employers/sante', { as: werkgever('sante'), body: { locations } });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ ...sante, locations });
    expect((await t.call('GET', '/employers/sante', { as: admin })).body.locations).toEqual(locations);
  });

  it('PATCH with only a name keeps the locations', async () => {
    await t.call('POST', '/employers', { as: admin, body: sante });
    const renamed = await t.call('PATCH', '/employers/sante', {
      as: werkgever('sante'),
      body: { name: 'Santé Zorg en Welzijn' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Santé Zorg en Welzijn',
      sector: 'zorg',
      locations: sante.locations,
    });
    const read = await t.call('GET', '/employers/sante', { as: admin });
    expect(read.body).toEqual(renamed.body);
  });

  it('PATCH refuses the id, unknown fields and duplicate location ids, and writes nothing', async () => {
    await t.call('POST', '/employers', { as: admin, body: sante });
    const before = t.rowCounts();
    const rename = await t.call('PATCH', '/employers/sante', { as: admin, body: { id: 'sante-2' } });
    expect(rename.status).toBe(422);
    expect(rename.headers.get('content-type')).toBe('application/problem+json');
    const twice = await t.call('PATCH', '/employers/sante', {
      as: admin,
      body: { locations: [sante.locations[0], sante.locations[0]] },
    });
    expect(twice.status).toBe(422);
    expect(twice.headers.get('content-type')).toBe('application/problem+json');
    expect(twice.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.locations']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a second employer with the same id is a conflict and writes nothing', async () => {
    await t.call('POST', '/employers', { as: admin, body: sante });
    const before = t.rowCounts();
    const again = await t.call('POST', '/employers', { as: admin, body: { ...sante, name: 'Ander' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toMatchObject({
      detail: "There is already an employer 'sante'.",
      errors: [{ path: 'body.id' }],
    });
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', '/employers/sante', { as: admin })).body.name).toBe(sante.name);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/employers', {
      as: admin,
      body: { ...sante, id: 'Santé!', sector: 'horeca', locations: [{ id: 'de-hoven', name: 'De Hoven' }] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.id',
      'body.locations[0].city',
      'body.sector',
    ]);
    expect(t.rowCounts()).toEqual(before);
  });

  it('lists by sector and text, in cursor pages; unknown ids are 404', async () => {
    await t.call('POST', '/employers', { as: admin, body: sante });
    await t.call('POST', '/employers', { as: admin, body: ksu });
    await t.call('POST', '/employers', {
      as: admin,
      body: { id: 'alliander', name: 'Alliander', sector: 'energie' },
    });
    const first = await t.call('GET', '/employers?limit=2', { as: admin });
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual(['alliander', 'ksu']);
    const second = await t.call('GET', `/employers?limit=2&cursor=${first.body.nextCursor}`, { as: admin });
    expect(second.body.items.map((e: { id: string }) => e.id)).toEqual(['sante']);
    expect(second.body.nextCursor).toBeUndefined();
    const zorg = await t.call('GET', '/employers?sector=zorg', { as: admin });
    expect(zorg.body.items.map((e: { id: string }) => e.id)).toEqual(['sante']);
    const text = await t.call('GET', '/employers?q=scholen', { as: admin });
    expect(text.body.items.map((e: { id: string }) => e.id)).toEqual(['ksu']);

    const missing = await t.call('GET', '/employers/nope', { as: admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });
});
