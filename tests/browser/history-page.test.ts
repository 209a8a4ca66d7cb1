/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opleider } from '../support/principals.js';
import { willemsRoute } from '../support/signed-off-route.js';
import { accessibilityRecord, launchChromium, offScreenOnPhone, signIn, startBrowserApp } from './browser.js';

// A route's history page (its versions and its audit trail) in real Chromium over the real app, on a
// 375 px phone: both tables stack as the routes and grants tables do, each cell under its column's
// name, so nothing, the page nor a table, scrolls sideways. Checked with axe-core at 360 and 1280 px.

const PHONE = 375;

describe("a route's history on a phone", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startBrowserApp>>;
  let routeId: string;
  const axe = accessibilityRecord();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startBrowserApp(), launchChromium()]);
    const s = app.scenario;
    const world = await willemsRoute(s);
    routeId = world.routeId;
    // A version with a reason and an audit event with a long detail: the widest rows the page has.
    await s.expectStatus(
      s.t.call('PATCH', `/routes/${routeId}`, {
        as: opleider('han'),
        body: {
          reason: 'Intake aangevuld met diploma en ervaring; de zwemmodule vervalt op het diploma van 2015.',
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
          ],
        },
      }),
      200,
    );
    await s.expectStatus(
      s.t.call('POST', `/routes/${routeId}/pause`, {
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

  /**
   * Opens `path` as `user` on a 375 px phone and checks that nothing scrolls sideways, the page nor any
   * of its `tables` table regions, and no cell is off screen. Answers the page and, per table, the labels
   * its first row's shown cells are stacked under.
   */
  async function onPhone(
    user: string,
    path: string,
    tables: number,
  ): Promise<{ page: Page; labelled: string[][] }> {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, app.base, user, path);
    await page.setViewportSize({ width: PHONE, height: 800 });
    const measured = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      tables: Array.from(document.querySelectorAll('main .table-wrap'), (wrap) => ({
        scroll: wrap.scrollWidth,
        client: wrap.clientWidth,
      })),
    }));
    expect(measured.page).toBeLessThanOrEqual(PHONE);
    expect(measured.tables).toHaveLength(tables);
    for (const table of measured.tables) expect(table.scroll).toBeLessThanOrEqual(table.client);
    expect(await offScreenOnPhone(page, 'main table th, main table td, main table summary')).toEqual([]);
    // Each row a card: what each cell is stands before it, as the column headers are out of sight.
    const labelled = await page.locator('main tbody').evaluateAll((bodies) =>
      bodies.map((body) =>
        Array.from(body.querySelector('tr')?.children ?? [])
          .filter((cell) => getComputedStyle(cell).display !== 'none')
          .map((cell) => getComputedStyle(cell, '::before').content),
      ),
    );
    return { page, labelled };
  }

  it('stacks the versions and the audit trail at 375 px: each cell labelled, no sideways scroll', async () => {
    const { page, labelled } = await onPhone('opleider-han', `/pages/routes/${routeId}/history`, 2);
    expect(await page.locator('h1').textContent()).toBe(
      'Versies en audittrail: route naar Leerkracht bewegingsonderwijs',
    );
    expect(labelled[0]).toEqual(['"Versie: "', '"Wijziging: "', '"Door: "', '"Wanneer: "']);
    expect(labelled[1]?.slice(0, 3)).toEqual(['"Wanneer: "', '"Gebeurtenis: "', '"Door: "']);
    const versions = await page.locator('main table').first().innerText();
    expect(versions).toContain('Intake aangevuld met diploma en ervaring');
    await axe.check(page, 'route-history');
  }, 60_000);

  it("stacks the praktijkopleider's earlier sign-offs at 375 px the same way", async () => {
    const { page, labelled } = await onPhone('pol-ksu-1', `/pages/routes/${routeId}/sign-off`, 1);
    expect(labelled[0]?.slice(0, 4)).toEqual([
      '"Leeruitkomst: "',
      '"Uitslag: "',
      '"Datum van de praktijktoets: "',
      '"Bewijs: "',
    ]);
    await axe.check(page, 'sign-off');
  }, 60_000);

  it('axe-core finds no violations on the history and sign-off pages at 360 and 1280 px', () => {
    const found = axe.findings();
    expect(axe.pages()).toEqual(['route-history', 'sign-off']);
    expect(found, found.join('\n')).toEqual([]);
  });
});
