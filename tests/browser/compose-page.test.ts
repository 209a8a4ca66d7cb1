/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityRecord, launchChromium, offScreenOnPhone, signIn, startBrowserApp } from './browser.js';

// The opleider's compose page in real Chromium over the real app, on a 375 px phone: a long search
// without spaces, echoed under the lists, wraps instead of pushing the page sideways; a form sent with
// fields missing names each of them, at the top and at the field. Checked with axe-core at 360 and 1280 px.

const PHONE = 375;

describe('composing a route on a phone', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  const axe = accessibilityRecord();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens `path` signed in as HAN's opleider, on a 375 px phone. */
  async function onPhone(path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.setViewportSize({ width: PHONE, height: 800 });
    await signIn(page, app.base, 'opleider-han', path);
    return page;
  }
  const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  it('wraps a search of 80 characters without a space instead of scrolling sideways', async () => {
    const long = 'Zorgmedewerker'.repeat(6).slice(0, 80);
    const page = await onPhone(`/pages/routes/new?${new URLSearchParams({ learner: long, role: long })}`);
    expect(await page.locator('#learnerId-note').textContent()).toBe(
      `Geen lerende met ‘${long}’ in de naam.`,
    );
    expect(await page.locator('#roleId-note').textContent()).toBe(
      `Geen functie of werkgever met ‘${long}’ in de naam.`,
    );
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE);
    expect(await offScreenOnPhone(page, 'main p, main label, main .hint')).toEqual([]);
  }, 60_000);

  it('names every missing field above the form and at the field, keeping what was typed', async () => {
    const page = await onPhone('/pages/routes/new?role=Sant%C3%A9');
    await page.locator('#hoursPerWeek').fill('');
    await page.locator('#startDate').fill('');
    await page.locator('main button', { hasText: 'Bekijk de route' }).click();
    await page.waitForSelector('.error-summary');
    const summary = page.locator('.error-summary');
    expect(await summary.locator('h2').textContent()).toBe('Er is een probleem');
    // HAN has no learner who granted it access here, so no learner is chosen either.
    expect(
      await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual(['#learnerId', '#hoursPerWeek', '#startDate']);
    expect(await page.locator('#hoursPerWeek-error').textContent()).toBe(
      'Vul een aantal studie-uren per week in van 1 tot 40.',
    );
    expect(await page.locator('#hoursPerWeek').inputValue()).toBe('');
    expect(await page.locator('#role').inputValue()).toBe('Santé');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE);
    await axe.check(page, 'compose-errors');
    expect(axe.findings()).toEqual([]);
  }, 60_000);
});
