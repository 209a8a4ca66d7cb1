import { beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider, werkgever } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { createRole, getRole } from '../catalog/index.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { createGrant, registerLearner } from '../learners/index.js';
import { CSRF_FIELD, startSession } from '../web-auth/index.js';

// The compose page in-process (real app and SQLite, a real session, no browser) at an instelling with
// more learners and roles than a select offers at once (200): the page says the list is cut off, and
// a search by name finds anyone beyond it, for whom the opleider then composes a route. A role is found
// by its werkgever's name too, a long search echoed under a list wraps, and a form sent with fields
// missing or wrong names every one of them.

const SEEDED = 230;
const numbered = (prefix: string, i: number) => `${prefix} ${String(i).padStart(3, '0')}`;

describe('composing a route with more learners and roles than a list shows', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Scenario;
  const school = opleider('roc-rivor');

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
    // Through the stores, as the API does it: 230 learners who each granted ROC Rivor access, and 230
    // roles at Cordaan that need what Verzorgende IG needs (so a route to any of them plans).
    const { requirements } = await getRole(t.deps, s.roleId('cordaan/Verzorgende IG'));
    for (let i = 1; i <= SEEDED; i++) {
      const sub = `lerende-${i}`;
      const { id } = await registerLearner(t.deps, learner(sub), {
        name: numbered('Zoekbare Lerende', i),
        email: `${sub}@example.nl`,
      });
      await createGrant(t.deps, learner(sub), id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['profile', 'evidence'],
      });
      await createRole(t.deps, werkgever('cordaan'), {
        title: numbered('Zoekbare Functie', i),
        requirements,
      });
    }
  }, 60_000);

  const signedIn = async (lang?: 'en') => {
    const { token, session } = await startSession(t.deps, { principal: school, name: 'Opleider' }, 60);
    const cookie = [`loopbrug-session=${token}`, ...(lang ? [`loopbrug-lang=${lang}`] : [])].join('; ');
    return { cookie, csrf: session.csrfToken };
  };
  const get = async (path: string, lang?: 'en') => {
    const res = await t.app.request(path, { headers: { cookie: (await signedIn(lang)).cookie } });
    return { status: res.status, html: await res.text() };
  };
  /** Sends the compose form to `action` as a browser does, with the session's CSRF token. */
  const post = async (action: string, fields: Record<string, string>, lang?: 'en') => {
    const browser = await signedIn(lang);
    return t.app.request(action, {
      method: 'POST',
      body: new URLSearchParams({ ...fields, [CSRF_FIELD]: browser.csrf }),
      headers: {
        origin: t.deps.urls.base,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: browser.cookie,
      },
    });
  };
  /** The options of a select on the page: each one's value, label and whether it is chosen. */
  const options = (html: string, select: 'learnerId' | 'roleId') =>
    [
      ...(html.match(new RegExp(`<select id="${select}"[^>]*>(.*?)</select>`))?.[1] ?? '').matchAll(
        /<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g,
      ),
    ].map((m) => ({ id: m[1] ?? '', chosen: m[2] !== undefined, label: m[3] ?? '' }));
  /** The seeded names a page does not offer: those beyond the first 200. */
  const missing = (html: string, select: 'learnerId' | 'roleId', prefix: string) => {
    const shown = new Set(options(html, select).map((o) => o.label.split(' · ')[0]));
    return Array.from({ length: SEEDED }, (_, i) => numbered(prefix, i + 1)).filter((n) => !shown.has(n));
  };

  it('offers the first 200 of each list and says there are more, to be found by name', async () => {
    const page = await get('/pages/routes/new');
    expect(page.status).toBe(200);
    expect(options(page.html, 'learnerId')).toHaveLength(200);
    expect(options(page.html, 'roleId')).toHaveLength(200);
    expect(page.html).toContain('Meer dan 200 lerenden — zoek op naam om wie hier niet staat te vinden.');
    expect(page.html).toContain('Meer dan 200 functies — zoek op naam om wat hier niet staat te vinden.');
    // The search is a GET form of its own: it works without script and changes nothing.
    expect(page.html).toMatch(
      /<search aria-label="Zoek een lerende of functie"><form method="get" action="\/pages\/routes\/new">/,
    );
    expect(page.html).toContain('<input type="search" id="learner" name="learner" value=""');
    const english = await get('/pages/routes/new', 'en');
    expect(english.html).toContain('More than 200 learners — search by name to find one not shown here.');
    expect(english.html).toContain('<label for="learner">Find a learner by name</label>');
  });

  it('finds a learner and a role beyond the first 200 by part of the name, and composes their route', async () => {
    const first = await get('/pages/routes/new');
    const [name] = missing(first.html, 'learnerId', 'Zoekbare Lerende');
    const [title] = missing(first.html, 'roleId', 'Zoekbare Functie');
    if (name === undefined || title === undefined) throw new Error('every seeded name was on the first page');

    // In any case, and only those with the text in their name.
    const query = new URLSearchParams({ learner: name.toLowerCase(), role: ` ${title} ` });
    const found = await get(`/pages/routes/new?${query}`);
    expect(found.status).toBe(200);
    const [person] = options(found.html, 'learnerId');
    expect(options(found.html, 'learnerId')).toEqual([
      { id: expect.any(String), chosen: false, label: name },
    ]);
    expect(options(found.html, 'roleId').map((o) => o.label)).toEqual([`${title} · Cordaan`]);
    const roleId = options(found.html, 'roleId')[0]?.id ?? '';
    expect(found.html).not.toContain('Meer dan 200');
    expect(found.html).toContain(`value="${name.toLowerCase()}"`);
    // The compose form posts with the search, so its preview offers the same lists.
    const action = `/pages/routes/new?${new URLSearchParams({ learner: name.toLowerCase(), role: title })}`;
    expect(found.html).toContain(`<form method="post" action="${action.replace(/&/g, '&amp;')}"`);

    const send = (step: 'preview' | 'save', startDate = '2027-01-04') =>
      post(action, {
        learnerId: person?.id ?? '',
        roleId,
        hoursPerWeek: '8',
        startDate,
        action: step,
      });
    // A start date in the past: the preview says the route starts the day it is saved.
    const past = await (await send('preview', '2026-09-01')).text();
    expect(past).toContain(
      'De startdatum ligt in het verleden. De route begint op de dag dat hij wordt opgeslagen: 2026-11-22.',
    );
    const preview = await send('preview');
    expect(preview.status).toBe(200);
    const previewed = await preview.text();
    expect(previewed).toContain('De route die Loopbrug plant');
    expect(previewed).not.toContain('De startdatum ligt in het verleden');
    expect(options(previewed, 'learnerId')).toEqual([{ id: person?.id, chosen: true, label: name }]);
    expect(options(previewed, 'roleId')).toEqual([{ id: roleId, chosen: true, label: `${title} · Cordaan` }]);

    const saved = await send('save');
    expect(saved.status).toBe(303);
    const routeId = (saved.headers.get('location') ?? '').split('/')[3] ?? '';
    expect(
      await t.target.query<{ status: string; learner_id: string; role_id: string }>(
        'SELECT status, learner_id, role_id FROM route WHERE id = ?',
        routeId,
      ),
    ).toEqual([{ status: 'draft', learner_id: person?.id, role_id: roleId }]);
  });

  it('says so when no name has the text, and searches only the learners who granted access', async () => {
    const none = await get(`/pages/routes/new?${new URLSearchParams({ learner: 'Xyzzy', role: 'Xyzzy' })}`);
    expect(none.status).toBe(200);
    expect(options(none.html, 'learnerId')).toEqual([]);
    expect(none.html).toContain('Geen lerende met ‘Xyzzy’ in de naam.');
    expect(none.html).toContain('Geen functie of werkgever met ‘Xyzzy’ in de naam.');
    // Not the notice that nobody granted access: there are learners, only none by that name.
    expect(none.html).not.toContain('Er zijn nog geen lerenden');

    const han = await startSession(t.deps, { principal: opleider('han'), name: 'HAN' }, 60);
    const elsewhere = await t.app.request('/pages/routes/new?learner=Zoekbare', {
      headers: { cookie: `loopbrug-session=${han.token}` },
    });
    expect(options(await elsewhere.text(), 'learnerId')).toEqual([]);
  });

  it("finds roles by the werkgever's name too, typed without its accents", async () => {
    const found = await get(`/pages/routes/new?${new URLSearchParams({ role: 'SANTE' })}`);
    expect(options(found.html, 'roleId').map((o) => o.label)).toEqual([
      'Helpende plus · Santé',
      'Verpleegkundige geriatrie · Santé',
    ]);
    expect(found.html).toContain('<label for="role">Zoek een functie op naam of werkgever</label>');
    const english = await get(`/pages/routes/new?${new URLSearchParams({ role: 'Xyzzy' })}`, 'en');
    expect(english.html).toContain('No role with ‘Xyzzy’ in its title or its employer’s name.');
  });

  it('wraps a long search it echoes: the note under a list has the class that breaks long words', async () => {
    const long = 'x'.repeat(80);
    const page = await get(`/pages/routes/new?${new URLSearchParams({ learner: long, role: long })}`);
    expect(page.html).toContain(
      `<p class="hint" id="learnerId-note">Geen lerende met ‘${long}’ in de naam.</p>`,
    );
    expect(page.html).toContain(`<p class="hint" id="roleId-note">Geen functie of werkgever met ‘${long}’`);
    const css = await (await t.app.request('/assets/pages.css')).text();
    expect(css).toMatch(/^\.hint \{[^}]*overflow-wrap: anywhere;/m);
  });

  /** The links of the error summary at the top, and the message at each field with how the field points to it. */
  const problems = (html: string) => ({
    summary: [
      ...(html.match(/<div class="error-summary" role="alert"[^>]*>(.*?)<\/div>/)?.[1] ?? '').matchAll(
        /<a href="#([^"]+)">([^<]*)<\/a>/g,
      ),
    ].map((m) => [m[1], m[2]]),
    atFields: [...html.matchAll(/<p class="field-error" id="([^"]+)-error">([^<]*)<\/p>/g)].map((m) => [
      m[1],
      m[2],
    ]),
    invalid: [...html.matchAll(/<(?:select|input)[^>]* id="([^"]+)"[^>]*aria-invalid="true"/g)].map(
      (m) => m[1],
    ),
  });

  it('names every field left empty or wrong, above the form and at each field, keeping what was typed', async () => {
    const action = `/pages/routes/new?${new URLSearchParams({ role: 'Santé' })}`;
    const empty = await post(action, {
      learnerId: '',
      roleId: '',
      hoursPerWeek: '0',
      startDate: '',
      action: 'preview',
    });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    const all = [
      ['learnerId', 'Kies een lerende.'],
      ['roleId', 'Kies een functie.'],
      ['hoursPerWeek', 'Vul een aantal studie-uren per week in van 1 tot 40.'],
      ['startDate', 'Vul een startdatum in, bijvoorbeeld 2027-02-01.'],
    ];
    expect(problems(html)).toEqual({ summary: all, atFields: all, invalid: all.map(([id]) => id) });
    expect(html).toContain('<h2 id="error-summary-title">Er is een probleem</h2>');
    // Each field points to its own message, after its hint; the search stays as it was.
    expect(html).toMatch(
      /<select id="learnerId" [^>]*aria-describedby="learnerId-hint learnerId-error learnerId-note"/,
    );
    expect(html).toMatch(
      /<input type="number" [^>]*value="0" aria-describedby="hoursPerWeek-hint hoursPerWeek-error"/,
    );
    expect(html).toMatch(/<input type="date" [^>]*value="" aria-describedby="startDate-error"/);
    expect(html).toContain('<input type="search" id="role" name="role" value="Santé"');
    expect(html).not.toContain('De route die Loopbrug plant');

    // Only what is wrong, in English too; what was chosen stays chosen.
    const learnerId = options(html, 'learnerId')[0]?.id ?? '';
    const roleId = options(html, 'roleId')[0]?.id ?? '';
    const one = await post(action, { learnerId, roleId, hoursPerWeek: '41', startDate: '2027-01-04' }, 'en');
    expect(one.status).toBe(400);
    const english = await one.text();
    const hours = [['hoursPerWeek', 'Fill in study hours a week from 1 to 40.']];
    expect(problems(english)).toEqual({ summary: hours, atFields: hours, invalid: ['hoursPerWeek'] });
    expect(english).toContain('<h2 id="error-summary-title">There is a problem</h2>');
    expect(options(english, 'roleId').find((o) => o.chosen)?.id).toBe(roleId);
    expect(english).toMatch(/<input type="number" [^>]*value="41"/);
    expect(english).toMatch(/<input type="date" [^>]*value="2027-01-04"/);
  });

  it('says no day of working independently can be planned while an essential competency is covered by no module', async () => {
    const gap = await s.enrol('gap-learner', 'Gerda Gat', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    const preview = await post('/pages/routes/new', {
      learnerId: gap.id,
      roleId: s.roleId('ksu/Onderwijsassistent'),
      hoursPerWeek: '8',
      startDate: '2027-01-04',
      action: 'preview',
    });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toMatch(/Zelfstandig inzetbaar valt niet te plannen: (een|\d+) essentiële competentie/);
    expect(html).not.toContain('Zelfstandig inzetbaar vanaf');
    // Each uncovered competency by its title, the essential ones marked.
    const list = html.slice(
      html.indexOf('<div class="notice bad">'),
      html.indexOf('</ul>', html.indexOf('<div class="notice bad">')),
    );
    expect(list).toMatch(/<li>[^<]+ \(essentieel\)<\/li>/);
    expect(list).not.toContain('https://');
    // Saved, its timeline says the same.
    const saved = await post('/pages/routes/new', {
      learnerId: gap.id,
      roleId: s.roleId('ksu/Onderwijsassistent'),
      hoursPerWeek: '8',
      startDate: '2027-01-04',
      action: 'save',
    });
    const routeId = (saved.headers.get('location') ?? '').split('/')[3] ?? '';
    for (const page of ['timeline', ''])
      expect((await get(`/pages/routes/${routeId}${page && `/${page}`}`)).html, page).toMatch(
        /Zelfstandig inzetbaar valt niet te plannen/,
      );
  });
});
