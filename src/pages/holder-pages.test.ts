import { beforeAll, describe, expect, it } from 'vitest';
import { openWallet } from '../../tests/support/oid4vc-wallet.js';
import { learner, opleider, praktijkopleider } from '../../tests/support/principals.js';
import { openScenario, type Scenario } from '../../tests/support/scenario.js';
import { wakPassed } from '../../tests/support/signed-off-route.js';
import { expectStatus } from '../../tests/support/target.js';
import { startTestApp } from '../../tests/support/test-app.js';
import { learnerWithModuleCredential } from '../../tests/support/wallet-scenario.js';
import type { Principal } from '../auth/principal.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { CSRF_FIELD, startSession } from '../web-auth/index.js';

// The learner's own pages in-process (real app and SQLite, a real session, no browser) once a wallet
// picked up their credential in both formats: what each copy is, what can still be done with a
// credential, their profile as they filled it in, and times in Dutch time. The clock is TEST_NOW,
// 2026-11-22T09:00Z: 10:00 in Amsterdam.

describe("the learner's own pages, with copies in a wallet", () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let s: Scenario;
  let sanne: Awaited<ReturnType<typeof learnerWithModuleCredential>>;
  /** The copies Sanne's wallet picked up, by the format it asked for. */
  const copies: Record<'ldp_vc' | 'jwt_vc_json', string> = { ldp_vc: '', jwt_vc_json: '' };
  const path = (id: string, rest = '') => `/pages/credentials/${encodeURIComponent(id)}${rest}`;

  beforeAll(async () => {
    t = await startTestApp();
    s = await openScenario(t.target, readFixtureFiles());
    sanne = await learnerWithModuleCredential({ ...s, t: t.target }, 'sanne');
    const wallet = await openWallet(async (url, init) => t.app.request(url, init), {
      didWebScheme: 'http',
      now: t.deps.now,
    });
    for (const format of ['ldp_vc', 'jwt_vc_json'] as const) {
      const offer = await expectStatus(
        t.call('POST', `/credentials/${encodeURIComponent(sanne.credentialId)}/offer`, {
          as: sanne.learner.as,
          body: { format },
        }),
        201,
      );
      await wallet.pickUp(offer.credentialOfferUri, offer.txCode);
      const [pickup] = await t.target.query<{ credential_id: string }>(
        'SELECT credential_id FROM credential_pickup ORDER BY picked_up_at DESC, rowid DESC LIMIT 1',
      );
      copies[format] = pickup?.credential_id ?? '';
    }
  }, 60_000);

  /** A browser signed in as `principal`, in `lang`: its cookies, and the CSRF token of its forms. */
  const signedIn = async (principal: Principal, lang?: 'en') => {
    const { token, session } = await startSession(t.deps, { principal, name: 'Sanne' }, 60);
    const cookie = [`loopbrug-session=${token}`, ...(lang ? [`loopbrug-lang=${lang}`] : [])].join('; ');
    return { cookie, csrf: session.csrfToken };
  };
  const get = async (path: string, as: Principal = learner('sanne'), lang?: 'en') => {
    const res = await t.app.request(path, { headers: { cookie: (await signedIn(as, lang)).cookie } });
    return { status: res.status, html: await res.text() };
  };
  const post = async (path: string, as: Principal = learner('sanne'), lang?: 'en') => {
    const browser = await signedIn(as, lang);
    const res = await t.app.request(path, {
      method: 'POST',
      body: new URLSearchParams({ [CSRF_FIELD]: browser.csrf }),
      headers: {
        origin: t.deps.urls.base,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: browser.cookie,
      },
    });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  };
  /** The text of each credential card on /pages/me, tags dropped. */
  const cards = (html: string) =>
    [...html.matchAll(/<li class="card credential-card">([\s\S]*?)<\/li>/g)].map((m) =>
      (m[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );

  it('labels each copy a wallet picked up, read from its own document (a VC-JWT too), after its original', async () => {
    const { html } = await get('/pages/me');
    const picked = 'Kopie in je wallet, opgehaald op 22 november 2026 om 10:00';
    expect(cards(html)).toEqual([
      'Observeren, signaleren en rapporteren ROC Rivor · 2026-11-22 · geldig',
      `Observeren, signaleren en rapporteren ROC Rivor · 2026-11-22 · geldig ${picked}`,
      `Observeren, signaleren en rapporteren ROC Rivor · 2026-11-22 · geldig ${picked}`,
    ]);
    expect(html).toContain(`href="${path(copies.jwt_vc_json)}"`);
    expect(html).toContain(
      `aria-label="Credential Observeren, signaleren en rapporteren (${picked}) bekijken"`,
    );
  });

  it("shows a VC-JWT copy's name, issuer and date, says what it copies, and offers it to no wallet", async () => {
    const { status, html } = await get(path(copies.jwt_vc_json));
    expect(status).toBe(200);
    expect(html).toContain('<h1>Credential: Observeren, signaleren en rapporteren</h1>');
    expect(html).toContain('<dt>Uitgegeven door</dt><dd>ROC Rivor</dd>');
    expect(html).toContain('<dt>Uitgegeven op</dt><dd>2026-11-22</dd>');
    expect(html).toContain('<dt>Omschrijving</dt>');
    expect(html).toContain('Dit is een kopie die een wallet ophaalde op 22 november 2026 om 10:00.');
    expect(html).toContain(`<a href="${path(sanne.credentialId)}">Naar het origineel</a>`);
    expect(html).not.toContain('Zet in je wallet');
    expect(html).not.toContain(`action="${path(copies.jwt_vc_json, '/wallet')}"`);
    // The original is still offered.
    expect((await get(path(sanne.credentialId))).html).toContain(
      `action="${path(sanne.credentialId, '/wallet')}"`,
    );
  });

  it("answers an offer of a copy in the learner's words, on the copy's page, and offers nothing", async () => {
    // Each post signs in a browser of its own: every other table stays as it was.
    const written = async () => ({ ...(await t.target.rowCounts()), web_session: 0 });
    const before = await written();
    for (const format of ['ldp_vc', 'jwt_vc_json'] as const) {
      const refused = await post(path(copies[format], '/wallet'));
      expect(refused.status, format).toBe(400);
      expect(refused.html).toContain(
        'role="alert" id="form-error">Dit credential kan niet in een wallet worden gezet.',
      );
      expect(refused.html).toContain('Dit is een kopie die een wallet ophaalde op');
      expect(refused.html).not.toContain('Dit verzoek klopt niet');
    }
    expect(await written()).toEqual(before);
  });

  it('shows when a wallet offer expires in Dutch time, naming the zone in English too', async () => {
    const dutch = await post(path(sanne.credentialId, '/wallet'));
    expect(dutch.status).toBe(200);
    expect(dutch.html).toContain('Het aanbod verloopt om 10:10 (Nederlandse tijd, CET).');
    const english = await post(path(sanne.credentialId, '/wallet'), learner('sanne'), 'en');
    expect(english.html).toContain('The offer expires at 10:10 (CET, Amsterdam time).');
    // Anywhere in its words (the QR code's PNG is base64, which may hold those letters by chance).
    expect(english.html.replace(/data:image\/png;base64,[^"]*/g, '')).not.toContain('UTC');
  });

  it('offers no wallet and no share link for a suspended credential, and says why', async () => {
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(sanne.credentialId)}/suspend`, {
        as: opleider('roc-rivor'),
        body: { reason: 'Onderzoek naar de aftekening' },
      }),
      200,
    );
    const { html } = await get(path(sanne.credentialId));
    expect(html).toContain(
      'Dit credential is geschorst. Zolang dat zo is, kun je het niet in een wallet zetten of delen.',
    );
    // When and why, read from the audit event of the suspension; a suspension by hand names no correction,
    // but whom to ask about it: the instelling that issued it.
    expect(html).toContain(
      '<div class="notice bad"><p>Geschorst op 22 november 2026: Onderzoek naar de aftekening</p><p>Vragen hierover? Neem contact op met ROC Rivor.</p><p>Dit credential is geschorst.',
    );
    expect(cards((await get('/pages/me')).html)[0]).toBe(
      'Observeren, signaleren en rapporteren ROC Rivor · 2026-11-22 · geschorst Geschorst op 22 november 2026: Onderzoek naar de aftekening Vragen hierover? Neem contact op met ROC Rivor.',
    );
    expect((await get(path(sanne.credentialId), learner('sanne'), 'en')).html).toContain(
      '<p>Suspended on 22 November 2026: Onderzoek naar de aftekening</p><p>Questions about this? Contact ROC Rivor.</p>',
    );
    expect(html).not.toContain('Zet in je wallet');
    expect(html).not.toContain('Maak een deellink');
    const refused = await post(path(sanne.credentialId, '/wallet'));
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Dit credential kan niet in een wallet worden gezet.');
    expect(refused.html).toContain('Dit credential is geschorst.');
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(sanne.credentialId)}/reinstate`, {
        as: opleider('roc-rivor'),
        body: { reason: 'Onderzoek afgerond' },
      }),
      200,
    );
  });

  it("words a learner's credential page for the opleider who reads it, not as its holder", async () => {
    const desk = await get(path(sanne.credentialId), opleider('roc-rivor'));
    // The instelling may offer it at the desk: the learner scans the QR code there.
    expect(desk.html).toContain('<h2>In de wallet van de lerende zetten</h2>');
    expect(desk.html).toContain('<button type="submit">Aanbod voor de wallet van de lerende maken</button>');
    expect(desk.html).not.toContain('In je wallet zetten');
    expect(desk.html).not.toContain('Zet in je wallet');
    const id = encodeURIComponent(sanne.credentialId);
    const opleiderDoes = (action: 'suspend' | 'reinstate', reason: string) =>
      expectStatus(
        t.call('POST', `/credentials/${id}/${action}`, { as: opleider('roc-rivor'), body: { reason } }),
        200,
      );
    await opleiderDoes('suspend', 'Onderzoek naar de aftekening');
    const suspended = (await get(path(sanne.credentialId), opleider('roc-rivor'))).html;
    expect(suspended).toContain(
      'Dit credential is geschorst. Zolang dat zo is, kan het niet in een wallet worden gezet of gedeeld.',
    );
    expect(suspended).toContain('<p>Geschorst op 22 november 2026: Onderzoek naar de aftekening</p>');
    expect(suspended).not.toContain('kun je het niet');
    // Whom to ask is the learner's line: the opleider is of the instelling they would ask.
    expect(suspended).not.toContain('Neem contact op');
    expect((await get(path(sanne.credentialId), opleider('roc-rivor'), 'en')).html).toContain(
      'This credential is suspended. While it is, it cannot be put in a wallet or shared.',
    );
    await opleiderDoes('reinstate', 'Onderzoek afgerond');
  });

  it('tells the learner when and why a correction took a module back: its credential and its timeline', async () => {
    const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
    const ria = await wakPassed(s, 'ria-holder');
    const { passed } = ria;
    // Typed by staff: shown as text, never as HTML.
    const reason = 'De toets is <b>bij een andere cliënt</b> afgenomen & wordt herhaald.';
    const shown = 'De toets is &lt;b&gt;bij een andere cliënt&lt;/b&gt; afgenomen &amp; wordt herhaald.';
    await expectStatus(
      t.call('POST', `/routes/${ria.routeId}/signoffs`, {
        as: gerrit,
        body: {
          outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
          result: 'not-yet',
          date: '2026-11-21',
          evidence: [{ kind: 'text', text: 'Nagevraagd bij de teamleider.' }],
          supersedes: passed.signoff.id,
          reason,
        },
      }),
      201,
    );
    const held = await expectStatus(
      t.call('GET', `/learners/${ria.learner.id}/credentials`, { as: ria.learner.as }),
      200,
    );
    const credentialId = (held.items as { id: string; status: string }[])[0]?.id ?? '';
    const suspended = `<p class="hint">Geschorst op 22 november 2026: ${shown}</p><p class="hint">Dit volgde op een correctie van een aftekening. Het telt weer zodra de module opnieuw is behaald.</p>`;
    expect((await get('/pages/me', ria.learner.as)).html).toContain(suspended);
    const page = (await get(path(credentialId), ria.learner.as)).html;
    expect(page).toContain(`<p>Geschorst op 22 november 2026: ${shown}</p>`);
    expect(page).toContain('Het telt weer zodra de module opnieuw is behaald.');
    // Passing the module again undoes it: nobody needs asking.
    expect(page).not.toContain('Neem contact op');

    // The module is planned again on the timeline, saying why.
    const timeline = `/pages/routes/${ria.routeId}/timeline`;
    expect((await get(timeline, ria.learner.as)).html).toContain(
      `<p class="notice">Afronding teruggenomen op 22 november 2026, na een correctie van een aftekening: ${shown}</p>`,
    );
    expect((await get(timeline, ria.learner.as, 'en')).html).toContain(
      `Completion taken back on 22 November 2026, after a correction of a sign-off: ${shown}`,
    );

    // Revoked since: the revocation is what it says, with its own reason and no correction.
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(credentialId)}/revoke`, {
        as: opleider('de-hoven'),
        body: { reason: 'Fraude bij de toetsing' },
      }),
      200,
    );
    expect(cards((await get('/pages/me', ria.learner.as)).html)).toEqual([
      'Wassen, aankleden en kammen De Hoven Leerhuis · 2026-11-22 · ingetrokken Ingetrokken op 22 november 2026: Fraude bij de toetsing Vragen hierover? Neem contact op met De Hoven Leerhuis.',
    ]);
  });

  it('lists the share links of a suspended credential, and withdraws one, though it makes no new one', async () => {
    const id = encodeURIComponent(sanne.credentialId);
    const share = await expectStatus(
      t.call('POST', `/credentials/${id}/shares`, { as: sanne.learner.as }),
      201,
    );
    const opleiderDoes = (action: 'suspend' | 'reinstate', reason: string) =>
      expectStatus(
        t.call('POST', `/credentials/${id}/${action}`, { as: opleider('roc-rivor'), body: { reason } }),
        200,
      );
    await opleiderDoes('suspend', 'Onderzoek naar de aftekening');
    // The public link keeps answering, showing the credential as not valid: its learner must be able to end it.
    const publicPath = new URL(share.url).pathname;
    expect((await t.app.request(publicPath)).status).toBe(200);
    const withdrawPath = path(sanne.credentialId, `/shares/${encodeURIComponent(share.id)}/withdraw`);
    const { html } = await get(path(sanne.credentialId));
    expect(html).toContain(`<a href="${share.url}" class="share-link">`);
    expect(html).toContain(`action="${withdrawPath}"`);
    expect(html).not.toContain('Maak een deellink');
    expect((await post(withdrawPath)).status).toBe(303);
    expect((await t.app.request(publicPath)).status).toBe(404);
    const after = await get(`${path(sanne.credentialId)}?done=withdrawn`);
    expect(after.html).toContain('De link is ingetrokken; hij werkt niet meer.');
    expect(after.html).not.toContain(`action="${withdrawPath}"`);
    await opleiderDoes('reinstate', 'Onderzoek afgerond');
  });

  it('shows the werk- en denkniveau as filled in: the level and whether it is self-declared', async () => {
    const profile = (werkEnDenkniveau: object) =>
      expectStatus(
        t.call('PUT', `/learners/${sanne.learner.id}/profile`, {
          as: sanne.learner.as,
          body: { talenten: ['Geduldig'], werkEnDenkniveau },
        }),
        200,
      );
    const page = `/pages/learners/${sanne.learner.id}`;
    await profile({ level: 'hbo-bachelor', evidence: [] });
    expect((await get(page)).html).toContain(
      '<dt>Werk- en denkniveau</dt><dd>hbo-bachelor (NLQF 6), zelf opgegeven</dd>',
    );
    expect((await get(page, learner('sanne'), 'en')).html).toContain(
      '<dt>Working and thinking level</dt><dd>hbo-bachelor (NLQF 6), self-declared</dd>',
    );
    await profile({
      level: 'mbo-4',
      evidence: [{ kind: 'cognitive-test', description: 'Capaciteitentest bij het UWV', date: '2026-03-01' }],
    });
    expect((await get(page)).html).toContain(
      '<dd>mbo-4 (NLQF 4), vastgesteld met:<ul><li>capaciteitentest (2026-03-01): Capaciteitentest bij het UWV</li></ul></dd>',
    );
  });

  it('asks the learner first on their page to approve a route that waits for them, and to do so on its timeline', async () => {
    const lotte = await s.enrol('lotte-holder', 'Lotte Visser', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
    });
    const route = await expectStatus(
      t.call('POST', '/routes', {
        as: opleider('roc-rivor'),
        body: {
          learnerId: lotte.id,
          roleId: s.roleId('cordaan/Verzorgende IG'),
          hoursPerWeek: 8,
          startDate: '2027-01-04',
        },
      }),
      201,
    );
    const timeline = `/pages/routes/${route.id}/timeline`;
    const approve = `action="/pages/routes/${route.id}/approvals"`;
    const asked = '<strong>Je moet je route naar Verzorgende IG nog goedkeuren.</strong>';
    const mine = (await get('/pages/me', lotte.as)).html;
    expect(mine).toContain(asked);
    expect(mine).toContain(`<a href="${timeline}">Route naar Verzorgende IG bekijken en goedkeuren</a>`);
    expect(mine.indexOf(asked)).toBeLessThan(mine.indexOf('Je hebt nog geen credentials'));
    // Also where they land after signing in.
    expect((await get('/', lotte.as)).html).toContain(asked);
    const before = (await get(timeline, lotte.as)).html;
    expect(before).toContain('<strong>Je moet deze route nog goedkeuren.</strong>');
    expect(before).toContain(
      'De route begint pas als jij, je opleider en je werkplek hem hebben goedgekeurd.',
    );
    expect(before).toContain(approve);
    expect(before).toContain('<button type="submit">Versie 1 goedkeuren</button>');
    // Only the learner is asked: the opleider reads the same timeline without it.
    expect((await get(timeline, opleider('roc-rivor'))).html).not.toContain(approve);

    const approved = await post(`/pages/routes/${route.id}/approvals`, lotte.as);
    expect(approved.status).toBe(303);
    // Back on the timeline they approved from, which says it is recorded.
    expect(approved.location).toBe(`${timeline}?done=approved`);
    expect((await get(`${timeline}?done=approved`, lotte.as)).html).toContain(
      'Je goedkeuring is vastgelegd.',
    );
    expect((await get('/pages/me', lotte.as)).html).not.toContain('nog goedkeuren');
    expect((await get('/', lotte.as)).html).not.toContain('nog goedkeuren');
    expect((await get(timeline, lotte.as)).html).not.toContain(approve);

    // A new version is theirs to approve again.
    const last = route.plan.items.filter((i: { status: string }) => i.status === 'planned').at(-1);
    await expectStatus(
      t.call('PATCH', `/routes/${route.id}`, {
        as: opleider('roc-rivor'),
        body: { operations: [{ op: 'remove', moduleId: last.moduleId }], reason: 'Al gedaan' },
      }),
      200,
    );
    expect((await get('/pages/me', lotte.as)).html).toContain(asked);
    expect((await get(timeline, lotte.as)).html).toContain(
      '<button type="submit">Versie 2 goedkeuren</button>',
    );
  });

  it('marks no menu item as the current page on "Mijn gegevens", and heads /pages/me once', async () => {
    const data = await get(`/pages/learners/${sanne.learner.id}`);
    expect(data.html).toContain('<h1>Mijn gegevens</h1>');
    expect(data.html).not.toContain('aria-current="page"');
    const me = (await get('/pages/me')).html;
    expect(me).toContain('<a href="/pages/me" aria-current="page">Mijn credentials</a>');
    expect(me.match(/<h[12]>Mijn credentials<\/h[12]>/g)).toEqual(['<h1>Mijn credentials</h1>']);
  });
});
