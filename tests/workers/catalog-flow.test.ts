import { describe, expect, it } from 'vitest';
import { admin, opleider } from '../support/principals.js';
import { d1Target } from './d1-target.js';

const t = d1Target();
const kw1c = opleider('kw1c');

describe('the catalog on workerd with D1', () => {
  it('runs a catalog flow: institution, competency, outcome, module, publish, new version', async () => {
    expect((await t.call('GET', '/health')).status).toBe(200);
    expect(
      (
        await t.call('POST', '/institutions', {
          as: admin,
          body: {
            id: 'kw1c',
            name: 'Koning Willem I College',
            kind: 'mbo',
            qualityAssurance: 'Inspectie van het Onderwijs',
          },
        })
      ).status,
    ).toBe(201);
    const framework = await t.call('POST', '/frameworks', {
      as: admin,
      body: {
        uri: 'https://id.loopbrug.nl/kd/installatietechniek',
        title: 'Kwalificatiedossier Installatietechniek',
        kind: 'kwalificatiedossier',
      },
    });
    expect(framework.status).toBe(201);
    const uri = 'https://id.loopbrug.nl/kd/installatietechniek/cv-ketel-onderhoud';
    const competency = await t.call('POST', '/competencies', {
      as: admin,
      body: {
        frameworkId: framework.body.id,
        uri,
        title: 'Onderhoudt cv-ketels',
        level: 'mbo-2',
      },
    });
    expect(competency.status).toBe(201);
    const outcome = await t.call('POST', '/learning-outcomes', {
      as: kw1c,
      body: {
        code: 'LO-CV-1',
        title: 'Voert onderhoud uit aan vier typen cv-ketels',
        description: 'Reinigt, controleert en stelt af volgens fabrieksvoorschrift.',
        competencies: [uri],
        assessmentMethod: 'praktijktoets',
      },
    });
    expect(outcome.status).toBe(201);
    const draft = await t.call('POST', '/modules', {
      as: kw1c,
      body: {
        code: 'CV-KETELS',
        title: 'Cv-ketels: onderhoud en storingen',
        description: 'Vier typen cv-ketels bij Hoppenbrouwers.',
        outcomes: [outcome.body.id],
        studyLoad: { hours: 40 },
        level: 'mbo-2',
        deliveryModes: ['op-locatie'],
        startPattern: { kind: 'monthly', dayOfMonth: 1 },
        price: { amountCents: 89000 },
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 1, status: 'draft', competencies: [uri] });

    const published = await t.call('POST', `/modules/${draft.body.id}/publish`, { as: kw1c });
    expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    const changed = await t.call('PATCH', `/modules/${draft.body.id}`, {
      as: kw1c,
      body: { studyLoad: { hours: 48 } },
    });
    expect(changed.body).toMatchObject({ version: 2, status: 'draft', publishedVersion: 1 });
    const first = await t.call('GET', `/modules/${draft.body.id}/versions/1`, { as: kw1c });
    expect(first.body.studyLoad.hours).toBe(40);

    const found = await t.call('GET', `/modules?competency=${encodeURIComponent(uri)}`, { as: kw1c });
    expect(found.body.items.map((m: { code: string }) => m.code)).toEqual(['CV-KETELS']);
  });

  it('answers bad input and denials with problem details, writing nothing', async () => {
    const institutions = () => t.query<{ n: number }>('SELECT count(*) AS n FROM institution');
    const before = await institutions();
    const bad = await t.call('POST', '/institutions', { as: admin, body: { id: 'X!', kind: 'uni' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.body.errors.length).toBeGreaterThan(0);
    expect((await t.call('POST', '/modules', { as: opleider('han'), body: {} })).status).toBe(422);
    expect((await t.call('GET', '/modules')).status).toBe(401);
    expect(await institutions()).toEqual(before);
  });

  it('rejects a prerequisite cycle with 422 naming it (recursive query on D1)', async () => {
    await t.call('POST', '/institutions', {
      as: admin,
      body: {
        id: 'roc',
        name: 'ROC',
        kind: 'mbo',
        qualityAssurance: 'Inspectie',
      },
    });
    const fw = await t.call('POST', '/frameworks', {
      as: admin,
      body: {
        uri: 'https://id.loopbrug.nl/x',
        title: 'X',
        kind: 'eigen',
      },
    });
    await t.call('POST', '/competencies', {
      as: admin,
      body: {
        frameworkId: fw.body.id,
        uri: 'https://id.loopbrug.nl/x/1',
        title: 'Een',
      },
    });
    const roc = opleider('roc');
    const lo = await t.call('POST', '/learning-outcomes', {
      as: roc,
      body: {
        code: 'LO',
        title: 'Een',
        description: 'Een',
        competencies: ['https://id.loopbrug.nl/x/1'],
        assessmentMethod: 'observatie',
      },
    });
    const base = {
      description: 'm',
      outcomes: [lo.body.id],
      studyLoad: { hours: 8 },
      deliveryModes: ['online'],
      startPattern: { kind: 'continuous' },
      price: { amountCents: 0 },
    };
    const a = await t.call('POST', '/modules', { as: roc, body: { ...base, code: 'A', title: 'A' } });
    const b = await t.call('POST', '/modules', {
      as: roc,
      body: {
        ...base,
        code: 'B',
        title: 'B',
        prerequisites: { modules: [a.body.id] },
      },
    });
    const cycle = await t.call('PATCH', `/modules/${a.body.id}`, {
      as: roc,
      body: {
        prerequisites: { modules: [b.body.id] },
      },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.detail).toContain('A → B → A');
  });
});
