import { beforeEach, describe, expect, it } from 'vitest';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const fatima = {
  name: 'Fatima el Amrani',
  email: 'f.elamrani@santezorg.nl',
  subject: 'praktijk-fatima',
  qualifications: ['mbo-examinator', 'evc-assessor'],
};

const joost = {
  name: 'Joost de Vries',
  email: 'j.devries@santezorg.nl',
  subject: 'praktijk-joost',
  qualifications: ['evc-assessor'],
};

const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe('assessors', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
    for (const employer of [
      {
        id: 'sante',
        name: 'Santé Zorggroep',
        sector: 'zorg',
        locations: [{ id: 'de-hoven', name: 'Woonzorgcentrum De Hoven', city: 'Zutphen' }],
      },
      { id: 'ksu', name: 'Katholieke Scholenstichting Utrecht', sector: 'onderwijs' },
    ]) {
      expect((await t.call('POST', '/employers', { as: admin, body: employer })).status).toBe(201);
    }
  });

  it('a werkgever registers a praktijkopleider with qualifications, which anyone signed in can read', async () => {
    const created = await t.call('POST', '/assessors', { as: werkgever('sante'), body: fatima });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...fatima,
      id: created.body.id,
      employerId: 'sante',
      createdAt: '2026-11-22T09:00:00.000Z',
      updatedAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', `/assessors/${created.body.id}`, { as: opleider('roc-rivor') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('qualifications default to none and the subject is optional', async () => {
    const created = await t.call('POST', '/assessors', {
      as: werkgever('ksu'),
      body: { name: 'Anouk Bakker', email: 'a.bakker@ksu.nl' },
    });
    expect(created.status).toBe(201);
    expect(created.body.qualifications).toEqual([]);
    expect(created.body).not.toHaveProperty('subject');
  });

  it('lists by qualification and by employer', async () => {
    await t.call('POST', '/assessors', { as: werkgever('sante'), body: fatima });
    await t.call('POST', '/assessors', { as: werkgever('sante'), body: joost });
    await t.call('POST', '/assessors', {
      as: werkgever('ksu'),
      body: {
        name: 'Marloes Jansen',
        email: 'm.jansen@ksu.nl',
        subject: 'praktijk-marloes',
        qualifications: ['hbo-examinator', 'mbo-examinator'],
      },
    });
    const names = (items: { name: string }[]) => items.map((a) => a.name).sort();

    const examinatoren = await t.call('GET', '/assessors?qualification=mbo-examinator', { as: admin });
    expect(examinatoren.status).toBe(200);
    expect(names(examinatoren.body.items)).toEqual(['Fatima el Amrani', 'Marloes Jansen']);
    const santeExaminatoren = await t.call('GET', '/assessors?employer=sante&qualification=mbo-examinator', {
      as: admin,
    });
    expect(names(santeExaminatoren.body.items)).toEqual(['Fatima el Amrani']);
    const hbo = await t.call('GET', '/assessors?qualification=hbo-examinator', { as: admin });
    expect(names(hbo.body.items)).toEqual(['Marloes Jansen']);
    const text = await t.call('GET', '/assessors?q=devries', { as: admin });
    expect(names(text.body.items)).toEqual(['Joost de Vries']);

    const first = await t.call('GET', '/assessors?employer=sante&limit=1', { as: admin });
    const second = await t.call('GET', `/assessors?employer=sante&limit=1&cursor=${first.body.nextCursor}`, {
      as: admin,
    });
    expect(second.body.nextCursor).toBeUndefined();
    expect(names([...first.body.items, ...second.body.items])).toEqual([
      'Fatima el Amrani',
      'Joost de Vries',
    ]);

    const unknown = await t.call('GET', '/assessors?qualification=examinator', { as: admin });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(unknown.body)).toEqual(['query.qualification']);
  });

  it('a second praktijkopleider with the same subject is a conflict and writes nothing', async () => {
    await t.call('POST', '/assessors', { as: werkgever('sante'), body: fatima });
    const before = t.rowCounts();
    const again = await t.call('POST', '/assessors', {
      as: werkgever('ksu'),
      body: { ...joost, subject: fatima.subject },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toMatchObject({
      detail: `Another praktijkopleider already signs in as '${fatima.subject}'.`,
      errors: [{ path: 'body.subject' }],
    });
    expect(t.rowCounts()).toEqual(before);
  });

  it('refuses a bad email or a qualification listed twice at their paths and writes nothing', async () => {
    const before = t.rowCounts();
    const email = await t.call('POST', '/assessors', {
      as: werkgever('sante'),
      body: { ...fatima, email: 'fatima at santé' },
    });
    expect(email.status).toBe(422);
    expect(email.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(email.body)).toEqual(['body.email']);

    const twice = await t.call('POST', '/assessors', {
      as: werkgever('sante'),
      body: { ...fatima, qualifications: ['mbo-examinator', 'mbo-examinator'] },
    });
    expect(twice.status).toBe(422);
    expect(paths(twice.body)).toEqual(['body.qualifications']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an opleider or another employer’s werkgever registers no praktijkopleiders here', async () => {
    const before = t.rowCounts();
    for (const as of [opleider('roc-rivor'), werkgever('ksu')]) {
      const res = await t.call('POST', '/assessors', { as, body: { ...fatima, employerId: 'sante' } });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(t.rowCounts()).toEqual(before);
  });

  it('the werkgever edits its own praktijkopleider; PATCH keeps what it does not name', async () => {
    const created = (await t.call('POST', '/assessors', { as: werkgever('sante'), body: fatima })).body;
    const changed = await t.call('PATCH', `/assessors/${created.id}`, {
      as: werkgever('sante'),
      body: { email: 'fatima.elamrani@santezorg.nl' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      ...fatima,
      email: 'fatima.elamrani@santezorg.nl',
    });
    expect((await t.call('GET', `/assessors/${created.id}`, { as: admin })).body).toEqual(changed.body);

    const before = t.rowCounts();
    const other = await t.call('PATCH', `/assessors/${created.id}`, {
      as: werkgever('ksu'),
      body: { qualifications: [] },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    // Regression: the uniqueness check of qualifications was lost in the PATCH schema.
    const twice = await t.call('PATCH', `/assessors/${created.id}`, {
      as: werkgever('sante'),
      body: { qualifications: ['mbo-examinator', 'mbo-examinator'] },
    });
    expect(twice.status).toBe(422);
    expect(twice.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(twice.body)).toEqual(['body.qualifications']);
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', `/assessors/${created.id}`, { as: admin })).body).toEqual(changed.body);
  });

  it('unknown ids are 404 problems', async () => {
    const res = await t.call('GET', '/assessors/nope', { as: admin });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
