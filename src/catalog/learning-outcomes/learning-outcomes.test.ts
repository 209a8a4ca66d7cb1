import { beforeEach, describe, expect, it } from 'vitest';
import { KD, seedCatalog } from '../../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const [risico, zorgplan, verpleegtechnisch, naasten] = [
  `${KD}/vig/b1-k1-w1`,
  `${KD}/vig/b1-k1-w2`,
  `${KD}/vig/b1-k1-w3`,
  `${KD}/vig/b1-k2-w1`,
];

const wondzorg = {
  code: 'LO-VIG-3',
  title: 'Verzorgt wonden volgens protocol',
  description: 'Beoordeelt een wond, kiest het verband en rapporteert in het ECD van Santé.',
  competencies: [verpleegtechnisch, risico],
  assessmentMethod: 'praktijktoets',
  requiresExaminer: true,
};

describe('learning outcomes', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
    await seedCatalog(t, { institutions: ['roc-rivor', 'han'] });
  });

  it('an opleider defines a leeruitkomst of their instelling, aligned to existing competencies', async () => {
    const created = await t.call('POST', '/learning-outcomes', { as: opleider('roc-rivor'), body: wondzorg });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...wondzorg,
      institutionId: 'roc-rivor',
      createdAt: '2026-11-22T09:00:00.000Z',
      updatedAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', `/learning-outcomes/${created.body.id}`, { as: werkgever('sante') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.body.competencies).toEqual([verpleegtechnisch, risico]);
  });

  it('requiresExaminer defaults to false', async () => {
    const { requiresExaminer: _, ...body } = wondzorg;
    const created = await t.call('POST', '/learning-outcomes', { as: opleider('roc-rivor'), body });
    expect(created.status).toBe(201);
    expect(created.body.requiresExaminer).toBe(false);
  });

  it('an unknown competency is refused at its index and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/learning-outcomes', {
      as: opleider('roc-rivor'),
      body: { ...wondzorg, competencies: [verpleegtechnisch, `${KD}/vig/b9-k9-w9`, risico] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.competencies[1]']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a competency listed twice is refused and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/learning-outcomes', {
      as: opleider('roc-rivor'),
      body: { ...wondzorg, competencies: [risico, risico] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.competencies']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an opleider writes nothing for another instelling', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/learning-outcomes', {
      as: opleider('han'),
      body: { ...wondzorg, institutionId: 'roc-rivor' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('an admin names the instelling; without one it is refused at body.institutionId', async () => {
    const before = t.rowCounts();
    const missing = await t.call('POST', '/learning-outcomes', { as: admin, body: wondzorg });
    expect(missing.status).toBe(422);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.institutionId']);
    expect(t.rowCounts()).toEqual(before);

    const named = await t.call('POST', '/learning-outcomes', {
      as: admin,
      body: { ...wondzorg, institutionId: 'han' },
    });
    expect(named.status).toBe(201);
    expect(named.body.institutionId).toBe('han');
  });

  it('the same code twice in one instelling is a conflict', async () => {
    await t.call('POST', '/learning-outcomes', { as: opleider('roc-rivor'), body: wondzorg });
    const before = t.rowCounts();
    const again = await t.call('POST', '/learning-outcomes', {
      as: opleider('roc-rivor'),
      body: { ...wondzorg, title: 'Een andere titel' },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('PATCH changes the wording but never the alignments', async () => {
    const created = (
      await t.call('POST', '/learning-outcomes', { as: opleider('roc-rivor'), body: wondzorg })
    ).body;
    const changed = await t.call('PATCH', `/learning-outcomes/${created.id}`, {
      as: opleider('roc-rivor'),
      body: { title: 'Verzorgt complexe wonden volgens protocol', requiresExaminer: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      title: 'Verzorgt complexe wonden volgens protocol',
      description: wondzorg.description,
      assessmentMethod: 'praktijktoets',
      requiresExaminer: false,
      competencies: [verpleegtechnisch, risico],
    });

    const before = t.rowCounts();
    const realign = await t.call('PATCH', `/learning-outcomes/${created.id}`, {
      as: opleider('roc-rivor'),
      body: { title: 'Nog anders', competencies: [zorgplan] },
    });
    expect(realign.status).toBe(422);
    expect(realign.headers.get('content-type')).toBe('application/problem+json');
    expect(realign.body.errors.map((e: { path: string }) => e.path)).toEqual(['body']);
    expect(t.rowCounts()).toEqual(before);

    const read = await t.call('GET', `/learning-outcomes/${created.id}`, { as: admin });
    expect(read.body).toEqual(changed.body);
  });

  it('PATCH by an opleider of another instelling is refused; an unknown id is 404', async () => {
    const created = (
      await t.call('POST', '/learning-outcomes', { as: opleider('roc-rivor'), body: wondzorg })
    ).body;
    const before = t.rowCounts();
    const res = await t.call('PATCH', `/learning-outcomes/${created.id}`, {
      as: opleider('han'),
      body: { title: 'Overgenomen' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', `/learning-outcomes/${created.id}`, { as: admin })).body.title).toBe(
      wondzorg.title,
    );

    const missing = await t.call('PATCH', '/learning-outcomes/nope', { as: admin, body: { title: 'X' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('lists by instelling and by competency', async () => {
    const outcomes: [string, string, string[]][] = [
      ['roc-rivor', 'LO-VIG-1', [risico]],
      ['roc-rivor', 'LO-VIG-2', [zorgplan, risico]],
      ['roc-rivor', 'LO-VIG-3', [verpleegtechnisch]],
      ['han', 'LO-HAN-1', [risico, naasten]],
    ];
    for (const [institution, code, competencies] of outcomes) {
      const res = await t.call('POST', '/learning-outcomes', {
        as: opleider(institution),
        body: { ...wondzorg, code, title: `Leeruitkomst ${code}`, competencies },
      });
      expect(res.status).toBe(201);
    }
    const codes = (items: { code: string }[]) => items.map((o) => o.code).sort();

    const rivor = await t.call('GET', '/learning-outcomes?institution=roc-rivor', { as: admin });
    expect(codes(rivor.body.items)).toEqual(['LO-VIG-1', 'LO-VIG-2', 'LO-VIG-3']);
    const onRisico = await t.call('GET', `/learning-outcomes?competency=${encodeURIComponent(risico)}`, {
      as: admin,
    });
    expect(codes(onRisico.body.items)).toEqual(['LO-HAN-1', 'LO-VIG-1', 'LO-VIG-2']);
    // The alignments come along in the list, in the order they were given.
    const two = onRisico.body.items.find((o: { code: string }) => o.code === 'LO-VIG-2');
    expect(two.competencies).toEqual([zorgplan, risico]);
    const both = await t.call(
      'GET',
      `/learning-outcomes?institution=han&competency=${encodeURIComponent(risico)}`,
      { as: admin },
    );
    expect(codes(both.body.items)).toEqual(['LO-HAN-1']);

    const first = await t.call('GET', '/learning-outcomes?institution=roc-rivor&limit=2', { as: admin });
    expect(first.body.items).toHaveLength(2);
    const second = await t.call(
      'GET',
      `/learning-outcomes?institution=roc-rivor&limit=2&cursor=${first.body.nextCursor}`,
      { as: admin },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    expect(codes([...first.body.items, ...second.body.items])).toEqual(['LO-VIG-1', 'LO-VIG-2', 'LO-VIG-3']);
  });
});
