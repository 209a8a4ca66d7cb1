import { beforeEach, describe, expect, it } from 'vitest';
import { KD, seedCatalog } from '../../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const [risico, zorgplan, verpleegtechnisch, naasten] = [
  `${KD}/vig/b1-k1-w1`,
  `${KD}/vig/b1-k1-w2`,
  `${KD}/vig/b1-k1-w3`,
  `${KD}/vig/b1-k2-w1`,
];

const vig3 = {
  code: 'VIG-3',
  title: 'Verzorgende IG (mbo 3)',
  level: 'mbo-3',
  admission: { entryLevel: 'mbo-2', legalMinimum: true },
  stackRule: {
    groups: [
      { title: 'Basiszorg', kind: 'all-of', competencies: [risico, zorgplan] },
      { title: 'Keuzedelen', kind: 'n-of', n: 1, competencies: [verpleegtechnisch, naasten] },
    ],
  },
};

const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe('qualifications', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
    await seedCatalog(t, { institutions: ['roc-rivor', 'han'] });
  });

  it('an opleider defines a kwalificatie with all-of and n-of groups', async () => {
    const created = await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      institutionId: 'roc-rivor',
      code: 'VIG-3',
      title: vig3.title,
      level: { name: 'mbo-3', nlqf: 3, eqf: 3 },
      admission: { entryLevel: { name: 'mbo-2', nlqf: 2, eqf: 2 }, legalMinimum: true },
      createdAt: '2026-11-22T09:00:00.000Z',
    });
    expect(created.body.stackRule.groups).toEqual([
      { title: 'Basiszorg', kind: 'all-of', competencies: [risico, zorgplan], modules: [] },
      { title: 'Keuzedelen', kind: 'n-of', n: 1, competencies: [verpleegtechnisch, naasten], modules: [] },
    ]);

    const read = await t.call('GET', `/qualifications/${created.body.id}`, { as: werkgever('sante') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it.each([
    [
      'an n-of group without n',
      { title: 'Keuzedelen', kind: 'n-of', competencies: [verpleegtechnisch, naasten] },
      ['body.stackRule.groups[1].n'],
    ],
    [
      'an n larger than its group',
      { title: 'Keuzedelen', kind: 'n-of', n: 3, competencies: [verpleegtechnisch, naasten] },
      ['body.stackRule.groups[1].n'],
    ],
    [
      'an all-of group with n',
      { title: 'Keuzedelen', kind: 'all-of', n: 1, competencies: [verpleegtechnisch, naasten] },
      ['body.stackRule.groups[1].n'],
    ],
    ['an empty group', { title: 'Leeg', kind: 'all-of' }, ['body.stackRule.groups[1].competencies']],
    [
      'an item listed twice',
      { title: 'Dubbel', kind: 'all-of', competencies: [naasten, naasten] },
      ['body.stackRule.groups[1].competencies'],
    ],
  ])('refuses %s at its path and writes nothing', async (_, group, expected) => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/qualifications', {
      as: opleider('roc-rivor'),
      body: { ...vig3, stackRule: { groups: [vig3.stackRule.groups[0], group] } },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res.body)).toEqual(expected);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an unknown competency in a group is refused at its index and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/qualifications', {
      as: opleider('roc-rivor'),
      body: {
        ...vig3,
        stackRule: {
          groups: [
            { title: 'Basiszorg', kind: 'all-of', competencies: [risico, `${KD}/vig/b9-k9-w9`] },
            vig3.stackRule.groups[1],
          ],
        },
      },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res.body)).toEqual(['body.stackRule.groups[0].competencies[1]']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an unknown module in a group is refused at its index and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/qualifications', {
      as: opleider('roc-rivor'),
      body: {
        ...vig3,
        stackRule: {
          groups: [vig3.stackRule.groups[0], { title: 'Modules', kind: 'all-of', modules: ['geen-module'] }],
        },
      },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res.body)).toEqual(['body.stackRule.groups[1].modules[0]']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an opleider writes nothing for another instelling, nor changes its kwalificaties', async () => {
    const before = t.rowCounts();
    const create = await t.call('POST', '/qualifications', {
      as: opleider('han'),
      body: { ...vig3, institutionId: 'roc-rivor' },
    });
    expect(create.status).toBe(403);
    expect(create.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);

    const own = (await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 })).body;
    const afterOwn = t.rowCounts();
    const patch = await t.call('PATCH', `/qualifications/${own.id}`, {
      as: opleider('han'),
      body: { title: 'Overgenomen' },
    });
    expect(patch.status).toBe(403);
    expect(patch.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(afterOwn);
    expect((await t.call('GET', `/qualifications/${own.id}`, { as: admin })).body.title).toBe(vig3.title);
  });

  it('the same code twice in one instelling is a conflict', async () => {
    await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 });
    const before = t.rowCounts();
    const again = await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    const detail = 'ROC Rivor already has a qualification with code VIG-3.';
    expect(again.body).toMatchObject({ detail, errors: [{ path: 'body.code', message: detail }] });
    expect(t.rowCounts()).toEqual(before);
  });

  it('PATCH of the admission keeps the stack rule and the competency index', async () => {
    const created = (await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 })).body;
    const changed = await t.call('PATCH', `/qualifications/${created.id}`, {
      as: opleider('roc-rivor'),
      body: { admission: { entryLevel: 'mbo-3', legalMinimum: false } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.admission).toEqual({
      entryLevel: { name: 'mbo-3', nlqf: 3, eqf: 3 },
      legalMinimum: false,
    });
    expect(changed.body.stackRule).toEqual(created.stackRule);
    expect(changed.body).toMatchObject({ title: vig3.title, level: created.level, code: 'VIG-3' });

    const byNaasten = await t.call('GET', `/qualifications?competency=${encodeURIComponent(naasten)}`, {
      as: admin,
    });
    expect(byNaasten.body.items.map((q: { id: string }) => q.id)).toEqual([created.id]);
  });

  it('PATCH of the stack rule re-indexes its competencies; a code cannot be changed', async () => {
    const created = (await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 })).body;
    const changed = await t.call('PATCH', `/qualifications/${created.id}`, {
      as: opleider('roc-rivor'),
      body: { stackRule: { groups: [{ title: 'Alles', kind: 'all-of', competencies: [risico] }] } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.admission).toEqual(created.admission);
    const byNaasten = await t.call('GET', `/qualifications?competency=${encodeURIComponent(naasten)}`, {
      as: admin,
    });
    expect(byNaasten.body.items).toEqual([]);
    const byRisico = await t.call('GET', `/qualifications?competency=${encodeURIComponent(risico)}`, {
      as: admin,
    });
    expect(byRisico.body.items.map((q: { id: string }) => q.id)).toEqual([created.id]);

    const before = t.rowCounts();
    const recode = await t.call('PATCH', `/qualifications/${created.id}`, {
      as: opleider('roc-rivor'),
      body: { code: 'VIG-4' },
    });
    expect(recode.status).toBe(422);
    expect(recode.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('PATCH of the admission must say whether it is a legal minimum, so one is never dropped', async () => {
    const { id } = (await t.call('POST', '/qualifications', { as: opleider('roc-rivor'), body: vig3 })).body;
    const partial = await t.call('PATCH', `/qualifications/${id}`, {
      as: opleider('roc-rivor'),
      body: { admission: { entryLevel: 'mbo-3' } },
    });
    expect(partial.status).toBe(422);
    expect(paths(partial.body)).toEqual(['body.admission.legalMinimum']);
    const read = await t.call('GET', `/qualifications/${id}`, { as: opleider('roc-rivor') });
    expect(read.body.admission).toMatchObject({ entryLevel: { name: 'mbo-2' }, legalMinimum: true });
  });

  it('names the field when an admin writes for an instelling that does not exist', async () => {
    const res = await t.call('POST', '/qualifications', {
      as: admin,
      body: { ...vig3, institutionId: 'onbekend' },
    });
    expect(res.status).toBe(422);
    expect(paths(res.body)).toEqual(['body.institutionId']);
  });

  it('refuses a werkgever with 403, whatever the body names', async () => {
    const res = await t.call('POST', '/qualifications', { as: werkgever('sante'), body: vig3 });
    expect(res.status).toBe(403);
  });

  it('lists by competency, level and instelling', async () => {
    const seeds: [string, string, string, string[]][] = [
      ['roc-rivor', 'VIG-3', 'mbo-3', [risico, zorgplan]],
      ['roc-rivor', 'HH-2', 'mbo-2', [naasten]],
      ['han', 'AD-ZORG', 'ad', [risico, verpleegtechnisch]],
    ];
    for (const [institution, code, level, competencies] of seeds) {
      const res = await t.call('POST', '/qualifications', {
        as: opleider(institution),
        body: {
          ...vig3,
          code,
          level,
          title: `Kwalificatie ${code}`,
          stackRule: { groups: [{ title: 'Kern', kind: 'all-of', competencies }] },
        },
      });
      expect(res.status).toBe(201);
    }
    const codes = (items: { code: string }[]) => items.map((q) => q.code).sort();

    const onRisico = await t.call('GET', `/qualifications?competency=${encodeURIComponent(risico)}`, {
      as: admin,
    });
    expect(codes(onRisico.body.items)).toEqual(['AD-ZORG', 'VIG-3']);
    const mbo2 = await t.call('GET', '/qualifications?level=mbo-2', { as: admin });
    expect(codes(mbo2.body.items)).toEqual(['HH-2']);
    const both = await t.call(
      'GET',
      `/qualifications?level=ad&competency=${encodeURIComponent(verpleegtechnisch)}`,
      { as: admin },
    );
    expect(codes(both.body.items)).toEqual(['AD-ZORG']);
    const rivor = await t.call('GET', '/qualifications?institution=roc-rivor&limit=1', { as: admin });
    expect(rivor.body.items).toHaveLength(1);
    const rest = await t.call(
      'GET',
      `/qualifications?institution=roc-rivor&limit=1&cursor=${rivor.body.nextCursor}`,
      { as: admin },
    );
    expect(rest.body.nextCursor).toBeUndefined();
    expect(codes([...rivor.body.items, ...rest.body.items])).toEqual(['HH-2', 'VIG-3']);
  });

  it('unknown ids are 404 problems', async () => {
    const res = await t.call('GET', '/qualifications/nope', { as: admin });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
