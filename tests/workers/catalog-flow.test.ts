import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call } from './worker-client.js';

const admin = { role: 'admin' };
const kw1c = { role: 'opleider', institution: 'kw1c' };

describe('the catalog on workerd with D1', () => {
  it('runs a catalog flow: institution, competency, outcome, module, publish, new version', async () => {
    expect((await call('GET', '/health', undefined)).status).toBe(200);
    expect(
      (
        await call('POST', '/institutions', admin, {
          id: 'kw1c',
          name: 'Koning Willem I College',
          kind: 'mbo',
          qualityAssurance: 'Inspectie van het Onderwijs',
        })
      ).status,
    ).toBe(201);
    const framework = await call('POST', '/frameworks', admin, {
      uri: 'https://id.loopbrug.nl/kd/installatietechniek',
      title: 'Kwalificatiedossier Installatietechniek',
      kind: 'kwalificatiedossier',
    });
    expect(framework.status).toBe(201);
    const uri = 'https://id.loopbrug.nl/kd/installatietechniek/cv-ketel-onderhoud';
    const competency = await call('POST', '/competencies', admin, {
      frameworkId: framework.body.id,
      uri,
      title: 'Onderhoudt cv-ketels',
      level: 'mbo-2',
    });
    expect(competency.status).toBe(201);
    const outcome = await call('POST', '/learning-outcomes', kw1c, {
      code: 'LO-CV-1',
      title: 'Voert onderhoud uit aan vier typen cv-ketels',
      description: 'Reinigt, controleert en stelt af volgens fabrieksvoorschrift.',
      competencies: [uri],
      assessmentMethod: 'praktijktoets',
    });
    expect(outcome.status).toBe(201);
    const draft = await call('POST', '/modules', kw1c, {
      code: 'CV-KETELS',
      title: 'Cv-ketels: onderhoud en storingen',
      description: 'Vier typen cv-ketels bij Hoppenbrouwers.',
      outcomes: [outcome.body.id],
      studyLoad: { hours: 40 },
      level: 'mbo-2',
      deliveryModes: ['op-locatie'],
      startPattern: { kind: 'monthly', dayOfMonth: 1 },
      price: { amountCents: 89000 },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 1, status: 'draft', competencies: [uri] });

    const published = await call('POST', `/modules/${draft.body.id}/publish`, kw1c);
    expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    const changed = await call('PATCH', `/modules/${draft.body.id}`, kw1c, { studyLoad: { hours: 48 } });
    expect(changed.body).toMatchObject({ version: 2, status: 'draft', publishedVersion: 1 });
    const first = await call('GET', `/modules/${draft.body.id}/versions/1`, kw1c);
    expect(first.body.studyLoad.hours).toBe(40);

    const found = await call('GET', `/modules?competency=${encodeURIComponent(uri)}`, kw1c);
    expect(found.body.items.map((m: { code: string }) => m.code)).toEqual(['CV-KETELS']);
  });

  it('answers bad input and denials with problem details, writing nothing', async () => {
    const institutions = () => env.DB.prepare('SELECT count(*) AS n FROM institution').first<{ n: number }>();
    const before = await institutions();
    const bad = await call('POST', '/institutions', admin, { id: 'X!', kind: 'uni' });
    expect(bad.status).toBe(422);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.errors.length).toBeGreaterThan(0);
    expect((await call('POST', '/modules', { role: 'opleider', institution: 'han' }, {})).status).toBe(422);
    expect((await call('GET', '/modules', undefined)).status).toBe(401);
    expect(await institutions()).toEqual(before);
  });

  it('rejects a prerequisite cycle with 422 naming it (recursive query on D1)', async () => {
    await call('POST', '/institutions', admin, {
      id: 'roc',
      name: 'ROC',
      kind: 'mbo',
      qualityAssurance: 'Inspectie',
    });
    const fw = await call('POST', '/frameworks', admin, {
      uri: 'https://id.loopbrug.nl/x',
      title: 'X',
      kind: 'eigen',
    });
    await call('POST', '/competencies', admin, {
      frameworkId: fw.body.id,
      uri: 'https://id.loopbrug.nl/x/1',
      title: 'Een',
    });
    const roc = { role: 'opleider', institution: 'roc' };
    const lo = await call('POST', '/learning-outcomes', roc, {
      code: 'LO',
      title: 'Een',
      description: 'Een',
      competencies: ['https://id.loopbrug.nl/x/1'],
      assessmentMethod: 'observatie',
    });
    const base = {
      description: 'm',
      outcomes: [lo.body.id],
      studyLoad: { hours: 8 },
      deliveryModes: ['online'],
      startPattern: { kind: 'continuous' },
      price: { amountCents: 0 },
    };
    const a = await call('POST', '/modules', roc, { ...base, code: 'A', title: 'A' });
    const b = await call('POST', '/modules', roc, {
      ...base,
      code: 'B',
      title: 'B',
      prerequisites: { modules: [a.body.id] },
    });
    const cycle = await call('PATCH', `/modules/${a.body.id}`, roc, {
      prerequisites: { modules: [b.body.id] },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.detail).toContain('A → B → A');
  });
});
