import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';

// Debian's Chromium, installed by .ci/run; the flags keep it off the network it does not have.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

describe('/docs in a real browser', () => {
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base = '';

  beforeAll(async () => {
    const { app } = await startTestApp();
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath, args: flags }).catch((error: Error) => {
      throw new Error(`Chromium is needed at ${executablePath} (apt-get install chromium): ${error.message}`);
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('renders every operation of /openapi.json without fetching anything from outside', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`${base}/docs`);
    await page.waitForSelector('details');

    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(spec.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator('details').count()).toBe(operations);
    expect(await page.locator('h1').textContent()).toBe('Loopbrug API');
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['Modules', 'Werkgevers']),
    );

    // Opening an operation shows its request schema, resolved from the components.
    const createModule = page.locator('details', { hasText: 'Create a module' });
    await createModule.locator('summary').click();
    await expect.poll(() => createModule.locator('pre').first().textContent()).toContain('studyLoad');
    await page.screenshot({
      path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/loopbrug-docs.png`,
      fullPage: false,
    });
    expect(outside).toEqual([]);
  });
});
