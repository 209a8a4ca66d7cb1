/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeSvg } from '../../src/badges/badge-svg.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { launchChromium } from './browser.js';

// The badge image as Chromium draws it, with the fonts it has: every line of text stays on the dark disc
// (radius 176 around the centre), never on the pale ring, for the name of every fixture instelling.

describe('the badge image in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("draws every line, the instelling's name too, inside the dark disc", async () => {
    const page = await browser.newPage();
    const names = (readFixtureFiles().institutions as { name: string }[]).map((i) => i.name);
    expect(names).toContain('Hogeschool van Arnhem en Nijmegen');
    for (const institution of names) {
      const svg = badgeSvg({
        kind: 'module',
        code: 'ALO-VH',
        title: 'Veiligheid en hulpverlenen in de gymzaal',
        level: 'hbo-bachelor · NLQF 6',
        institution,
        institutionId: 'han',
      });
      await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
      // Each drawn line (a text, or each tspan of one): the corner of its box farthest from the centre.
      const outside = await page.locator('svg').evaluate((svgElement) => {
        const origin = svgElement.getBoundingClientRect();
        return Array.from(svgElement.querySelectorAll('text'))
          .flatMap((text) =>
            text.querySelector('tspan')
              ? Array.from(text.querySelectorAll<SVGTextContentElement>('tspan'))
              : [text],
          )
          .map((line) => {
            const box = line.getBoundingClientRect();
            const dx = Math.max(
              Math.abs(box.left - origin.left - 200),
              Math.abs(box.right - origin.left - 200),
            );
            const dy = Math.max(
              Math.abs(box.top - origin.top - 200),
              Math.abs(box.bottom - origin.top - 200),
            );
            return { line: line.textContent ?? '', reach: Math.hypot(dx, dy) };
          })
          .filter(({ reach }) => reach > 176);
      });
      expect(outside, institution).toEqual([]);
    }
  }, 60_000);
});
