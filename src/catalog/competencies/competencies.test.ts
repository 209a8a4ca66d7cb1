import { beforeEach, describe, expect, it } from 'vitest';
import { createFramework, createInstitution, KD } from '../../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const verpleegtechnisch = {
  uri: `${KD}/vig/b1-k1-w3`,
  code: 'B1-K1-W3',
  title: 'Voert verpleegtechnische handelingen uit',
  description: 'Zoals wondverzorging, injecteren en katheteriseren bij zorgvragers van Santé.',
  level: 'mbo-3',
};

describe('competencies', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let vig: { id: string };
  beforeEach(async () => {
    t = await startTestApp();
    await createInstitution(t, 'roc-rivor');
    vig = await createFramework(t, admin);
  });

  it('an admin adds a competency with its level, which anyone signed in can read', async () => {
    const created = await t.call('POST', '/competencies', {
      as: admin,
      body: { ...verpleegtechnisch, frameworkId: vig.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...verpleegtechnisch,
      frameworkId: vig.id,
      level: { name: 'mbo-3', nlqf: 3, eqf: 3 },
      createdAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', `/competencies/${created.body.id}`, { as: werkgever('sante') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('a competency without code, description or level is shown without them', async () => {
    const created = await t.call('POST', '/competencies', {
      as: admin,
      body: { frameworkId: vig.id, uri: `${KD}/vig/rapporteren`, title: 'Rapporteert in het ECD' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'frameworkId', 'id', 'title', 'uri']);
  });

  it('unknown ids are 404 problems', async () => {
    const res = await t.call('GET', '/competencies/nope', { as: admin });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('a second competency with the same URI is a conflict and writes nothing', async () => {
    await t.call('POST', '/competencies', { as: admin, body: { ...verpleegtechnisch, frameworkId: vig.id } });
    const before = t.rowCounts();
    const again = await t.call('POST', '/competencies', {
      as: admin,
      body: { ...verpleegtechnisch, frameworkId: vig.id, title: 'Anders verwoord' },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toMatchObject({
      detail: `There is already a competency ${verpleegtechnisch.uri}.`,
      errors: [{ path: 'body.uri' }],
    });
    expect(t.rowCounts()).toEqual(before);
  });

  it('an unknown frameworkId is refused at body.frameworkId and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/competencies', {
      as: admin,
      body: { ...verpleegtechnisch, frameworkId: 'geen-dossier' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.frameworkId']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a URI that is not a URL is refused at body.uri and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/competencies', {
      as: admin,
      body: { ...verpleegtechnisch, frameworkId: vig.id, uri: 'B1-K1-W3' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.uri']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a werkgever adds no competencies', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/competencies', {
      as: werkgever('sante'),
      body: { ...verpleegtechnisch, frameworkId: vig.id },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('lists by framework, level and text, in cursor pages', async () => {
    const rivor = await createFramework(t, opleider('roc-rivor'), {
      uri: 'https://rivor.nl/profielen/zorg',
      title: 'Beroepsprofiel zorg (ROC Rivor)',
      kind: 'eigen',
    });
    const seeds: [string, string, string, string][] = [
      [vig.id, 'B1-K1-W1', 'Onderkent gezondheidsrisico’s', 'mbo-3'],
      [vig.id, 'B1-K1-W2', 'Stelt een zorgplan op', 'mbo-3'],
      [vig.id, 'B1-K1-W3', 'Voert verpleegtechnische handelingen uit', 'mbo-3'],
      [vig.id, 'B1-K2-W1', 'Werkt samen met naasten', 'mbo-2'],
      [rivor.id, 'RIV-1', 'Begeleidt stagiairs op de afdeling', 'mbo-4'],
    ];
    const byCode = new Map<string, string>();
    for (const [frameworkId, code, title, level] of seeds) {
      const as = frameworkId === vig.id ? admin : opleider('roc-rivor');
      const res = await t.call('POST', '/competencies', {
        as,
        body: { frameworkId, uri: `${KD}/${frameworkId}/${code.toLowerCase()}`, code, title, level },
      });
      expect(res.status).toBe(201);
      byCode.set(res.body.id, code);
    }
    const codes = (items: { id: string }[]) => items.map((c) => byCode.get(c.id));

    const seen: { id: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.call(
        'GET',
        `/competencies?framework=${vig.id}&level=mbo-3&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: admin },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(2);
    expect(codes(seen).sort()).toEqual(['B1-K1-W1', 'B1-K1-W2', 'B1-K1-W3']);
    expect(seen.map((c) => c.id)).toEqual(seen.map((c) => c.id).sort());

    const ownFramework = await t.call('GET', `/competencies?framework=${rivor.id}`, { as: admin });
    expect(codes(ownFramework.body.items)).toEqual(['RIV-1']);
    const mbo2 = await t.call('GET', '/competencies?level=mbo-2', { as: admin });
    expect(codes(mbo2.body.items)).toEqual(['B1-K2-W1']);
    const text = await t.call('GET', '/competencies?q=zorgplan', { as: admin });
    expect(codes(text.body.items)).toEqual(['B1-K1-W2']);
    const byCodeText = await t.call('GET', '/competencies?q=RIV-1', { as: admin });
    expect(codes(byCodeText.body.items)).toEqual(['RIV-1']);
  });

  it('refuses a bad level filter or a foreign cursor as a 400 problem', async () => {
    const level = await t.call('GET', '/competencies?level=mbo-9', { as: admin });
    expect(level.status).toBe(400);
    expect(level.headers.get('content-type')).toBe('application/problem+json');
    expect(level.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.level']);
    const cursor = await t.call('GET', '/competencies?cursor=%%%', { as: admin });
    expect(cursor.status).toBe(400);
    expect(cursor.headers.get('content-type')).toBe('application/problem+json');
  });
});
