import { beforeEach, describe, expect, it } from 'vitest';
import { admin, opleider, startTestApp } from '../../../tests/support/test-app.js';

const han = {
  id: 'han',
  name: 'Hogeschool van Arnhem en Nijmegen',
  kind: 'hbo',
  qualityAssurance: 'NVAO-accreditatie',
};

describe('institutions', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
  });

  it('an admin registers an instelling, which anyone signed in can read', async () => {
    const created = await t.call('POST', '/institutions', { as: admin, body: han });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...han, country: 'NL', createdAt: '2026-11-22T09:00:00.000Z' });

    const read = await t.call('GET', '/institutions/han', { as: opleider('loi') });
    expect(read.status).toBe(200);
    expect(read.body.name).toBe(han.name);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/institutions', {
      as: admin,
      body: { ...han, id: 'HAN!', kind: 'uni' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.id', 'body.kind']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a second instelling with the same id is a conflict', async () => {
    await t.call('POST', '/institutions', { as: admin, body: han });
    const again = await t.call('POST', '/institutions', { as: admin, body: { ...han, name: 'Ander' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      detail: "There is already an institution 'han'.",
      errors: [{ path: 'body.id' }],
    });
    expect((await t.call('GET', '/institutions/han', { as: admin })).body.name).toBe(han.name);
  });

  it('only an admin registers; an opleider edits only their own', async () => {
    expect((await t.call('POST', '/institutions', { as: opleider('han'), body: han })).status).toBe(403);
    await t.call('POST', '/institutions', { as: admin, body: han });
    await t.call('POST', '/institutions', {
      as: admin,
      body: { ...han, id: 'loi', name: 'LOI', kind: 'private' },
    });
    expect(
      (await t.call('PATCH', '/institutions/loi', { as: opleider('han'), body: { name: 'X' } })).status,
    ).toBe(403);
    const own = await t.call('PATCH', '/institutions/han', {
      as: opleider('han'),
      body: { website: 'https://han.nl' },
    });
    expect(own.status).toBe(200);
    expect(own.body.website).toBe('https://han.nl');
  });

  it('lists with filters and cursor pages', async () => {
    for (const [id, kind] of [
      ['avans', 'hbo'],
      ['han', 'hbo'],
      ['loi', 'private'],
      ['roc-rivor', 'mbo'],
    ]) {
      await t.call('POST', '/institutions', {
        as: admin,
        body: { ...han, id, kind, name: `Instelling ${id}` },
      });
    }
    const first = await t.call('GET', '/institutions?kind=hbo&limit=1', { as: admin });
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual(['avans']);
    const second = await t.call('GET', `/institutions?kind=hbo&limit=1&cursor=${first.body.nextCursor}`, {
      as: admin,
    });
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual(['han']);
    expect(second.body.nextCursor).toBeUndefined();
    const text = await t.call('GET', '/institutions?q=rivor', { as: admin });
    expect(text.body.items.map((i: { id: string }) => i.id)).toEqual(['roc-rivor']);
  });

  it('unknown ids are 404 problems; no token is 401', async () => {
    expect((await t.call('GET', '/institutions/nope', { as: admin })).status).toBe(404);
    const anonymous = await t.call('GET', '/institutions');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
  });
});
