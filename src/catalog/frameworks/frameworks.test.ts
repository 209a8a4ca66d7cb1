import { beforeEach, describe, expect, it } from 'vitest';
import { createInstitution, KD } from '../../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const kdVig = {
  uri: `${KD}/vig`,
  title: 'Kwalificatiedossier Verzorgende IG',
  kind: 'kwalificatiedossier',
  version: '2025',
};

const rivorProfiel = {
  uri: 'https://rivor.nl/profielen/zorg-en-welzijn',
  title: 'Beroepsprofiel Zorg en welzijn (ROC Rivor)',
  kind: 'eigen',
};

describe('frameworks', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
    await createInstitution(t, 'roc-rivor');
    await createInstitution(t, 'han');
  });

  it('an admin defines a shared kwalificatiedossier, which anyone signed in can read', async () => {
    const created = await t.call('POST', '/frameworks', { as: admin, body: kdVig });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...kdVig,
      institutionId: null,
      createdAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', `/frameworks/${created.body.id}`, { as: werkgever('sante') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it("an opleider's framework belongs to their instelling, whatever the body names", async () => {
    const own = await t.call('POST', '/frameworks', { as: opleider('roc-rivor'), body: rivorProfiel });
    expect(own.status).toBe(201);
    expect(own.body.institutionId).toBe('roc-rivor');

    const other = await t.call('POST', '/frameworks', {
      as: opleider('roc-rivor'),
      body: { ...rivorProfiel, uri: 'https://rivor.nl/profielen/techniek', institutionId: 'han' },
    });
    expect(other.status).toBe(201);
    expect(other.body.institutionId).toBe('roc-rivor');

    const owned = await t.call('GET', '/frameworks?institution=roc-rivor', { as: admin });
    expect(owned.body.items).toHaveLength(2);
  });

  it('only an admin adds competencies to a shared framework; an opleider adds to their own', async () => {
    const shared = (await t.call('POST', '/frameworks', { as: admin, body: kdVig })).body;
    const own = (await t.call('POST', '/frameworks', { as: opleider('roc-rivor'), body: rivorProfiel })).body;
    const competency = (frameworkId: string, code: string) => ({
      frameworkId,
      uri: `${KD}/vig/${code.toLowerCase()}`,
      code,
      title: 'Voert verpleegtechnische handelingen uit',
      level: 'mbo-3',
    });

    const before = t.rowCounts();
    const refused = await t.call('POST', '/competencies', {
      as: opleider('roc-rivor'),
      body: competency(shared.id, 'B1-K1-W3'),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);

    const byAdmin = await t.call('POST', '/competencies', {
      as: admin,
      body: competency(shared.id, 'B1-K1-W3'),
    });
    expect(byAdmin.status).toBe(201);

    const byOwner = await t.call('POST', '/competencies', {
      as: opleider('roc-rivor'),
      body: competency(own.id, 'RIVOR-1'),
    });
    expect(byOwner.status).toBe(201);
    expect(byOwner.body.frameworkId).toBe(own.id);

    const afterOwn = t.rowCounts();
    const byStranger = await t.call('POST', '/competencies', {
      as: opleider('han'),
      body: competency(own.id, 'HAN-1'),
    });
    expect(byStranger.status).toBe(403);
    expect(byStranger.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(afterOwn);
  });

  it('a werkgever defines no frameworks', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/frameworks', { as: werkgever('sante'), body: kdVig });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('a second framework with the same URI is a conflict and writes nothing', async () => {
    await t.call('POST', '/frameworks', { as: admin, body: kdVig });
    const before = t.rowCounts();
    const again = await t.call('POST', '/frameworks', {
      as: opleider('han'),
      body: { ...kdVig, title: 'Kopie van het dossier', kind: 'eigen' },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toMatchObject({
      detail: `There is already a framework ${kdVig.uri}.`,
      errors: [{ path: 'body.uri' }],
    });
    expect(t.rowCounts()).toEqual(before);
    const all = await t.call('GET', '/frameworks', { as: admin });
    expect(all.body.items.map((f: { title: string }) => f.title)).toEqual([kdVig.title]);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/frameworks', {
      as: admin,
      body: { ...kdVig, uri: 'geen uri', kind: 'leerplan' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.kind', 'body.uri']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('lists by kind and text, and unknown ids are 404 problems', async () => {
    await t.call('POST', '/frameworks', { as: admin, body: kdVig });
    await t.call('POST', '/frameworks', { as: opleider('roc-rivor'), body: rivorProfiel });
    await t.call('POST', '/frameworks', {
      as: admin,
      body: { uri: 'http://data.europa.eu/esco', title: 'ESCO', kind: 'esco' },
    });
    const dossiers = await t.call('GET', '/frameworks?kind=kwalificatiedossier', { as: admin });
    expect(dossiers.body.items.map((f: { uri: string }) => f.uri)).toEqual([kdVig.uri]);
    const text = await t.call('GET', '/frameworks?q=welzijn', { as: admin });
    expect(text.body.items.map((f: { uri: string }) => f.uri)).toEqual([rivorProfiel.uri]);

    const missing = await t.call('GET', '/frameworks/nope', { as: admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });
});
