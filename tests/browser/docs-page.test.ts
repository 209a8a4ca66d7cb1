import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin } from '../support/principals.js';
import { launchChromium, screenshot, startBrowserApp, WIDTHS } from './browser.js';

describe('/docs in a real browser: Swagger UI served by the app, offline', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('renders every operation of /openapi.json with its operationId, fetching nothing from outside', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(app.base) || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`${app.base}/docs`);
    const spec = (await (await fetch(`${app.base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 30_000 }).toBe(operations.length);
    expect(await page.locator('.info .title').first().textContent()).toContain('Loopbrug API');
    const tags = await page.locator('.opblock-tag').allTextContents();
    expect(tags.join(' ')).toContain('Modules');
    expect(tags.join(' ')).toContain('Werkgevers');
    const shown = await page.locator('.opblock-summary-operation-id').allTextContents();
    expect(shown.sort()).toEqual(operations.map((op) => op.operationId).sort());

    // Opening an operation shows its request body, resolved from the components.
    const createModule = page.locator('.opblock', { hasText: 'Create a module' });
    await createModule.locator('.opblock-summary').click();
    await expect
      .poll(() => createModule.locator('.body-param__example, .microlight').first().textContent())
      .toContain('studyLoad');
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await screenshot(page, 'docs');
    }
    expect(outside).toEqual([]);
  }, 60_000);

  it('tries an operation with a bearer token given under Authorize', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.base}/docs`);
    await page.locator('.btn.authorize').first().click();
    await page
      .locator('.modal-ux input')
      .first()
      .fill(await app.t.tokenFor(admin));
    await page.locator('.modal-ux .btn.authorize').click();
    await page.locator('.modal-ux .btn-done').click();
    const listInstitutions = page.locator('#operations-Instellingen-getInstitutions');
    await listInstitutions.locator('.opblock-summary').click();
    await listInstitutions.locator('.try-out__btn').click();
    await listInstitutions.locator('.execute').click();
    const status = listInstitutions.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('200');
    expect(await listInstitutions.locator('.live-responses-table').textContent()).toContain('roc-rivor');
  }, 60_000);
});
