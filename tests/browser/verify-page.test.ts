import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { willemsRoute } from '../support/signed-off-route.js';
import { accessibilityRecord, launchChromium, startBrowserApp } from './browser.js';

// The public verification page in real Chromium over the real app: a stranger pastes or uploads a
// credential, or opens a share link the learner made, and reads each check in plain Dutch.

describe('the public verification page', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let world: Awaited<ReturnType<typeof willemsRoute>>;
  let credentialPath = '';
  const axe = accessibilityRecord();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    world = await willemsRoute(app.scenario);
    credentialPath = `/credentials/${encodeURIComponent(world.credential.id)}`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A stranger's browser: no cookies, never signed in. */
  const stranger = async (): Promise<Page> => (await browser.newContext()).newPage();
  const checkText = (page: Page) => page.locator('ul.checks').textContent();

  it('a pasted credential is shown with each check in plain Dutch and who trusts its issuer', async () => {
    const page = await stranger();
    await page.goto(`${app.base}/verify`);
    await axe.check(page, 'verify');
    await page.locator('#credential').fill(JSON.stringify(world.credential.verifiableCredential));
    await page.locator('main button[type="submit"]').click();
    await page.waitForURL(`${app.base}/verify`);
    expect(await page.locator('.notice[role="status"]').textContent()).toBe(
      'Dit credential is echt en geldig.',
    );
    const checks = await checkText(page);
    for (const line of [
      'Handtekening: in orde',
      'De handtekening klopt',
      'Uitgever: in orde',
      'Geldigheid: in orde',
      'Status: in orde',
      'Schema: in orde',
    ])
      expect(checks).toContain(line);
    expect(await page.locator('main').textContent()).toContain(
      'Vertrouwd door: Hogeschool van Arnhem en Nijmegen.',
    );
    expect(await page.locator('main dl').textContent()).toContain('Klassenmanagement in de gymzaal');
    // The badge image the credential names, from this site.
    const badge = page.locator('img.badge-image');
    expect(await badge.getAttribute('src')).toMatch(/^\/badges\/modules\/[^/]+\/versions\/1$/);
    expect(await badge.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(
      400,
    );
    await axe.check(page, 'verify-result');
  }, 90_000);

  it('an uploaded file is checked the same way; a changed credential fails on its signature', async () => {
    const page = await stranger();
    await page.goto(`${app.base}/verify`);
    const changed = { ...world.credential.verifiableCredential, name: 'Iets anders behaald' };
    await page.locator('#file').setInputFiles({
      name: 'credential.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(changed)),
    });
    await page.locator('main button[type="submit"]').click();
    await page.waitForURL(`${app.base}/verify`);
    expect(await page.locator('.notice[role="status"]').textContent()).toBe(
      'Dit credential is niet in orde.',
    );
    expect(await checkText(page)).toContain('Handtekening: niet in orde');
    expect(await page.locator('main').textContent()).toContain(
      'Omdat het credential niet in orde is, staat niet vast wie het uitgaf.',
    );
    await axe.check(page, 'verify-failed');
  }, 90_000);

  it('what is neither JSON nor a VC-JWT is refused with the reason beside the field', async () => {
    const page = await stranger();
    await page.goto(`${app.base}/verify`);
    await page.locator('#credential').fill('dit is geen credential');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${app.base}/verify` && r.request().method() === 'POST'),
      page.locator('main button[type="submit"]').click(),
    ]);
    expect(res.status()).toBe(400);
    expect(await page.locator('#verify-error').textContent()).toBe('Dit is geen JSON en geen VC-JWT.');
    expect(await page.locator('#credential').getAttribute('aria-invalid')).toBe('true');
    await axe.check(page, 'verify-invalid');
  }, 60_000);

  it('a share link the learner made verifies in a stranger’s browser; withdrawn or altered, it is 404', async () => {
    const share = await app.scenario.expectStatus(
      app.t.call('POST', `${credentialPath}/shares`, { as: world.willem }),
      201,
    );
    expect(share.url).toBe(`${app.base}/verify/${share.id}`);
    const page = await stranger();
    const opened = await page.goto(share.url);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await page.locator('main').textContent()).toContain('Gedeeld via een openbare link.');
    expect(await page.locator('.notice[role="status"]').textContent()).toBe(
      'Dit credential is echt en geldig.',
    );
    await axe.check(page, 'verify-share');

    const altered = `${share.id.slice(0, -2)}${share.id.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await page.goto(`${app.base}/verify/${altered}`))?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Niet gevonden');

    await app.scenario.expectStatus(
      app.t.call('POST', `${credentialPath}/shares/${share.id}/withdraw`, { as: world.willem }),
      200,
    );
    const withdrawn = await page.goto(share.url);
    expect(withdrawn?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain('Klassenmanagement');
    await axe.check(page, 'verify-share-withdrawn');
  }, 90_000);

  it('axe-core finds no violations on the verification pages at 360 and 1280 px', () => {
    const found = axe.findings();
    expect(axe.pages()).toHaveLength(6);
    expect(found, found.join('\n')).toEqual([]);
  });
});
