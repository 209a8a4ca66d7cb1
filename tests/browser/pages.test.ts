/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { willemsRoute } from '../support/signed-off-route.js';
import { accessibilityRecord, launchChromium, signIn, startBrowserApp } from './browser.js';

// The pages in real Chromium over the real app: real SQLite, the development OpenID provider, real
// sign-in redirects. Every page is checked with axe-core and photographed at 360 and 1280 px.

describe('the pages: sign-in for each role, the guard, sessions and CSRF', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let world: Awaited<ReturnType<typeof willemsRoute>>;
  const axe = accessibilityRecord();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    world = await willemsRoute(app.scenario);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A new browser (no cookies) on a page. */
  const newPage = async (): Promise<Page> => (await browser.newContext()).newPage();
  const check = axe.check;

  it('leads a visitor from / to sign-in, the verification page and the docs, in Dutch or English', async () => {
    const page = await newPage();
    const res = await page.goto(`${app.base}/`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('h1').textContent()).toBe('Welkom bij Loopbrug');
    for (const href of ['/sign-in', '/verify', '/docs'])
      expect(await page.locator(`main a[href="${href}"]`).count()).toBe(1);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'none'");
    await check(page, 'home-visitor');

    await page.locator('a[hreflang="en"]').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Welcome to Loopbrug');
    await check(page, 'home-visitor-en');
  }, 60_000);

  const roles: [string, string, string, boolean][] = [
    ['learner', 'willem', 'Willem Jansen', true],
    ['praktijkopleider', 'pol-ksu-1', 'Joost van der Linden', true],
    ['werkgever', 'hr-ksu', 'HR Katholieke Scholenstichting Utrecht', true],
    ['opleider', 'opleider-han', 'Opleider HAN', true],
    ['admin', 'beheer', 'Beheerder', false],
  ];
  for (const [role, sub, name, seesRoute] of roles)
    it(`${role === 'admin' || role === 'opleider' ? 'an' : 'a'} ${role} signs in through the OpenID provider, sees their routes, and signs out`, async () => {
      const page = await newPage();
      await page.goto(`${app.base}/`);
      await page.locator('header a', { hasText: 'Aanmelden' }).click();
      expect(new URL(page.url()).pathname).toMatch(/^\/dev-oidc\/interaction\//);
      if (role === 'learner') await check(page, 'dev-provider-chooser');
      await page.locator(`button[name="sub"][value="${sub}"]`).click();
      await page.waitForURL(`${app.base}/`);
      expect(await page.locator('h1').textContent()).toBe(`Hallo ${name}`);
      expect(await page.locator('header').textContent()).toContain(`Aangemeld als ${name}`);
      const cookies = await page.context().cookies();
      const session = cookies.find((c) => c.name === 'loopbrug-session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(await page.locator('main table a', { hasText: 'Leerkracht bewegingsonderwijs' }).count()).toBe(
        seesRoute ? 1 : 0,
      );
      await check(page, `home-${role}`);

      if (seesRoute) {
        await page.locator('main table a', { hasText: 'Leerkracht bewegingsonderwijs' }).click();
        expect(new URL(page.url()).pathname).toBe(`/pages/routes/${world.routeId}`);
        expect(await page.locator('h1').textContent()).toBe('Route naar Leerkracht bewegingsonderwijs');
        expect(await page.locator('main').textContent()).toContain('ALO-KM');
        if (role === 'praktijkopleider') await check(page, 'route');
      }

      await page.locator('header button', { hasText: 'Afmelden' }).click();
      await page.waitForURL(`${app.base}/signed-out`);
      expect(await page.locator('h1').textContent()).toBe('Je bent afgemeld');
      if (role === 'learner') await check(page, 'signed-out');
      // The session is gone: a page that needs one sends the browser to sign in again.
      await page.goto(`${app.base}/pages/routes`);
      expect(new URL(page.url()).pathname).toMatch(/^\/dev-oidc\/interaction\//);
    }, 90_000);

  it('shows a praktijkopleider not assigned to a route a 403 page, as the API answers 403', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'pol-ksu-2');
    const res = await page.goto(`${app.base}/pages/routes/${world.routeId}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
    await check(page, 'forbidden');
    expect(await page.locator('main table').count()).toBe(0);
    const missing = await page.goto(`${app.base}/pages/routes/does-not-exist`);
    expect(missing?.status()).toBe(404);
    await check(page, 'not-found');
  }, 60_000);

  it('lists the signed-in person’s routes on their own page', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'pol-ksu-1', '/pages/routes');
    expect(new URL(page.url()).pathname).toBe('/pages/routes');
    expect(await page.locator('h1').textContent()).toBe('Mijn routes');
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await check(page, 'routes');
  }, 60_000);

  it('a form without its CSRF token changes nothing', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'willem');
    // A sign-out form from our own page, but without the token: refused, and still signed in.
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${app.base}/sign-out`),
      page.waitForURL(`${app.base}/sign-out`),
      page.evaluate(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/sign-out';
        document.body.append(form);
        form.submit();
      }),
    ]);
    expect(refused.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Geen toegang');
    await page.goto(`${app.base}/pages/routes`);
    expect(new URL(page.url()).pathname).toBe('/pages/routes');
    // Another browser's token is not this one's.
    const other = await newPage();
    await other.goto(`${app.base}/verify`);
    const foreign = await other.locator('input[name="_csrf"]').inputValue();
    const [wrong] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${app.base}/sign-out`),
      page.waitForURL(`${app.base}/sign-out`),
      page.evaluate((token) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/sign-out';
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = '_csrf';
        input.value = token;
        form.append(input);
        document.body.append(form);
        form.submit();
      }, foreign),
    ]);
    expect(wrong.status()).toBe(403);
    await page.goto(`${app.base}/pages/routes`);
    expect(new URL(page.url()).pathname).toBe('/pages/routes');
  }, 60_000);

  it('sends an expired session to sign in again, and back to where it was', async () => {
    const page = await newPage();
    await signIn(page, app.base, 'hr-ksu', '/pages/routes');
    app.clock.advanceMinutes(8 * 60 + 1);
    try {
      await page.goto(`${app.base}/pages/routes`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.locator('h1').textContent()).toBe('Je sessie is verlopen');
      await check(page, 'session-expired');
      await page.locator('main a', { hasText: 'Opnieuw aanmelden' }).click();
      await page.locator('button[name="sub"][value="hr-ksu"]').click();
      await page.waitForURL(`${app.base}/pages/routes`);
      expect(await page.locator('h1').textContent()).toBe('Mijn routes');
    } finally {
      app.clock.advanceMinutes(-(8 * 60 + 1));
    }
  }, 60_000);

  it('axe-core finds no violations on any of these pages at 360 and 1280 px', () => {
    const found = axe.findings();
    expect(axe.pages().length).toBeGreaterThanOrEqual(10);
    expect(found, found.join('\n')).toEqual([]);
  });
});
