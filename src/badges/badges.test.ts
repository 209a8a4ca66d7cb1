import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { willemsRoute } from '../../tests/support/signed-off-route.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { badgeSvg } from './badge-svg.js';

// Badge images over HTTP on SQLite: served without a token at the URL the issued credential names as
// its achievement's OBv3 `image`, and the credential still verifies with it.

describe('badge images', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let vc: { credentialSubject: { achievement: { id: string; image: { id: string; type: string } } } };

  beforeAll(async () => {
    s = await startScenarioApp();
    vc = (await willemsRoute(s)).credential.verifiableCredential as typeof vc;
  }, 60_000);

  it('names the module version badge as the achievement image of the credential, which still verifies', async () => {
    const moduleId = s.moduleId('han/ALO-KM');
    expect(vc.credentialSubject.achievement.image).toEqual({
      id: s.t.deps.urls.moduleBadge(moduleId, 1),
      type: 'Image',
      caption: 'Klassenmanagement in de gymzaal',
    });
    const verified = await s.t.call('POST', '/credentials/verify', { body: { verifiableCredential: vc } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  });

  it('serves it to anyone as an SVG that says what it is and runs nothing', async () => {
    const path = new URL(vc.credentialSubject.achievement.image.id).pathname;
    const res = await s.t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<title id="badge-title">ALO-KM Klassenmanagement in de gymzaal</title>');
    expect(svg).toContain('Hogeschool van Arnhem en Nijmegen');
    expect(svg).not.toMatch(/<script|href=/i);
  });

  it('serves a qualification badge, and 404 for what does not exist', async () => {
    const qualification = s.qualificationId('han/ALO-ZIJ');
    const res = await s.t.app.request(`/badges/qualifications/${qualification}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('KWALIFICATIE');
    expect((await s.t.app.request('/badges/qualifications/nope')).status).toBe(404);
    expect((await s.t.app.request(`/badges/modules/${s.moduleId('han/ALO-KM')}/versions/9`)).status).toBe(
      404,
    );
    const notANumber = await s.t.app.request(`/badges/modules/${s.moduleId('han/ALO-KM')}/versions/abc`);
    expect(notANumber.status).toBe(400);
    expect(await notANumber.text()).toContain(
      "param.version: expected a whole number of at least 1, got 'abc'",
    );
  });

  it("keeps every fixture instelling's name on the dark disc, the longest on two lines", () => {
    const names = (readFixtureFiles().institutions as { name: string }[]).map((i) => i.name);
    const longest = names.reduce((a, b) => (b.length > a.length ? b : a));
    expect(longest).toBe('Hogeschool van Arnhem en Nijmegen');
    for (const institution of names) {
      const svg = badgeSvg({
        kind: 'module',
        code: 'ALO-KM',
        title: 'Klassenmanagement',
        institution,
        institutionId: 'han',
      });
      // The instelling's name is the last text drawn: one line, or a line per tspan.
      const text = svg.slice(svg.lastIndexOf('<text'), svg.lastIndexOf('</text>'));
      const size = Number(/font-size="([\d.]+)"/.exec(text)?.[1]);
      const lines = [...text.matchAll(/y="(\d+)"[^>]*>([^<]+)/g)].map(([, y, line]) => ({
        y: Number(y),
        line: line ?? '',
      }));
      expect(lines.map((l) => l.line).join(' '), institution).toBe(institution);
      for (const { y, line } of lines) {
        // Its corners, at 0.6 em a character (wider than bold system-ui fonts), from ascender to descender.
        const half = (line.length * size * 0.6) / 2;
        for (const corner of [y - size * 0.75, y + size * 0.25])
          expect(Math.hypot(half, corner - 200), `${line} at y ${y}`).toBeLessThan(176);
      }
    }
    const han = badgeSvg({
      kind: 'module',
      code: 'ALO-KM',
      title: 'K',
      institution: longest,
      institutionId: 'han',
    });
    expect(han).toContain(
      '<tspan x="200" y="326">Hogeschool van Arnhem</tspan><tspan x="200" y="344">en Nijmegen</tspan>',
    );
  });

  it('escapes what it draws', () => {
    const svg = badgeSvg({
      kind: 'module',
      code: '<x>',
      title: 'A & "B" <script>alert(1)</script>',
      institution: "O'Brien",
      institutionId: 'x',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;x&#62;');
  });
});
