import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { devOidcProvider } from '../../src/runtime/node/dev-oidc-provider.js';
import { devPeople } from '../../src/runtime/node/dev-people.js';
import { nodeDocsAssets } from '../../src/runtime/node/docs-assets.js';
import { nodeListener } from '../../src/runtime/node/node-server.js';
import { openScenario } from '../support/scenario.js';
import { TEST_NOW } from '../support/target.js';
import { startTestApp } from '../support/test-app.js';

// The one helper every browser test uses: a real Chromium, the real app on loopback HTTP with its
// development OpenID provider, axe-core for accessibility and screenshots for people to look at.

const require = createRequire(import.meta.url);

/** Flags that keep the browser off a network it does not have, and working as root in a container. */
const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // The packaged Chromium draws with its bundled SwiftShader; without a GPU `--disable-gpu` breaks screenshots.
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** An executable named `chromium` on PATH (Debian's), if there is one. */
function chromiumOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** The version of an installed package, from the package.json above its entry point. */
function packageVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === name && manifest.version) return manifest.version;
  }
  throw new Error(`cannot find the version of ${name}`);
}

/**
 * The Chromium that @sparticuz/chromium ships inside its npm package, unpacked once per version into a
 * folder of its own: the package unpacks into `os.tmpdir()` and takes whatever `chromium` it finds there,
 * so it unpacks with TMPDIR set to an empty staging folder, which is then renamed into place (a test
 * file unpacking at the same time loses the rename and uses the winner's). Its own fonts come with it.
 */
async function packagedChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  const version = packageVersion('@sparticuz/chromium');
  const folder = join(tmpdir(), `loopbrug-chromium-${version}`);
  const executablePath = join(folder, 'chromium');
  if (!existsSync(executablePath)) {
    const staging = `${folder}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const before = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      const { default: packaged } = await import('@sparticuz/chromium');
      await packaged.executablePath();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(folder, 'fonts', 'fonts')}</dir>\n  <cachedir>${join(folder, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, folder);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return { executablePath, env: { FONTCONFIG_FILE: join(folder, 'fonts.conf') } };
}

/**
 * Launches Chromium: CHROMIUM_PATH when set, else Debian's `chromium` on PATH, else the one the
 * @sparticuz/chromium package ships (so `npm ci && npm test` needs no browser installed). Never skips:
 * when none starts, the test fails saying why.
 * @example const browser = await launchChromium();
 */
export async function launchChromium(): Promise<Browser> {
  const onPath = chromiumOnPath();
  const chosen = process.env.CHROMIUM_PATH
    ? { source: 'CHROMIUM_PATH', executablePath: process.env.CHROMIUM_PATH, env: {} }
    : onPath
      ? { source: 'PATH', executablePath: onPath, env: {} }
      : { source: '@sparticuz/chromium', ...(await packagedChromium()) };
  console.info(`browser tests: Chromium from ${chosen.source} (${chosen.executablePath})`);
  try {
    return await chromium.launch({
      executablePath: chosen.executablePath,
      args: FLAGS,
      env: { ...process.env, ...chosen.env } as Record<string, string>,
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(`Chromium at ${chosen.executablePath} did not start: ${(error as Error).message}`);
  }
}

/** Where screenshots go, for a person to look at (gitignored; named in the README). */
export const SCREENSHOT_DIR = join(
  dirname(new URL(import.meta.url).pathname),
  '../../test-results/screenshots',
);

/** The two widths every page is checked and photographed at: a 360 px phone and a 1280 px desktop. */
export const WIDTHS = [360, 1280] as const;

/**
 * Writes a full-page screenshot of the page at its current width to SCREENSHOT_DIR as `<name>-<width>.png`.
 * @example await screenshot(page, 'verify-result');
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One accessibility violation as axe reports it, shortened for an assertion message. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page against WCAG 2.0, 2.1 and 2.2 A and AA (and axe's best practices) and
 * returns the violations. axe is evaluated through the DevTools protocol, which the pages' CSP (no
 * scripts at all) does not govern, so the page is checked as it is served.
 * @example expect(await accessibilityViolations(page)).toEqual([]);
 */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return (
      result.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * Checks a page at both widths: no axe violations at either, and a screenshot of each.
 * @example await checkPage(page, 'home');
 */
export async function checkPage(page: Page, name: string): Promise<Record<number, Violation[]>> {
  const found: Record<number, Violation[]> = {};
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    found[width] = await accessibilityViolations(page);
    await screenshot(page, name);
  }
  return found;
}

/**
 * What of `selector` a 375 px phone shows only after scrolling sideways, the page or a table in its
 * region: the text of each such element (part of it off the screen), none when all is in view. The page
 * goes back to the width it had.
 * @example expect(await offScreenOnPhone(page, 'main td, main button')).toEqual([]);
 */
export async function offScreenOnPhone(page: Page, selector: string): Promise<string[]> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  const off = await page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.left < 0 || box.right > document.documentElement.clientWidth);
      })
      .map((element) => (element.textContent ?? '').trim()),
  );
  if (before) await page.setViewportSize(before);
  return off;
}

/**
 * What axe-core found on the pages a test file visited: `check` checks and photographs a page at both
 * widths (checkPage) and keeps what it found; `pages` names those checked, `findings` lists each
 * violation as a line naming the page and width.
 * @example const axe = accessibilityRecord(); await axe.check(page, 'home'); expect(axe.findings()).toEqual([]);
 */
export function accessibilityRecord() {
  const violations: Record<string, Record<number, Violation[]>> = {};
  return {
    async check(page: Page, name: string): Promise<void> {
      violations[name] = await checkPage(page, name);
    },
    pages: (): string[] => Object.keys(violations),
    findings: (): string[] =>
      Object.entries(violations).flatMap(([name, byWidth]) =>
        Object.entries(byWidth).flatMap(([width, list]) =>
          list.map((v) => `${name} @${width}px: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`),
        ),
      ),
  };
}

/** The app's clock for sessions: fixed at TEST_NOW, moved on by a test that lets a session expire. */
export interface TestClock {
  now(): Date;
  advanceMinutes(minutes: number): void;
}

/**
 * The real app as a browser reaches it: listening on a loopback port, real SQLite with the scenario
 * fixtures, the development OpenID provider under /dev-oidc on the same server (sign-in goes through
 * real redirects), /docs with swagger-ui-dist, and `scenario` to set up the world through the API.
 * @example const app = await startBrowserApp(); await page.goto(`${app.base}/`);
 */
export async function startBrowserApp(options: { sessionMinutes?: number } = {}) {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fixtures = readFixtureFiles();
  const dev = await devOidcProvider(base, devPeople(fixtures));
  let offset = 0;
  const clock: TestClock = {
    now: () => new Date(new Date(TEST_NOW).getTime() + offset),
    advanceMinutes: (minutes) => {
      offset += minutes * 60_000;
    },
  };
  const t = await startTestApp({
    urls: publicUrls(base),
    now: () => clock.now(),
    web: { signIn: dev.settings, sessionMinutes: options.sessionMinutes ?? 480 },
    docsAsset: nodeDocsAssets(),
  });
  server.on('request', nodeListener(t.app.fetch, dev));
  const scenario = await openScenario(t.target, fixtures);
  return {
    base,
    clock,
    scenario,
    t,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Signs in through the real redirects: the page's sign-in link, the development provider's chooser,
 * the person's button, back to where the browser was sent from.
 * @example await signIn(page, app.base, 'pol-ksu-1');
 */
export async function signIn(page: Page, base: string, sub: string, from = '/'): Promise<void> {
  await page.goto(`${base}/sign-in?${new URLSearchParams({ next: from })}`);
  await page.locator(`button[name="sub"][value="${sub}"]`).click();
  await page.waitForURL((url) => url.origin === base && !url.pathname.startsWith('/dev-oidc'));
}

/** A fresh browser context (no cookies), as a second person on another device. */
export const freshContext = (browser: Browser): Promise<BrowserContext> => browser.newContext();
