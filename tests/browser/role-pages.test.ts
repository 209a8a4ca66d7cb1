/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learner, opleider } from '../support/principals.js';
import { decodeQrPng } from '../support/qr-decode.js';
import { willemsRoute } from '../support/signed-off-route.js';
import { accessibilityRecord, launchChromium, offScreenOnPhone, signIn, startBrowserApp } from './browser.js';

// The role pages in real Chromium over the real app (real SQLite, the development OpenID provider, real
// sign-in redirects): each role signs in and does its main job, end to end. Every page is checked with
// axe-core and photographed at 360 and 1280 px.

const ACCOMMODATIONS = ['mondeling-examen', 'extra-tijd', 'voorleessoftware'];

describe('the role pages: praktijkopleider, overstapper, werkgever and opleider', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let world: Awaited<ReturnType<typeof willemsRoute>>;
  const axe = accessibilityRecord();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    const s = app.scenario;
    world = await willemsRoute(s);
    // Willem's profile names his accommodations; the opleider exempts one module on his diploma and
    // refuses another exemption (a new version), and Willem pauses over the summer.
    await s.expectStatus(
      s.t.call('PUT', `/learners/${world.learnerId}/profile`, {
        as: world.willem,
        body: {
          talenten: ['Geduldig'],
          skills: ['Plannen'],
          drijfveren: ['Kinderen laten bewegen'],
          accommodations: ACCOMMODATIONS,
        },
      }),
      200,
    );
    await s.expectStatus(
      s.t.call('PATCH', `/routes/${world.routeId}`, {
        as: opleider('han'),
        body: {
          reason: 'Intake aangevuld met diploma en ervaring.',
          operations: [
            {
              op: 'exempt',
              moduleId: s.moduleId('han/ALO-ZW'),
              evidence: {
                kind: 'diploma',
                id: 'zwemdiploma-2015',
                description: 'Diploma zwemonderwijzer (2015)',
              },
            },
            {
              op: 'refuse-exemption',
              moduleId: s.moduleId('han/ALO-MO'),
              reason: 'Ervaring als voetbaltrainer is geen bewijs van motorisch onderwijs.',
            },
          ],
        },
      }),
      200,
    );
    await s.expectStatus(
      s.t.call('POST', `/routes/${world.routeId}/pause`, {
        as: world.willem,
        body: { from: '2027-07-01', until: '2027-08-15', reason: 'Zomervakantie' },
      }),
      200,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const newPage = async (): Promise<Page> => (await browser.newContext()).newPage();
  const check = axe.check;
  const main = (page: Page) => page.locator('main').innerText();
  const signOffPath = () => `/pages/routes/${world.routeId}/sign-off`;

  /** Presses Tab until the focused element is the one `matches` picks (at most 60 times). */
  async function tabTo(page: Page, matches: (el: Element) => boolean) {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
    }
    throw new Error('the keyboard never reached the element');
  }

  it('refuses a praktijkopleider not assigned to the route its sign-off page, with the 403 page', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'pol-ksu-2');
    const res = await page.goto(`${app.base}${signOffPath()}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
    expect(await page.locator('form[action*="/sign-off/"]').count()).toBe(0);
    // Nor may they post a sign-off to it: the same rule, before anything is read or written.
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const posted = await page.request.post(`${app.base}${signOffPath()}/outcomes/x`, {
      form: { _csrf: token, result: 'passed', date: '2026-11-20', evidenceText: 'x' },
      headers: { origin: app.base },
    });
    expect(posted.status()).toBe(403);
  }, 60_000);

  it('a praktijkopleider signs off by keyboard alone, then the last outcome of ALO-VH with a file, and corrects one', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'pol-ksu-1', '/pages/sign-off');
    expect(await page.locator('h1').textContent()).toBe('Aftekenen');
    await check(page, 'assessor-routes');
    await page.locator('main table a').click();
    expect(new URL(page.url()).pathname).toBe(signOffPath());
    const text = await main(page);
    // The learner's accommodations where they matter: before assessing.
    for (const words of ['mondeling examen', 'extra tijd', 'voorleessoftware (tekst-naar-spraak)'])
      expect(text).toContain(words);
    expect(text).toContain('ALO-LU-VH1');
    expect(text).toContain('Klassenmanagement in de gymzaal'); // issued for the route already
    await check(page, 'assessor-route');

    // Keyboard only: Tab to the outcome's link (ALO-VH starts later; it is shown already), Enter, Tab to
    // the explanation, type, Tab to submit, Enter.
    await tabTo(page, (el) => el.textContent === 'ALO-LU-VH1 nu al aftekenen');
    await Promise.all([page.waitForURL(/\/outcomes\//), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Leeruitkomst ALO-LU-VH1 aftekenen');
    expect(await main(page)).toContain('mondeling examen');
    await check(page, 'assessor-sign-off-form');
    await tabTo(page, (el) => el.id === 'evidence-text');
    await page.keyboard.type('Toestelcontrole zelfstandig uitgevoerd bij drie lessen.');
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent === 'Aftekening vastleggen');
    await Promise.all([page.waitForURL(/\/sign-off\?done=recorded/), page.keyboard.press('Enter')]);
    expect(await page.locator('.notice[role="status"]').textContent()).toBe('De aftekening is vastgelegd.');

    // A form without evidence is shown again with what is missing, and records nothing.
    await page.locator('main a', { hasText: 'ALO-LU-EH1 nu al aftekenen' }).click();
    await page.locator('#evidence-text').fill('');
    await page.locator('main button[type="submit"]').click();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([
      'Geef een toelichting, een link of een bestand.',
    ]);
    expect(await page.locator('#evidence-text').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'assessor-sign-off-refused');

    // The last outcome of ALO-VH, with a file kept by its hash and an accommodation used: the module is
    // completed and its credential issued.
    await page.locator('#evidence-file').setInputFiles({
      name: 'observatie-ehbo.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 observatie EHBO'),
    });
    await page.locator('label', { hasText: 'mondeling examen' }).click();
    await page.locator('main button[type="submit"]').click();
    await page.waitForURL(/done=issued/);
    expect(await page.locator('.notice[role="status"]').textContent()).toContain(
      'Alle leeruitkomsten van ALO-VH zijn behaald: de module is afgerond en het credential is uitgegeven.',
    );
    const after = await main(page);
    expect(after).toContain('Veiligheid en hulpverlenen in de gymzaal · Uitgegeven op');
    expect(after).toContain('observatie-ehbo.pdf · sha256');
    const api = await app.scenario.t.call('GET', `/routes/${world.routeId}/signoffs`, {
      as: opleider('han'),
    });
    const last = (
      api.body.items as { outcomeId: string; evidence: unknown[]; accommodations: string[] }[]
    ).at(-1);
    expect(last?.outcomeId).toBe(app.scenario.outcomeId('han', 'ALO-LU-EH1'));
    expect(last?.evidence).toEqual([
      { kind: 'file', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), name: 'observatie-ehbo.pdf' },
    ]);
    expect(last?.accommodations).toEqual(['mondeling-examen']);

    // A correction names what it corrects and why; the earlier one shows as replaced.
    await page.locator('main a[aria-label^="Aftekening van ALO-LU-VH1"]').click();
    expect(await page.locator('h1').textContent()).toBe('Aftekening van ALO-LU-VH1 corrigeren');
    await check(page, 'assessor-correction-form');
    await page.locator('#date').fill('2026-11-21');
    await page.locator('#evidence-text').fill('Toestelcontrole bij drie lessen; datum verbeterd.');
    await page.locator('#reason').fill('Verkeerde datum ingevuld: de toets was op 21 november.');
    await page.locator('main button[type="submit"]').click();
    await page.waitForURL(/\/sign-off\?done=/);
    const corrected = await main(page);
    expect(corrected).toContain('vervangen door een correctie');
    expect(corrected).toContain('Verkeerde datum ingevuld');
    await check(page, 'assessor-route-after');
  }, 120_000);

  it('the learner then sees the credential with its badge, and its wallet QR code with the code apart', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'willem', '/pages/me');
    expect(await page.locator('h1').textContent()).toBe('Mijn credentials');
    // On a phone the routes table stacks: every column, "Zelfstandig inzetbaar vanaf" too, is in view.
    expect(await offScreenOnPhone(page, 'main table th, main table td')).toEqual([]);
    expect(await page.locator('main td[data-label="Zelfstandig inzetbaar vanaf"]').count()).toBe(1);
    const card = page.locator('.credential-card', { hasText: 'Veiligheid en hulpverlenen in de gymzaal' });
    expect(await card.count()).toBe(1);
    expect(
      await card.locator('img.badge-image').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(400);
    await check(page, 'learner-credentials');
    await card.locator('a').click();
    expect(await page.locator('h1').textContent()).toBe(
      'Credential: Veiligheid en hulpverlenen in de gymzaal',
    );
    await check(page, 'learner-credential');

    await page.locator('main button', { hasText: 'Zet in je wallet' }).click();
    expect(await page.locator('h1').textContent()).toBe('Zet in je wallet');
    const qr = await page.locator('img.qr-code').getAttribute('src');
    const offerLink = decodeQrPng(qr ?? '');
    expect(offerLink).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/);
    const txCode = (await page.locator('.tx-code .code').textContent()) ?? '';
    expect(txCode).toMatch(/^\d{6}$/);
    expect(offerLink).not.toContain(txCode);
    expect(page.url()).not.toContain(txCode);
    // The offer the QR code names is open at the instelling's credential issuer.
    const offerUri = new URL(offerLink).searchParams.get('credential_offer_uri') ?? '';
    const offer = await page.request.get(offerUri);
    expect(offer.status()).toBe(200);
    expect(((await offer.json()) as { credential_issuer: string }).credential_issuer).toBe(
      `${app.base}/institutions/han`,
    );
    await check(page, 'learner-wallet');
  }, 90_000);

  it('the learner shares a credential, a stranger verifies it through the link, and withdrawing it makes it 404', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'willem', `/pages/credentials/${encodeURIComponent(world.credential.id)}`);
    await page.locator('main button', { hasText: 'Maak een deellink' }).click();
    await page.waitForURL(/done=shared/);
    expect(await page.locator('.notice[role="status"]').textContent()).toBe('De link is gemaakt.');
    const link = (await page.locator('a.share-link').getAttribute('href')) ?? '';
    expect(link).toMatch(new RegExp(`^${app.base}/verify/[A-Za-z0-9_-]+$`));
    await check(page, 'learner-credential-shared');

    const stranger = await newPage();
    const seen = await stranger.goto(link);
    expect(seen?.status()).toBe(200);
    expect(await stranger.locator('.notice[role="status"]').textContent()).toBe(
      'Dit credential is echt en geldig.',
    );
    expect(await main(stranger)).toContain('Klassenmanagement in de gymzaal');

    await page.locator('main button', { hasText: 'Intrekken' }).click();
    await page.waitForURL(/done=withdrawn/);
    expect(await main(page)).toContain('ingetrokken');
    expect((await stranger.goto(link))?.status()).toBe(404);

    // Downloads: the credential as JSON, and a printable page.
    const json = await page.request.get(`${page.url().split('?')[0]}/credential.json`);
    expect(json.headers()['content-disposition']).toContain('attachment');
    expect(((await json.json()) as { id: string }).id).toBe(world.credential.id);
    await page.locator('main a', { hasText: 'Afdrukbare versie' }).click();
    expect(await page.locator('h1').textContent()).toBe('Klassenmanagement in de gymzaal (afdrukversie)');
    expect(await main(page)).toContain('Leerling willem');
    await check(page, 'learner-credential-print');
  }, 90_000);

  it('the learner sees the route as a timeline: completed, exempt with evidence, refused, pauses, onboarding', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'willem', '/pages/me');
    await page.locator('main table a').click();
    expect(new URL(page.url()).pathname).toBe(`/pages/routes/${world.routeId}/timeline`);
    expect(await page.locator('h1').textContent()).toBe('Mijn route naar Leerkracht bewegingsonderwijs');
    const text = await main(page);
    for (const words of [
      'Zelfstandig inzetbaar vanaf',
      'dagen na de start',
      'Afgerond op 2026-11-20',
      'vrijgesteld',
      'Vrijgesteld op grond van: Diploma zwemonderwijzer (2015)',
      'Ervaring als voetbaltrainer is geen bewijs van motorisch onderwijs.',
      'Pauze van 2027-07-01 tot 2027-08-15 (Zomervakantie)',
      // Composed on the test clock's day (2026-11-22) with a start date before it: it starts that day.
      'Start\n2026-11-22',
    ])
      expect(text).toContain(words);
    await check(page, 'learner-timeline');
  }, 60_000);

  it('the learner gives and withdraws a grant and downloads everything', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'willem', '/pages/me');
    await page.locator('main a', { hasText: 'Mijn gegevens' }).click();
    expect(await page.locator('h1').textContent()).toBe('Mijn gegevens');
    expect(await main(page)).toContain('mondeling examen');
    await page.locator('#grantee').selectOption({ label: 'Katholieke Scholenstichting Utrecht (werkgever)' });
    await page.locator('main button', { hasText: 'Toestemming geven' }).click();
    expect(await page.locator('[role="alert"]').textContent()).toBe('Kies minstens één soort gegevens.');
    await page.locator('label', { hasText: 'profiel' }).click();
    await page.locator('#purpose').fill('Inzet plannen');
    await page.locator('main button', { hasText: 'Toestemming geven' }).click();
    await page.waitForURL(/done=granted/);
    const row = page.locator('main tbody tr', { hasText: 'Inzet plannen' });
    expect(await row.innerText()).toContain('actief');
    // On a phone the grants stack as cards: the status and "Intrekken" are in view without scrolling.
    expect(await offScreenOnPhone(page, 'main table th, main table td, main table button')).toEqual([]);
    await check(page, 'learner-privacy');
    await row.locator('button', { hasText: 'Intrekken' }).click();
    await page.waitForURL(/done=withdrawn/);
    expect(await page.locator('main tbody tr', { hasText: 'Inzet plannen' }).innerText()).toContain(
      'ingetrokken',
    );
    const exported = await page.request.get(`${app.base}/pages/learners/${world.learnerId}/export.json`);
    expect(exported.headers()['content-disposition']).toContain('attachment');
    const body = (await exported.json()) as { learner: { id: string }; grants: unknown[] };
    expect(body.learner.id).toBe(world.learnerId);
    expect(body.grants.length).toBeGreaterThanOrEqual(2);
    // The page's export is audited as the API's is: the next export shows it.
    const again = (await (
      await page.request.get(`${app.base}/pages/learners/${world.learnerId}/export.json`)
    ).json()) as { auditEvents: { action: string }[] };
    expect(again.auditEvents.map((e) => e.action)).toContain('learner.exported');
  }, 60_000);

  it('a learner erases themselves only after confirming, and is signed out', async () => {
    const s = app.scenario;
    const anne = await s.enrol('anne', 'Anne Bakker', { grants: [{ kind: 'institution', id: 'han' }] });
    const page = await newPage();
    await signIn(page, app.base, 'anne', `/pages/learners/${anne.id}`);
    await page.locator('main a', { hasText: 'Gegevens wissen' }).click();
    expect(await page.locator('h1').textContent()).toBe('Weet je het zeker?');
    await check(page, 'learner-erase-confirm');
    await page.locator('main button', { hasText: 'Definitief wissen' }).click();
    expect(await page.locator('[role="alert"]').textContent()).toBe(
      'Vink aan dat je je gegevens definitief wilt wissen.',
    );
    expect((await s.t.call('GET', `/learners/${anne.id}`, { as: learner('anne') })).status).toBe(200);
    await page.locator('label', { hasText: 'Ja, wis mijn gegevens definitief' }).click();
    await page.locator('main button', { hasText: 'Definitief wissen' }).click();
    expect(await page.locator('h1').textContent()).toBe('Je gegevens zijn gewist');
    await check(page, 'learner-erased');
    expect((await s.t.call('GET', `/learners/${anne.id}`, { as: learner('anne') })).status).toBe(404);
    await page.goto(`${app.base}/pages/me`);
    expect(new URL(page.url()).pathname).toMatch(/^\/dev-oidc\/interaction\//);
  }, 60_000);

  it('a werkgever sees the routes toward its roles, assigns a praktijkopleider, and approves for the workplace', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'hr-ksu', '/pages/team');
    expect(await page.locator('h1').textContent()).toBe('Ons team');
    expect(await offScreenOnPhone(page, 'main table th, main table td')).toEqual([]);
    await check(page, 'employer-routes');
    await page.locator('main table a', { hasText: 'Leerkracht bewegingsonderwijs' }).click();
    expect(new URL(page.url()).pathname).toBe(`/pages/routes/${world.routeId}/team`);
    expect(await main(page)).toContain('Joost van der Linden');
    const other = await page.locator('#assessor option').first().textContent();
    await page.locator('main button', { hasText: 'Toewijzen' }).click();
    await page.waitForURL(/done=assigned/);
    const text = await main(page);
    expect(text).toContain(other ?? '?');
    // The werkgever approves for the workplace (routeRules.approve), as a leerbedrijf signs the
    // praktijkovereenkomst; the opleider still has to.
    expect(text).toMatch(/opleider: moet nog goedkeuren/);
    await page.locator('main button', { hasText: /^Versie \d+ goedkeuren$/ }).click();
    await page.waitForURL(/done=approved/);
    const approved = await main(page);
    expect(approved).toMatch(/werkplek \(praktijkopleider of werkgever\): goedgekeurd op/);
    expect(approved).toMatch(/opleider: moet nog goedkeuren/);
    expect(await page.locator('main button', { hasText: 'goedkeuren' }).count()).toBe(0);
    await check(page, 'employer-team');
    // The newly assigned praktijkopleider may now open the route's sign-off page.
    const assigned = await app.scenario.t.call('GET', `/routes/${world.routeId}/assessors`, {
      as: opleider('han'),
    });
    expect((assigned.body.items as { subject?: string }[]).map((a) => a.subject)).toContain('pol-ksu-2');
  }, 60_000);

  it('an opleider sees the routes per learner, a route’s versions and audit trail, and approves the new version', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'opleider-han', '/pages/learners');
    expect(await page.locator('h1').textContent()).toBe('Lerenden en hun routes');
    expect(await page.locator('main tbody th[data-label="Lerende"]').allTextContents()).toContain(
      'Leerling willem',
    );
    await check(page, 'institution-learners');
    // Composing starts from here: the form offers Willem (he granted HAN access) and every role; the
    // preview shows the plan before anything is saved.
    await page.locator('main a', { hasText: 'Een route samenstellen' }).click();
    await page.waitForURL((url) => url.pathname === '/pages/routes/new');
    expect(await page.locator('#learnerId option').allTextContents()).toContain('Leerling willem');
    await page.locator('main button', { hasText: 'Bekijk de route' }).click();
    await page.waitForURL((url) => url.pathname === '/pages/routes/new');
    expect(await page.locator('main h2').allTextContents()).toContain('De route die Loopbrug plant');
    await check(page, 'compose-route');
    await page.goto(`${app.base}/pages/learners`);
    await page.locator('main a', { hasText: 'Leerkracht bewegingsonderwijs' }).first().click();
    // Loaded, not only begun: counting the rows below does not wait for them to be there.
    await page.waitForURL((url) => url.pathname === `/pages/routes/${world.routeId}/history`);
    const versions = page.locator('main table').first().locator('tbody tr');
    expect(await versions.count()).toBeGreaterThanOrEqual(4);
    const trail = await page.locator('main table').nth(1).innerText();
    // Each event in words, with the codes it is about, and who did it: by name where Loopbrug keeps
    // one, else by role with the account they signed in with.
    for (const action of [
      'Route samengesteld',
      'Vrijstelling voor ALO-ZW; vrijstelling voor ALO-MO geweigerd',
      'Pauze van 2027-07-01 tot 2027-08-15',
      'Praktijkopleider toegewezen',
    ])
      expect(trail).toContain(action);
    expect(trail).toMatch(/opleider\s+account opleider-han/);
    expect(trail).not.toContain('route.composed');
    await check(page, 'institution-history');

    await page.goto(`${app.base}/pages/routes/${world.routeId}/team`);
    await page.locator('main button', { hasText: /^Versie \d+ goedkeuren$/ }).click();
    await page.waitForURL(/done=approved/);
    expect(await main(page)).toMatch(/opleider: goedgekeurd op/);
    await check(page, 'route-approvals');
    // The route page links to what each may do here, in words for who reads it: the route is not theirs.
    await page.goto(`${app.base}/pages/routes/${world.routeId}`);
    expect(await page.locator('main nav a').allTextContents()).toContain('De route als tijdlijn');
  }, 60_000);

  it('axe-core finds no violations on any role page at 360 and 1280 px', () => {
    const found = axe.findings();
    expect(axe.pages().length).toBeGreaterThanOrEqual(18);
    expect(found, found.join('\n')).toEqual([]);
  });
});
