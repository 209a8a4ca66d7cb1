import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider, praktijkopleider, werkgever } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { wakPassed, willemsRoute } from '../../tests/support/signed-off-route.js';
import { startTestApp } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { CSRF_FIELD, startSession } from '../web-auth/index.js';

// Each role's pages in-process (real app and SQLite, a real session, no browser): a page offers a
// sign-off exactly where recording it would be taken, a role's own page is for that role, a learner
// not registered yet registers on their page, and a route's timeline speaks to whoever reads it.
// tests/browser/role-pages.test.ts walks the same roles in Chromium.

describe("each role's pages, in-process", () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Scenario;
  /** Janneke's agreed route at Cordaan, with pol-cordaan-2 (not an examiner) as its praktijkopleider. */
  let agreed: string;
  /** A route composed for Frank at Cordaan that no party approved yet, pol-cordaan-1 assigned. */
  let draft: string;

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
    ({ routeId: agreed } = await s.agreedRoute({
      sub: 'janneke',
      institution: 'roc-rivor',
      employer: 'cordaan',
      role: 'cordaan/Verzorgende IG',
      assessors: ['pol-cordaan-2'],
    }));
    const frank = await s.enrol('frank', 'Frank de Boer', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    const composed = await s.expectStatus(
      t.call('POST', '/routes', {
        as: opleider('roc-rivor'),
        body: {
          learnerId: frank.id,
          roleId: s.roleId('cordaan/Verzorgende IG'),
          hoursPerWeek: 8,
          startDate: '2026-11-02',
        },
      }),
      201,
    );
    draft = composed.id;
    await s.expectStatus(
      t.call('POST', `/routes/${draft}/assessors`, {
        as: werkgever('cordaan'),
        body: { assessorId: s.assessorId('pol-cordaan-1') },
      }),
      201,
    );
  });

  /** A browser signed in as `principal`: its session cookie, and the CSRF token of its forms. */
  const signedIn = async (principal: Principal, name?: string) => {
    const { token, session } = await startSession(t.deps, { principal, name }, 60);
    return { cookie: `loopbrug-session=${token}`, csrf: session.csrfToken };
  };
  /**
   * A form sent as a browser sends it, from this site: with the session's cookie and CSRF token when
   * `browser` is signed in; without, only what `fields` carry. Repeated fields as entries.
   */
  const postForm = (
    path: string,
    fields: Record<string, string> | [string, string][],
    browser?: { cookie: string; csrf: string },
  ) =>
    t.app.request(path, {
      method: 'POST',
      body: new URLSearchParams([
        ...(Array.isArray(fields) ? fields : Object.entries(fields)),
        ...(browser ? [[CSRF_FIELD, browser.csrf] as [string, string]] : []),
      ]),
      headers: {
        origin: t.deps.urls.base,
        'content-type': 'application/x-www-form-urlencoded',
        ...(browser ? { cookie: browser.cookie } : {}),
      },
    });
  const get = async (path: string, as: Principal) => {
    const res = await t.app.request(path, { headers: { cookie: (await signedIn(as)).cookie } });
    return { status: res.status, html: await res.text() };
  };
  const outcomePage = (routeId: string, institution: string, code: string) =>
    `/pages/routes/${routeId}/sign-off/outcomes/${s.outcomeId(institution, code)}`;
  const pol2 = praktijkopleider('cordaan', 'pol-cordaan-2');
  /** Gerrit, De Hoven's praktijkopleider, corrects a DH-LU-WAK sign-off to 'nog niet' on its page. */
  const correctWak = async (routeId: string, supersedes: string, reason: string) =>
    postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      {
        result: 'not-yet',
        date: '2026-11-21',
        evidenceText: 'Nagevraagd bij de teamleider.',
        supersedes,
        reason,
      },
      await signedIn(praktijkopleider('de-hoven', 'pol-de-hoven-1')),
    );

  it('offers no sign-off of an examiner outcome to a praktijkopleider who is not an examiner', async () => {
    const page = await get(`/pages/routes/${agreed}/sign-off`, pol2);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Alleen een examinator (mbo- of hbo-examinator) tekent deze leeruitkomst af');
    expect(page.html).not.toContain(outcomePage(agreed, 'roc-rivor', 'VIG-LU-MT'));
    // Outcomes without the examiner rule keep their form.
    expect(page.html).toContain(outcomePage(agreed, 'roc-rivor', 'VIG-LU-PV'));
    // Those of a module that has not started can be signed off already, and say so.
    const later = page.html.slice(page.html.indexOf('>Later in de route</h2>'));
    expect(later).toContain('Teken een leeruitkomst hiervan alleen af als de lerende die nu al laat zien');
    expect(later).toContain('>VIG-LU-PV nu al aftekenen</a>');

    const form = await get(outcomePage(agreed, 'roc-rivor', 'VIG-LU-MT'), pol2);
    expect(form.status).toBe(403);
    expect(form.html).toContain('jij bent er geen');
    expect(form.html).not.toContain('enctype="multipart/form-data"');
    expect(form.html).toContain(`href="/pages/routes/${agreed}/sign-off"`);
  });

  it('takes an evidence file of several MB with a sign-off (only its digest is kept), not one over 25 MB', async () => {
    const browser = await signedIn(pol2);
    const signOff = (bytes: number) => {
      const form = new FormData();
      form.set(CSRF_FIELD, browser.csrf);
      form.set('result', 'not-yet');
      form.set('date', '2026-11-20');
      form.set('evidenceFile', new File([new Uint8Array(bytes).fill(7)], 'praktijktoets.pdf'));
      return t.app.request(outcomePage(agreed, 'roc-rivor', 'VIG-LU-PV'), {
        method: 'POST',
        body: form,
        headers: { cookie: browser.cookie, origin: t.deps.urls.base },
      });
    };
    const recorded = await signOff(3_000_000);
    expect(recorded.status, await recorded.clone().text()).toBe(303);
    expect(recorded.headers.get('location')).toBe(`/pages/routes/${agreed}/sign-off?done=recorded`);
    const [row] = await t.target.query<{ evidence: string }>(
      'SELECT evidence FROM signoff WHERE route_id = ?',
      agreed,
    );
    expect(JSON.parse(row?.evidence ?? '[]')).toEqual([
      { kind: 'file', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), name: 'praktijktoets.pdf' },
    ]);
    const refused = await signOff(26_000_000);
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain('Wat je verstuurde is groter dan 25 MB');
  });

  it("refuses a sign-off form in the praktijkopleider's words, keeping what was typed", async () => {
    const browser = await signedIn(pol2);
    const post = async (fields: Record<string, string>) => {
      const res = await postForm(
        outcomePage(agreed, 'roc-rivor', 'VIG-LU-PV'),
        { result: 'passed', ...fields },
        browser,
      );
      return { status: res.status, html: await res.text() };
    };
    const cases: [Record<string, string>, string][] = [
      [{ date: '2026-11-23', evidenceText: 'Gezien.' }, 'mag niet in de toekomst liggen'],
      [{ date: 'gisteren', evidenceText: 'Gezien.' }, 'Vul de datum van de praktijktoets in'],
      [{ date: '2026-11-20', evidenceLink: 'dossier map 3' }, 'volledig webadres'],
      [{ date: '2026-11-20', evidenceText: 'x'.repeat(4001) }, 'hoogstens 4.000 tekens'],
    ];
    for (const [fields, words] of cases) {
      const refused = await post(fields);
      expect(refused.status, words).toBe(400);
      expect(refused.html, words).toContain(words);
      expect(refused.html, words).not.toMatch(/date:|evidence\.\d/);
    }
    // Every problem at once, each at its field (described by it, marked invalid) and listed above.
    const both = await post({ date: '2026-11-23', evidenceLink: 'dossier map 3' });
    expect(both.status).toBe(400);
    const from = both.html.indexOf('class="error-summary"');
    const summary = both.html.slice(from, both.html.indexOf('</ul>', from));
    expect(summary).toContain(
      '<a href="#date">De datum van de praktijktoets mag niet in de toekomst liggen.</a>',
    );
    expect(summary).toContain('<a href="#evidence-link">Vul bij de link een volledig webadres in');
    expect(both.html).toMatch(
      /<input type="date" id="date"[^>]*aria-describedby="date-hint date-error" aria-invalid="true"/,
    );
    expect(both.html).toMatch(
      /id="evidence-link"[^>]*aria-describedby="evidence-link-hint evidence-link-error" aria-invalid="true"/,
    );
    expect(both.html).toContain('value="dossier map 3"');
    expect(await post({ date: '2026-11-20', evidenceText: 'Observatie in de dienst.' })).toMatchObject({
      status: 303,
    });
    const again = await post({ date: '2026-11-21', evidenceText: 'Nog eens gezien.' });
    expect(again.status).toBe(400);
    expect(again.html).toContain('al als behaald afgetekend op 2026-11-20');
    expect(again.html).toContain('Nog eens gezien.');
  });

  it('tells a learner who gives the same access twice that it is there already, and writes nothing', async () => {
    const [janneke] = await t.target.query<{ id: string }>(
      "SELECT id FROM learner WHERE subject = 'janneke'",
    );
    const id = janneke?.id ?? 'missing';
    const browser = await signedIn(learner('janneke'));
    const before = await t.target.rowCounts();
    const res = await postForm(
      `/pages/learners/${id}/grants`,
      [
        ['grantee', 'institution:roc-rivor'],
        ['scope', 'profile'],
        ['scope', 'evidence'],
      ],
      browser,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Deze toestemming heb je al gegeven');
    expect(await t.target.rowCounts()).toEqual(before);
  });

  it('asks to sign in again when a form arrives after the session ended, saving nothing', async () => {
    const before = await t.target.rowCounts();
    const res = await postForm('/pages/me/registration', {
      [CSRF_FIELD]: 'from-a-session-that-ended',
      name: 'Noor',
      email: 'n@example.nl',
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<h1>Meld je opnieuw aan</h1>');
    expect(html).toContain('Wat je invulde, is niet opgeslagen.');
    expect(html).toContain('href="/sign-in"');
    expect(html).not.toContain('CSRF');
    expect(await t.target.rowCounts()).toEqual(before);
  });

  it("keeps the domain's English words off a Dutch error page, and shows them on an English one", async () => {
    const dutch = await get('/pages/routes/not-a-route', pol2);
    expect(dutch.status).toBe(404);
    expect(dutch.html).toContain('Deze pagina of link bestaat niet (meer).');
    expect(dutch.html).not.toContain('There is no');
    const { cookie } = await signedIn(pol2);
    const english = await t.app.request('/pages/routes/not-a-route', {
      headers: { cookie: `${cookie}; loopbrug-lang=en` },
    });
    expect(await english.text()).toContain('There is no route');
  });

  it('lets an opleider compose a route on a page: first the plan, then a draft saved for approval', async () => {
    const lotte = await s.enrol('lotte', 'Lotte Visser', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    const school = opleider('roc-rivor');
    const form = await get('/pages/routes/new', school);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`<option value="${lotte.id}">Lotte Visser</option>`);
    expect(form.html).toContain('Verzorgende IG · Cordaan');
    // Each list reads by name, as a person looks for one (the stores page by id).
    for (const select of ['learnerId', 'roleId']) {
      const options = form.html.match(new RegExp(`<select id="${select}"[^>]*>(.*?)</select>`))?.[1] ?? '';
      const labels = [...options.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1] ?? '');
      expect(labels.length, select).toBeGreaterThan(1);
      expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'nl')));
    }
    // Only learners who granted this instelling: HAN's opleider is not offered Lotte.
    expect((await get('/pages/routes/new', opleider('han'))).html).not.toContain('Lotte Visser');

    const browser = await signedIn(school);
    const post = (action: string, extra: Record<string, string> = {}) =>
      postForm(
        '/pages/routes/new',
        {
          learnerId: lotte.id,
          roleId: s.roleId('cordaan/Verzorgende IG'),
          hoursPerWeek: '8',
          startDate: '2027-01-04',
          action,
          ...extra,
        },
        browser,
      );
    const before = await t.target.rowCounts();
    const preview = await post('preview');
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('De route die Loopbrug plant');
    expect(html).toContain('VIG-ADL Persoonlijke verzorging en ADL');
    expect(html).toContain('value="save"');
    expect(await t.target.rowCounts()).toEqual(before);

    const refused = await post('preview', { hoursPerWeek: '80' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Vul een aantal studie-uren per week in van 1 tot 40.');

    const saved = await post('save');
    expect(saved.status).toBe(303);
    const location = saved.headers.get('location') ?? '';
    expect(location).toMatch(/^\/pages\/routes\/[^/]+\/team\?done=composed$/);
    const routeId = location.split('/')[3] ?? '';
    expect(
      await t.target.query<{ status: string; learner_id: string }>(
        'SELECT status, learner_id FROM route WHERE id = ?',
        routeId,
      ),
    ).toEqual([{ status: 'draft', learner_id: lotte.id }]);
    const team = await get(location, school);
    expect(team.html).toContain('De route is opgeslagen als concept.');
  });

  it("addresses a credential's page to its learner only: the back link to their credentials is theirs", async () => {
    const { credential } = await willemsRoute(s);
    const path = `/pages/credentials/${encodeURIComponent(credential.id)}`;
    const own = await get(path, learner('willem'));
    expect(own.html).toContain('<a href="/pages/me">Terug naar mijn credentials</a>');
    expect(own.html).toContain('Zet in je wallet');
    // The issuing instelling's opleider may offer it at the desk, in staff words, but it is not their
    // credential to go back to.
    const desk = await get(path, opleider('han'));
    expect(desk.status).toBe(200);
    expect(desk.html).toContain('Aanbod voor de wallet van de lerende maken');
    expect(desk.html).not.toContain('Zet in je wallet');
    expect(desk.html).not.toContain('Terug naar mijn credentials');
  });

  it('asks before signing out when /sign-out is opened as a page', async () => {
    const asked = await get('/sign-out', pol2);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Wil je je afmelden bij Loopbrug?');
    expect(asked.html).toMatch(/<main[^>]*>.*<form method="post" action="\/sign-out">/s);
    const anonymous = await t.app.request('/sign-out');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/signed-out');
  });

  it('lists an outcome a correction took back to sign off again, and shows its credential suspended with why', async () => {
    const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    const { routeId, passed } = await wakPassed(s, 'ria-page');
    const reason = 'De toets is bij een andere cliënt afgenomen dan vastgelegd.';
    // Corrected on the page: its notice says what the correction did, not that anything was issued.
    const corrected = await correctWak(routeId, passed.signoff.id, reason);
    expect(corrected.status, await corrected.clone().text()).toBe(303);
    const noticeAt = corrected.headers.get('location') ?? '';
    expect(noticeAt).toMatch(/\?done=suspended&module=/);
    const part = (html: string, heading: string) => {
      const from = html.indexOf(`>${heading}</h2>`);
      return html.slice(from, html.indexOf('<h2', from + 1));
    };
    const page = await get(noticeAt, gerrit);
    expect(page.status).toBe(200);
    expect(page.html).toContain(
      'is niet meer afgerond, en het credential is geschorst tot de module opnieuw is behaald',
    );
    // The route took the completion back, and its history says so with the correction's reason.
    const history = (await get(`/pages/routes/${routeId}/history`, opleider('de-hoven'))).html;
    expect(history).toContain('DH-WAK niet meer afgerond: een aftekening is gecorrigeerd');
    expect(history).toContain(reason);
    // Its audit trail says what became of the module's credential, and why.
    const trail = part(history, 'Audittrail');
    expect(trail).toContain('Credential voor DH-WAK uitgegeven</th>');
    // Caused by the correction, not decided by the praktijkopleider who made it.
    expect(trail).toContain(
      'Credential voor DH-WAK geschorst</th><td data-label="Door">na de correctie van Gerrit Mulder</td>' +
        `<td data-label="Details"><dl class="facts"><dt>Reden</dt><dd>${reason}</dd></dl></td>`,
    );
    const now = part(page.html, 'Nu af te tekenen');
    expect(now).toContain(outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'));
    expect(now).toContain('een correctie nam een leeruitkomst terug');
    // Done already: the start its new version plans is not shown as a day to wait for.
    const takenBack = now.slice(
      now.indexOf('DH-WAK'),
      now.indexOf('<ul class="outcomes">', now.indexOf('DH-WAK')),
    );
    expect(takenBack).toContain('een correctie nam een leeruitkomst terug');
    expect(takenBack).not.toContain('Start:');
    const issued = part(page.html, 'Uitgegeven voor deze route');
    expect(issued).toContain('geschorst');
    expect(issued).toContain(`reden: ${reason}`);
    expect(issued).toContain('weer geldig zodra de module opnieuw is behaald');

    // Signed off again on the page: the same credential is valid again, and nothing is left to sign.
    const again = await postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      { result: 'passed', date: '2026-11-22', evidenceText: 'Opnieuw geobserveerd, nu volledig.' },
      await signedIn(gerrit),
    );
    expect(again.status, await again.clone().text()).toBe(303);
    expect(again.headers.get('location')).toMatch(/\?done=reinstated&module=/);
    const notice = await get(again.headers.get('location') ?? '', gerrit);
    expect(notice.html).toContain('zijn weer behaald: het geschorste credential is weer geldig');
    const credentials = await s.expectStatus(
      t.call('GET', `/routes/${routeId}/credentials`, { as: opleider('de-hoven') }),
      200,
    );
    expect(credentials.items.map((c: { status: string }) => c.status)).toEqual(['active']);
    const after = await get(`/pages/routes/${routeId}/sign-off`, gerrit);
    expect(part(after.html, 'Nu af te tekenen')).not.toContain(outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'));
    expect(part(after.html, 'Uitgegeven voor deze route')).not.toContain('geschorst');

    // The opleider suspends it by hand; a correction that keeps the module passed changes no credential,
    // and its notice says only that it was recorded (not that a credential is to come).
    const [credential] = credentials.items as { id: string }[];
    await s.expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(credential?.id ?? '')}/suspend`, {
        as: opleider('de-hoven'),
        body: { reason: 'Fraudeonderzoek loopt' },
      }),
      200,
    );
    const { items } = await s.expectStatus(
      t.call('GET', `/routes/${routeId}/signoffs`, { as: opleider('de-hoven') }),
      200,
    );
    const latest = (items as { id: string; result: string; current: boolean }[]).find(
      (signoff) => signoff.current && signoff.result === 'passed',
    );
    const redated = await postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      {
        result: 'passed',
        date: '2026-11-21',
        evidenceText: 'Datum gecorrigeerd.',
        supersedes: latest?.id ?? '',
        reason: 'De datum was verkeerd overgenomen.',
      },
      await signedIn(gerrit),
    );
    expect(redated.status, await redated.clone().text()).toBe(303);
    expect(redated.headers.get('location')).toBe(`/pages/routes/${routeId}/sign-off?done=recorded`);

    // In English too: reinstated once passed again, then suspended by the opleider with their reason.
    const { cookie } = await signedIn(opleider('de-hoven'));
    const english = await t.app.request(`/pages/routes/${routeId}/history`, {
      headers: { cookie: `${cookie}; loopbrug-lang=en` },
    });
    const englishTrail = part(await english.text(), 'Audit trail');
    expect(englishTrail).toContain(
      'Credential for DH-WAK reinstated</th><td data-label="By">after the sign-off by Gerrit Mulder</td>' +
        '<td data-label="Details"><dl class="facts"><dt>Reason</dt><dd>the module was passed again after the correction</dd></dl></td>',
    );
    expect(englishTrail).toContain(
      'Credential for DH-WAK suspended</th><td data-label="By">education provider<span class="hint">account opleider-de-hoven</span></td>' +
        '<td data-label="Details"><dl class="facts"><dt>Reason</dt><dd>Fraudeonderzoek loopt</dd></dl></td>',
    );
  });

  it('says a correction took a module back though its credential was revoked, and offers to correct only what counts', async () => {
    const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    const { routeId, passed } = await wakPassed(s, 'ria-revoked');
    const { items } = await s.expectStatus(
      t.call('GET', `/routes/${routeId}/credentials`, { as: opleider('de-hoven') }),
      200,
    );
    await s.expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(items[0]?.id ?? '')}/revoke`, {
        as: opleider('de-hoven'),
        body: { reason: 'Uitgegeven op een verkeerde naam' },
      }),
      200,
    );
    // Its credential was revoked by hand, so settling changes none; the notice still says the module
    // is no longer completed.
    const corrected = await correctWak(
      routeId,
      passed.signoff.id,
      'De toets is bij een andere cliënt afgenomen.',
    );
    expect(corrected.status, await corrected.clone().text()).toBe(303);
    expect(corrected.headers.get('location')).toMatch(/\?done=takenBack&module=DH-WAK$/);
    const notice = await get(corrected.headers.get('location') ?? '', gerrit);
    expect(notice.html).toContain(
      'De correctie is vastgelegd: DH-WAK is niet meer afgerond en staat weer gepland; het credential blijft zoals het was.',
    );

    // A new attempt passes: the corrected 'not-yet' is an earlier attempt, and only the pass can be corrected.
    const again = await postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      { result: 'passed', date: '2026-11-22', evidenceText: 'Opnieuw geobserveerd.' },
      await signedIn(gerrit),
    );
    expect(again.status, await again.clone().text()).toBe(303);
    // Completed again, but no second credential: the notice says the revoked one stays so, and why.
    expect(again.headers.get('location')).toMatch(/\?done=completedRevoked&module=DH-WAK$/);
    const page = (await get(again.headers.get('location') ?? '', gerrit)).html;
    expect(page).toContain(
      'Het credential van deze module is eerder ingetrokken; er wordt geen nieuw uitgegeven.',
    );
    expect(page).toContain(
      '<strong>ingetrokken</strong><span class="hint"> · reden: Uitgegeven op een verkeerde naam',
    );
    const rows = page
      .slice(page.indexOf('>Eerdere aftekeningen</h2>'))
      .split('<tr>')
      .filter((row) => row.includes('DH-LU-WAK'));
    const rowOf = (date: string) => rows.find((row) => row.includes(`>${date}</td>`)) ?? '';
    expect(rowOf('2026-11-22')).toContain('>Corrigeren</a>');
    expect(rowOf('2026-11-22')).not.toContain('telt niet');
    expect(rowOf('2026-11-21')).toContain('eerdere poging; telt niet meer');
    expect(rowOf('2026-11-21')).not.toContain('>Corrigeren</a>');
    expect(rowOf('2026-11-20')).toContain('vervangen door een correctie');
    expect(rowOf('2026-11-20')).not.toContain('>Corrigeren</a>');
  });

  it('says a module passed again keeps the credential the opleider suspended by hand suspended', async () => {
    const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    const { routeId, passed } = await wakPassed(s, 'ria-suspended');
    const { items } = await s.expectStatus(
      t.call('GET', `/routes/${routeId}/credentials`, { as: opleider('de-hoven') }),
      200,
    );
    await s.expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(items[0]?.id ?? '')}/suspend`, {
        as: opleider('de-hoven'),
        body: { reason: 'Onderzoek naar de beoordeling loopt' },
      }),
      200,
    );
    const corrected = await correctWak(
      routeId,
      passed.signoff.id,
      'De toets is bij een andere cliënt afgenomen.',
    );
    expect(corrected.headers.get('location')).toMatch(/\?done=takenBack&module=DH-WAK$/);
    // An old Corrigeren link (of the pass, corrected since) leads to the newest sign-off, and says so;
    // sent as it was, it records nothing.
    const signoffCount = async () =>
      (await s.expectStatus(t.call('GET', `/routes/${routeId}/signoffs`, { as: opleider('de-hoven') }), 200))
        .items.length;
    const stale = `${outcomePage(routeId, 'de-hoven', 'DH-LU-WAK')}?supersedes=${passed.signoff.id}`;
    const form = (await get(stale, gerrit)).html;
    const movedOn =
      'Deze aftekening is intussen gecorrigeerd. Je corrigeert nu de nieuwste: nog niet behaald op 2026-11-21.';
    expect(form).toContain(movedOn);
    expect(form).not.toContain(`value="${passed.signoff.id}"`);
    const before = await signoffCount();
    const refused = await postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      {
        result: 'passed',
        date: '2026-11-22',
        evidenceText: 'Toch behaald.',
        supersedes: passed.signoff.id,
        reason: 'Vergissing',
      },
      await signedIn(gerrit),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(movedOn);
    expect(await signoffCount()).toBe(before);
    const again = await postForm(
      outcomePage(routeId, 'de-hoven', 'DH-LU-WAK'),
      { result: 'passed', date: '2026-11-22', evidenceText: 'Opnieuw geobserveerd.' },
      await signedIn(gerrit),
    );
    expect(again.headers.get('location')).toMatch(/\?done=completedSuspended&module=DH-WAK$/);
    const page = (await get(again.headers.get('location') ?? '', gerrit)).html;
    expect(page).toContain(
      'Het credential van deze module blijft geschorst tot de opleider de schorsing opheft.',
    );
    expect(page).toContain(
      '<strong>geschorst</strong><span class="hint"> · reden: Onderzoek naar de beoordeling loopt',
    );
  });

  it('answers 404 for the form of an outcome that is not in the route', async () => {
    const page = await get(outcomePage(agreed, 'han', 'ALO-LU-KM1'), pol2);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain('enctype="multipart/form-data"');
  });

  it('on a route not agreed yet, says so and offers no sign-off', async () => {
    const pol1 = praktijkopleider('cordaan', 'pol-cordaan-1');
    const page = await get(`/pages/routes/${draft}/sign-off`, pol1);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Deze route is nog niet door alle partijen goedgekeurd.');
    expect(page.html).not.toContain(`/pages/routes/${draft}/sign-off/outcomes/`);
    const form = await get(outcomePage(draft, 'roc-rivor', 'VIG-LU-PV'), pol1);
    expect(form.status).toBe(403);
    expect(form.html).toContain('Deze route is nog niet door alle partijen goedgekeurd.');
    expect(form.html).not.toContain('enctype="multipart/form-data"');
  });

  it("answers a role's own page to that role only, saying whose it is", async () => {
    for (const [path, as, whose] of [
      ['/pages/sign-off', learner('janneke'), 'praktijkopleider'],
      ['/pages/team', opleider('roc-rivor'), 'werkgever'],
      ['/pages/learners', werkgever('cordaan'), 'opleider'],
      ['/pages/me', opleider('roc-rivor'), 'lerende'],
    ] as const) {
      const page = await get(path, as);
      expect(page.status, path).toBe(403);
      expect(page.html, path).toContain(`Deze pagina is voor wie als ${whose} is aangemeld.`);
    }
    expect((await get('/pages/sign-off', pol2)).status).toBe(200);
  });

  it('lets a learner who is not registered yet register on their page', async () => {
    const nieuw = learner('noor');
    const browser = await signedIn(nieuw, 'Noor Yilmaz');
    const page = await t.app.request('/pages/me', { headers: { cookie: browser.cookie } });
    const html = await page.text();
    expect(html).toContain('action="/pages/me/registration"');
    expect(html).toContain('value="Noor Yilmaz"');
    const register = (fields: Record<string, string>) => postForm('/pages/me/registration', fields, browser);

    const refused = await register({ name: 'Noor Yilmaz', email: 'geen-adres' });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('Vul je naam en een geldig e-mailadres in.');
    expect(again).toContain('value="geen-adres"');
    expect(
      await t.target.query<{ n: number }>("SELECT count(*) AS n FROM learner WHERE subject = 'noor'"),
    ).toEqual([{ n: 0 }]);

    const done = await register({ name: 'Noor Yilmaz', email: 'noor@example.nl' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/pages/me?done=registered');
    const mine = await t.app.request('/pages/me?done=registered', { headers: { cookie: browser.cookie } });
    const welcome = await mine.text();
    expect(welcome).toContain('Je bent aangemeld als lerende.');
    expect(welcome).not.toContain('action="/pages/me/registration"');
    expect(await t.target.query<{ name: string }>("SELECT name FROM learner WHERE subject = 'noor'")).toEqual(
      [{ name: 'Noor Yilmaz' }],
    );
    // Sent again (twice, or from another window): their page, not a refusal, and still one learner.
    const twice = await register({ name: 'Noor Yilmaz', email: 'noor@example.nl' });
    expect(twice.status).toBe(303);
    expect(twice.headers.get('location')).toBe('/pages/me');
    expect(
      await t.target.query<{ n: number }>("SELECT count(*) AS n FROM learner WHERE subject = 'noor'"),
    ).toEqual([{ n: 1 }]);
  });

  it("shows a route's timeline to the opleider as the route, with a way back to it", async () => {
    const page = await get(`/pages/routes/${agreed}/timeline`, opleider('roc-rivor'));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Route naar Verzorgende IG</h1>');
    expect(page.html).not.toContain('Mijn route naar');
    expect(page.html).toContain(`href="/pages/routes/${agreed}">Terug naar de route</a>`);
    expect(page.html).not.toContain('href="/pages/me"');
    const own = await get(`/pages/routes/${agreed}/timeline`, learner('janneke'));
    expect(own.html).toContain('<h1>Mijn route naar Verzorgende IG</h1>');
    // Their routes say where each is: a learner may follow the same role at two instellingen.
    const mine = await get('/pages/routes', learner('janneke'));
    expect(mine.html).toContain('via ROC Rivor, bij Cordaan');
  });

  it("tells each version's change in the reader's language", async () => {
    const noor = await s.agreedRoute({
      sub: 'noor-versions',
      institution: 'roc-rivor',
      employer: 'cordaan',
      role: 'cordaan/Verzorgende IG',
      assessors: ['pol-cordaan-2'],
      startDate: '2027-01-04',
    });
    const path = `/routes/${noor.routeId}`;
    const route = await s.expectStatus(t.call('GET', path, { as: opleider('roc-rivor') }), 200);
    const paused = await s.expectStatus(
      t.call('POST', `${path}/pause`, {
        as: noor.learner.as,
        body: { from: '2027-07-01', until: '2027-08-15' },
      }),
      200,
    );
    // The API keeps its English sentence, made from the same facts.
    expect(paused.change).toMatchObject({
      summary: 'paused from 2027-07-01 until 2027-08-15',
      facts: { kind: 'paused', from: '2027-07-01', until: '2027-08-15' },
    });

    const last = route.plan.items.filter((i: { status: string }) => i.status === 'planned').at(-1);
    await s.expectStatus(
      t.call('PATCH', path, {
        as: opleider('roc-rivor'),
        body: { operations: [{ op: 'remove', moduleId: last.moduleId }], reason: 'Al gedaan' },
      }),
      200,
    );
    await s.expectStatus(
      t.call('POST', `${path}/replan`, { as: opleider('roc-rivor'), body: { hoursPerWeek: 12 } }),
      200,
    );
    const history = `/pages/routes/${noor.routeId}/history`;
    const dutch = (await get(history, opleider('roc-rivor'))).html;
    for (const words of [
      'Route samengesteld',
      `${last.code} weggelaten`,
      'Opnieuw gepland: 12 uur per week',
      'Pauze van 2027-07-01 tot 2027-08-15',
    ])
      expect(dutch).toContain(words);
    // The versions table, that is: the audit trail below keeps the record as kept, folded.
    const versions = dutch.slice(0, dutch.indexOf('Audittrail'));
    expect(versions).toContain('Pauze van 2027-07-01 tot 2027-08-15');
    // When, in Dutch time: the clock's 09:00 UTC is 10:00 in November.
    expect(versions).toContain('22 november 2026 om 10:00');
    expect(versions).not.toMatch(/paused from|replanned:|>composed</);
    const { cookie } = await signedIn(opleider('roc-rivor'));
    const english = await t.app.request(history, { headers: { cookie: `${cookie}; loopbrug-lang=en` } });
    const englishHtml = await english.text();
    expect(englishHtml).toContain('Paused from 2027-07-01 until 2027-08-15');
    expect(englishHtml).toContain(`${last.code} left out`);
  });

  /** A page as `as` reads it in English. */
  const getEnglish = async (path: string, as: Principal) => {
    const { cookie } = await signedIn(as);
    return (await t.app.request(path, { headers: { cookie: `${cookie}; loopbrug-lang=en` } })).text();
  };

  it('names whose route each is, in every list of routes and on the route, to its parties', async () => {
    // Janneke and Frank follow the same role at Cordaan: each praktijkopleider sees whom they assess.
    const assessing = (await get('/pages/sign-off', pol2)).html;
    expect(assessing).toContain('<th scope="col">Lerende</th>');
    expect(assessing).toContain('<th scope="row" data-label="Lerende">Leerling janneke</th>');
    expect(assessing).toContain('aria-label="Route van Leerling janneke naar Verzorgende IG openen"');
    expect(assessing).not.toContain('Frank de Boer');
    const other = (await get('/pages/sign-off', praktijkopleider('cordaan', 'pol-cordaan-1'))).html;
    expect(other).toContain('<th scope="row" data-label="Lerende">Frank de Boer</th>');
    expect(other).not.toContain('Leerling janneke');
    // The werkgever, on its team page, its home and its routes; the opleider likewise.
    for (const [path, as] of [
      ['/pages/team', werkgever('cordaan')],
      ['/', werkgever('cordaan')],
      ['/pages/routes', opleider('roc-rivor')],
    ] as const) {
      const html = (await get(path, as)).html;
      for (const name of ['Leerling janneke', 'Frank de Boer'])
        expect(html, path).toContain(`<th scope="row" data-label="Lerende">${name}</th>`);
    }
    // The route's own pages say whose it is: where it is assessed above all.
    for (const [path, as] of [
      [`/pages/routes/${agreed}`, pol2],
      [`/pages/routes/${agreed}/sign-off`, pol2],
      [outcomePage(agreed, 'roc-rivor', 'VIG-LU-PV'), pol2],
      [`/pages/routes/${agreed}/timeline`, opleider('roc-rivor')],
      [`/pages/routes/${agreed}/history`, opleider('roc-rivor')],
    ] as const)
      expect((await get(path, as)).html, path).toContain('<dt>Lerende</dt><dd>Leerling janneke</dd>');
    expect((await get(`/pages/routes/${draft}/team`, werkgever('cordaan'))).html).toContain(
      '<dt>Lerende</dt><dd>Frank de Boer</dd>',
    );
    expect(await getEnglish('/pages/team', werkgever('cordaan'))).toContain(
      '<th scope="row" data-label="Learner">Frank de Boer</th>',
    );
    // A learner's own list has no such column, nor a search: every route on it is theirs.
    const mine = (await get('/pages/routes', learner('janneke'))).html;
    expect(mine).toContain('<th scope="col">Functie</th>');
    expect(mine).not.toContain('<th scope="col">Lerende</th>');
    expect(mine).not.toContain('id="route-q"');
    // The others find a route by the learner's name, accents and case ignored, and keep what they typed.
    const found = (await get('/pages/team?q=FRANK', werkgever('cordaan'))).html;
    expect(found).toContain('<input type="search" id="route-q" name="q" value="FRANK"/>');
    expect(found).toContain('<th scope="row" data-label="Lerende">Frank de Boer</th>');
    expect(found).not.toContain('Leerling janneke');
    expect((await get('/pages/sign-off?q=Fr%C3%A4nk', pol2)).html).toContain(
      'Geen route van een lerende of naar een functie met ‘Fränk’ in de naam.',
    );
  });

  it('names a learner who erased themselves nowhere, saying a removed learner instead, never their id', async () => {
    const erased = await s.agreedRoute({
      sub: 'sem-erased',
      institution: 'roc-rivor',
      employer: 'cordaan',
      role: 'cordaan/Verzorgende IG',
      assessors: ['pol-cordaan-2'],
    });
    await s.expectStatus(t.call('DELETE', `/learners/${erased.learner.id}`, { as: erased.learner.as }), 200);
    for (const [path, as] of [
      ['/pages/team', werkgever('cordaan')],
      ['/pages/sign-off', pol2],
      ['/pages/routes', opleider('roc-rivor')],
    ] as const) {
      const html = (await get(path, as)).html;
      expect(html, path).toContain('<th scope="row" data-label="Lerende">verwijderde lerende</th>');
      expect(html, path).not.toContain('Leerling sem-erased');
      expect(html, path).not.toContain(erased.learner.id);
    }
    const route = (await get(`/pages/routes/${erased.routeId}`, pol2)).html;
    expect(route).toContain('<dt>Lerende</dt><dd>verwijderde lerende</dd>');
    expect(route).not.toContain(erased.learner.id);
    expect(await getEnglish(`/pages/routes/${erased.routeId}/team`, werkgever('cordaan'))).toContain(
      '<dt>Learner</dt><dd>removed learner</dd>',
    );
  });
});
