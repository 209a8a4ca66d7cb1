import { beforeEach, describe, expect, it } from 'vitest';
import { KD, seedCatalog } from '../../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../../tests/support/test-app.js';

const [risico, zorgplan, verpleegtechnisch, naasten] = [
  `${KD}/vig/b1-k1-w1`,
  `${KD}/vig/b1-k1-w2`,
  `${KD}/vig/b1-k1-w3`,
  `${KD}/vig/b1-k2-w1`,
];

const verzorgende = {
  title: 'Verzorgende IG, nachtdienst',
  locationId: 'de-hoven',
  description: 'Zelfstandig werken op de psychogeriatrische afdeling van De Hoven.',
  requirements: [
    { competency: risico, priority: 'essential', note: 'Valrisico en decubitus herkennen' },
    { competency: verpleegtechnisch, priority: 'essential' },
    { competency: naasten, priority: 'later' },
  ],
};

const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe('roles', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
    await seedCatalog(t);
    for (const employer of [
      {
        id: 'sante',
        name: 'Santé Zorggroep',
        sector: 'zorg',
        locations: [
          { id: 'de-hoven', name: 'Woonzorgcentrum De Hoven', city: 'Zutphen' },
          { id: 'het-baken', name: 'Verpleeghuis Het Baken', city: 'Deventer' },
        ],
      },
      {
        id: 'ksu',
        name: 'Katholieke Scholenstichting Utrecht',
        sector: 'onderwijs',
        locations: [{ id: 'de-wissel', name: 'Basisschool De Wissel', city: 'Utrecht' }],
      },
    ]) {
      expect((await t.call('POST', '/employers', { as: admin, body: employer })).status).toBe(201);
    }
  });

  it('a werkgever describes a role of its own employer, essential needs first', async () => {
    const created = await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ...verzorgende,
      id: created.body.id,
      employerId: 'sante',
      createdAt: '2026-11-22T09:00:00.000Z',
      updatedAt: '2026-11-22T09:00:00.000Z',
    });

    const read = await t.call('GET', `/roles/${created.body.id}`, { as: opleider('roc-rivor') });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('a werkgever writes nothing for another employer, nor changes its roles', async () => {
    const before = t.rowCounts();
    const create = await t.call('POST', '/roles', {
      as: werkgever('ksu'),
      body: { ...verzorgende, employerId: 'sante' },
    });
    expect(create.status).toBe(403);
    expect(create.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);

    const role = (await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende })).body;
    const afterOwn = t.rowCounts();
    for (const as of [werkgever('ksu'), opleider('roc-rivor')]) {
      const patch = await t.call('PATCH', `/roles/${role.id}`, { as, body: { title: 'Overgenomen' } });
      expect(patch.status).toBe(403);
      expect(patch.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(t.rowCounts()).toEqual(afterOwn);
    expect((await t.call('GET', `/roles/${role.id}`, { as: admin })).body.title).toBe(verzorgende.title);
  });

  it('refuses an opleider or a learner with 403, even without an employerId in the body', async () => {
    for (const as of [opleider('roc-rivor'), { sub: 'janneke', role: 'learner' as const }]) {
      const res = await t.call('POST', '/roles', { as, body: verzorgende });
      expect(res.status).toBe(403);
    }
  });

  it('an admin names the employer; an unknown one is refused at body.employerId', async () => {
    const before = t.rowCounts();
    const missing = await t.call('POST', '/roles', { as: admin, body: verzorgende });
    expect(missing.status).toBe(422);
    expect(paths(missing.body)).toEqual(['body.employerId']);
    const unknown = await t.call('POST', '/roles', {
      as: admin,
      body: { ...verzorgende, employerId: 'nope' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(unknown.body)).toEqual(['body.employerId']);
    expect(t.rowCounts()).toEqual(before);

    const named = await t.call('POST', '/roles', {
      as: admin,
      body: { ...verzorgende, employerId: 'sante' },
    });
    expect(named.status).toBe(201);
    expect(named.body.employerId).toBe('sante');
  });

  it('a location the employer does not have is refused at body.locationId', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/roles', {
      as: werkgever('sante'),
      body: { ...verzorgende, locationId: 'de-wissel' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res.body)).toEqual(['body.locationId']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('an unknown competency is refused at its requirement and writes nothing', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/roles', {
      as: werkgever('sante'),
      body: {
        ...verzorgende,
        requirements: [
          { competency: `${KD}/vig/b9-k9-w9`, priority: 'essential' },
          verzorgende.requirements[1],
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(res.body)).toEqual(['body.requirements[0].competency']);
    expect(t.rowCounts()).toEqual(before);
  });

  it('a competency required twice, a bad priority or no requirements are refused', async () => {
    const before = t.rowCounts();
    const cases: [unknown[], string[]][] = [
      [
        [
          { competency: risico, priority: 'essential' },
          { competency: risico, priority: 'later' },
        ],
        ['body.requirements'],
      ],
      [[{ competency: risico, priority: 'urgent' }], ['body.requirements[0].priority']],
      [[], ['body.requirements']],
    ];
    for (const [requirements, expected] of cases) {
      const res = await t.call('POST', '/roles', {
        as: werkgever('sante'),
        body: { ...verzorgende, requirements },
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(paths(res.body)).toEqual(expected);
    }
    expect(t.rowCounts()).toEqual(before);
  });

  it('PATCH of the requirements replaces them, in the order given', async () => {
    const role = (await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende })).body;
    const requirements = [
      { competency: zorgplan, priority: 'essential' },
      { competency: naasten, priority: 'essential', note: 'Familiegesprekken in de avond' },
      { competency: risico, priority: 'later' },
    ];
    const changed = await t.call('PATCH', `/roles/${role.id}`, {
      as: werkgever('sante'),
      body: { requirements },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      title: verzorgende.title,
      locationId: 'de-hoven',
      description: verzorgende.description,
      requirements,
    });
    const read = await t.call('GET', `/roles/${role.id}`, { as: admin });
    expect(read.body.requirements).toEqual(requirements);

    const byVerpleegtechnisch = await t.call(
      'GET',
      `/roles?competency=${encodeURIComponent(verpleegtechnisch)}`,
      { as: admin },
    );
    expect(byVerpleegtechnisch.body.items).toEqual([]);
  });

  it('a refused PATCH changes nothing', async () => {
    const role = (await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende })).body;
    const before = t.rowCounts();
    const location = await t.call('PATCH', `/roles/${role.id}`, {
      as: werkgever('sante'),
      body: { locationId: 'de-wissel', requirements: [{ competency: zorgplan, priority: 'essential' }] },
    });
    expect(location.status).toBe(422);
    expect(location.headers.get('content-type')).toBe('application/problem+json');
    expect(paths(location.body)).toEqual(['body.locationId']);
    const employer = await t.call('PATCH', `/roles/${role.id}`, {
      as: werkgever('sante'),
      body: { employerId: 'ksu' },
    });
    expect(employer.status).toBe(422);
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', `/roles/${role.id}`, { as: admin })).body).toEqual(role);
  });

  it('an employer drops a location no role uses, and keeps one a role uses: a 409 naming the role', async () => {
    const role = (await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende })).body;
    const sante = (await t.call('GET', '/employers/sante', { as: admin })).body;
    const [deHoven, hetBaken] = sante.locations;
    const before = t.rowCounts();
    const refused = await t.call('PATCH', '/employers/sante', {
      as: werkgever('sante'),
      body: { locations: [hetBaken] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      `Roles still work at a location this change removes: 'Verzorgende IG, nachtdienst' (${role.id}) at 'de-hoven'. Move them to another location first.`,
    );
    expect(paths(refused.body)).toEqual(['body.locations']);
    expect(t.rowCounts()).toEqual(before);
    const dropped = await t.call('PATCH', '/employers/sante', {
      as: werkgever('sante'),
      body: { locations: [deHoven] },
    });
    expect(dropped.status).toBe(200);
    expect(dropped.body.locations).toEqual([deHoven]);
  });

  it('a PATCH that does not send locationId is not refused for it, even at a location the employer dropped', async () => {
    const role = (await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende })).body;
    // As roles were left in databases before an employer could no longer drop a location they use.
    t.db.sqlite.prepare("UPDATE role SET location_id = 'gesloten' WHERE id = ?").run(role.id);
    const renamed = await t.call('PATCH', `/roles/${role.id}`, {
      as: werkgever('sante'),
      body: { title: 'Verzorgende IG, nachtdienst (b)' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Verzorgende IG, nachtdienst (b)', locationId: 'gesloten' });
    const kept = await t.call('PATCH', `/roles/${role.id}`, {
      as: werkgever('sante'),
      body: { locationId: 'gesloten' },
    });
    expect(kept.status).toBe(422);
    expect(paths(kept.body)).toEqual(['body.locationId']);
  });

  it('lists by employer and by competency', async () => {
    await t.call('POST', '/roles', { as: werkgever('sante'), body: verzorgende });
    await t.call('POST', '/roles', {
      as: werkgever('sante'),
      body: {
        title: 'Helpende zorg en welzijn',
        locationId: 'het-baken',
        requirements: [{ competency: naasten, priority: 'essential' }],
      },
    });
    await t.call('POST', '/roles', {
      as: werkgever('ksu'),
      body: {
        title: 'Onderwijsassistent',
        locationId: 'de-wissel',
        requirements: [{ competency: risico, priority: 'later' }],
      },
    });
    const titles = (items: { title: string }[]) => items.map((r) => r.title).sort();

    const sante = await t.call('GET', '/roles?employer=sante', { as: admin });
    expect(titles(sante.body.items)).toEqual(['Helpende zorg en welzijn', verzorgende.title]);
    const onRisico = await t.call('GET', `/roles?competency=${encodeURIComponent(risico)}`, { as: admin });
    expect(titles(onRisico.body.items)).toEqual(['Onderwijsassistent', verzorgende.title]);
    const both = await t.call('GET', `/roles?employer=ksu&competency=${encodeURIComponent(risico)}`, {
      as: admin,
    });
    expect(titles(both.body.items)).toEqual(['Onderwijsassistent']);
    const text = await t.call('GET', '/roles?q=nachtdienst', { as: admin });
    expect(titles(text.body.items)).toEqual([verzorgende.title]);

    const first = await t.call('GET', '/roles?employer=sante&limit=1', { as: admin });
    const second = await t.call('GET', `/roles?employer=sante&limit=1&cursor=${first.body.nextCursor}`, {
      as: admin,
    });
    expect(second.body.nextCursor).toBeUndefined();
    expect(titles([...first.body.items, ...second.body.items])).toEqual(titles(sante.body.items));
  });

  it("searches the title and the employer's name, in any case and with or without accents", async () => {
    for (const [as, title] of [
      [werkgever('sante'), 'Medewerker Café De Hoven'],
      [werkgever('sante'), 'Verzorgende IG'],
      [werkgever('ksu'), 'ÉÉN-OP-ÉÉN BEGELEIDER ŞAHIN-ŻABA'],
    ] as const)
      expect(
        (await t.call('POST', '/roles', { as, body: { ...verzorgende, title, locationId: undefined } }))
          .status,
      ).toBe(201);
    const found = async (q: string) => {
      const res = await t.call('GET', `/roles?${new URLSearchParams({ q })}`, { as: opleider('roc-rivor') });
      expect(res.status).toBe(200);
      return res.body.items.map((r: { title: string }) => r.title).sort();
    };
    // By the employer's name (Santé Zorggroep), typed without its accent.
    expect(await found('zorggroep')).toEqual(['Medewerker Café De Hoven', 'Verzorgende IG']);
    expect(await found('SANTE')).toEqual(['Medewerker Café De Hoven', 'Verzorgende IG']);
    expect(await found('scholenstichting')).toEqual(['ÉÉN-OP-ÉÉN BEGELEIDER ŞAHIN-ŻABA']);
    // Accents ignored either way: in the title, and in the text searched for.
    expect(await found('cafe de')).toEqual(['Medewerker Café De Hoven']);
    expect(await found('Cafè')).toEqual(['Medewerker Café De Hoven']);
    expect(await found('een-op-een begeleider sahin-zaba')).toEqual(['ÉÉN-OP-ÉÉN BEGELEIDER ŞAHIN-ŻABA']);
    expect(await found('santé zorggroep')).toEqual(['Medewerker Café De Hoven', 'Verzorgende IG']);
    // Literal text, not a pattern, however long (D1 refuses a LIKE pattern over 50 bytes).
    expect(await found('_%')).toEqual([]);
    expect(await found('x'.repeat(100))).toEqual([]);
  });

  it('unknown ids are 404 problems', async () => {
    const read = await t.call('GET', '/roles/nope', { as: admin });
    expect(read.status).toBe(404);
    expect(read.headers.get('content-type')).toBe('application/problem+json');
    const patch = await t.call('PATCH', '/roles/nope', { as: admin, body: { title: 'X' } });
    expect(patch.status).toBe(404);
  });
});
