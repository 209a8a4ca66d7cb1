import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../../tests/support/scenario.js';
import { expectStatus } from '../../tests/support/target.js';
import { opleider, startTestApp } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../credentials/index.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';
import { didDocumentOf, didWebIssuer, externalCredential } from '../stacking/stacking.test-support.js';
import { startSession } from '../web-auth/index.js';

// The public verification page in-process (real app, no browser): what it says of a document that is
// not a credential, or lacks what a check looks at, and of a body over the size limit; what a VC-JWT
// is about; and who trusts the issuer, per instelling as it verifies the credential.
// tests/browser/verify-page.test.ts drives the same page in Chromium with a genuine credential.

type App = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The verify form of a stranger's browser: it opens /verify for its CSRF cookie, then POSTs the form
 * with `credential` pasted (in `lang`).
 * @example const verify = await strangerOf(t); const { html } = await verify('{}');
 */
async function strangerOf(t: App) {
  const page = await t.app.request('/verify');
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = { cookie, token: cookie.split('=')[1] ?? '' };
  const verify = async (credential: string, lang?: 'en') => {
    const res = await t.app.request('/verify', {
      method: 'POST',
      body: new URLSearchParams({ credential, _csrf: csrf.token }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: t.deps.urls.base,
        cookie: [csrf.cookie, ...(lang ? [`loopbrug-lang=${lang}`] : [])].join('; '),
      },
    });
    return { status: res.status, html: await res.text() };
  };
  return Object.assign(verify, { csrf });
}

describe('the verification page, in-process', () => {
  let t: App;
  /** The CSRF cookie and token a stranger's browser gets from GET /verify. */
  let csrf: { cookie: string; token: string };
  let verify: Awaited<ReturnType<typeof strangerOf>>;

  beforeAll(async () => {
    t = await startTestApp();
    verify = await strangerOf(t);
    ({ csrf } = verify);
  });

  /** The line of one check on the page: its name and verdict, then what it means in words. */
  const checkLine = (html: string, name: string): string => {
    const item = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)]
      .map((m) => (m[1] ?? '').replace(/<details>[\s\S]*<\/details>/, '').replace(/<[^>]+>/g, ' '))
      .find((text) => text.trimStart().startsWith(`${name}:`));
    expect(item, `no check ${name}`).toBeDefined();
    return (item ?? '').replace(/\s+/g, ' ').trim();
  };

  it('says of a JSON object that is no credential that nothing was there to check, never "in orde"', async () => {
    const { status, html } = await verify('{"foo": 1}');
    expect(status).toBe(200);
    expect(html).toContain('Dit credential is niet in orde.');
    expect(html).not.toContain('Dit credential is echt en geldig.');
    expect(checkLine(html, 'Geldigheid')).toBe(
      'Geldigheid: niet aanwezig Het credential noemt geen geldigheidsperiode, dus daar viel niets aan te controleren.',
    );
    expect(checkLine(html, 'Schema')).toBe(
      'Schema: niet aanwezig Het credential noemt geen schema, dus zijn vorm is niet gecontroleerd.',
    );
    expect(checkLine(html, 'Status')).toBe(
      'Status: niet aanwezig Het credential noemt geen status, dus of het is ingetrokken of geschorst, valt niet na te gaan.',
    );
    expect(checkLine(html, 'Handtekening')).toMatch(
      /^Handtekening: ontbreekt Het credential heeft geen handtekening/,
    );
    expect(checkLine(html, 'Uitgever')).toBe('Uitgever: ontbreekt Het credential noemt geen uitgever.');
    // Nothing on the page says in order: the checks that had nothing to check are not shown as passed.
    expect(html).not.toMatch(/: in orde</);
    expect(html).not.toContain('verdict ok');
  });

  it('says of a credential without its proof that the proof is missing, not that it was changed', async () => {
    const proofless = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:web:localhost%3A8787:institutions:han',
      validFrom: '2024-01-01T00:00:00Z',
      credentialSubject: { name: 'Willem' },
    };
    const { html } = await verify(JSON.stringify(proofless));
    expect(html).toContain('Dit credential is niet in orde.');
    const signature = checkLine(html, 'Handtekening');
    expect(signature).toBe(
      'Handtekening: ontbreekt Het credential heeft geen handtekening (proof): niets bewijst wie het uitgaf of dat het onveranderd is.',
    );
    expect(signature).not.toContain('veranderd of niet door deze uitgever');
    expect(checkLine(html, 'Uitgever')).toBe(
      'Uitgever: niet gecontroleerd Zonder handtekening valt niet na te gaan of deze uitgever het credential ondertekende.',
    );
    // Its validity period is there and holds on the test clock: that check did check something.
    expect(checkLine(html, 'Geldigheid')).toMatch(/^Geldigheid: in orde /);
  });

  it('says of JSON that is not an object that it is not a credential, in Dutch and in English', async () => {
    for (const text of ['[1,2,3]', '42', '"tekst"', 'null']) {
      const { status, html } = await verify(text);
      expect(status, text).toBe(400);
      expect(html, text).toContain(
        'Dit is geen credential: een credential is een JSON-object of een VC-JWT.',
      );
      expect(html, text).not.toContain('Dit is geen JSON');
    }
    const english = await verify('[1,2,3]', 'en');
    expect(english.html).toContain('This is not a credential: a credential is a JSON object or a VC-JWT.');
    // What is not JSON at all still says so.
    expect((await verify('dit is geen credential')).html).toContain('Dit is geen JSON en geen VC-JWT.');
  });

  it('says of a VC-JWT it cannot read that the other checks were not done', async () => {
    const { html } = await verify('abc.def.ghi');
    expect(html).toContain('Dit credential is niet in orde.');
    for (const name of ['Handtekening', 'Uitgever', 'Geldigheid', 'Schema', 'Status'])
      expect(checkLine(html, name)).toBe(`${name}: niet gecontroleerd Het VC-JWT kon niet worden gelezen.`);
    expect(html).not.toMatch(/: in orde</);
  });

  it('shows the form again, in the page’s language, for a body over 1 MB', async () => {
    const big = 'x'.repeat(1_200_000);
    const dutch = await verify(big);
    expect(dutch.status).toBe(413);
    expect(dutch.html).toMatch(/<html lang="nl">/);
    expect(dutch.html).toContain('<h1>Een credential controleren</h1>');
    expect(dutch.html).toMatch(
      /id="verify-error" role="alert">Het bestand of de geplakte tekst is groter dan 1 MB\./,
    );
    expect(dutch.html).toContain('<textarea id="credential" name="credential"');
    expect(dutch.html).toMatch(/name="_csrf" value="[\w-]{43}"/);
    expect(dutch.html).not.toContain('Send at most');
    const english = await verify(big, 'en');
    expect(english.status).toBe(413);
    expect(english.html).toContain('<h1>Verify a credential</h1>');
    expect(english.html).toContain('The file or pasted text is larger than 1 MB.');
  });

  it('shows the form again for an uploaded file over 1 MB, with the token of the visitor’s session', async () => {
    const { token: session } = await startSession(
      t.deps,
      { principal: { sub: 'willem', role: 'learner' }, name: 'Willem' },
      60,
    );
    const cookie = `loopbrug-session=${session}`;
    const tokenOf = (html: string) => /name="_csrf" value="([\w-]{43})"/.exec(html)?.[1];
    const sessionToken = tokenOf(await (await t.app.request('/verify', { headers: { cookie } })).text());
    expect(sessionToken).toBeDefined();
    const form = new FormData();
    form.set('_csrf', sessionToken ?? '');
    form.set('file', new File(['x'.repeat(1_200_000)], 'credential.json', { type: 'application/json' }));
    const res = await t.app.request('/verify', {
      method: 'POST',
      body: form,
      headers: { origin: t.deps.urls.base, cookie },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('Het bestand of de geplakte tekst is groter dan 1 MB.');
    expect(html).toContain('<input type="file" id="file" name="file"');
    // The form shown again posts with the session's own token, so sending it again is not refused.
    expect(tokenOf(html)).toBe(sessionToken);
    expect(html).toContain('Aangemeld als Willem');
  });

  it('answers a body over 1 MB to another page with an error page in its language, never in English', async () => {
    const res = await t.app.request('/sign-out', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf.token, filler: 'x'.repeat(1_200_000) }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: t.deps.urls.base,
        cookie: csrf.cookie,
      },
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('<h1>Dit verzoek klopt niet</h1>');
    expect(html).not.toContain('Send at most');
  });
});

describe('what the verification page says a credential is about, and who trusts its issuer', () => {
  let t: App;
  let s: Awaited<ReturnType<typeof openScenario>>;
  let verify: Awaited<ReturnType<typeof strangerOf>>;
  const did = 'did:web:academie.example:nl';
  let academie: Awaited<ReturnType<typeof didWebIssuer>>;

  beforeAll(async () => {
    academie = await didWebIssuer(did, 'Academie voor Onderwijs');
    // The academie's host, as the guarded fetcher reaches it: its genuine DID document, nothing else.
    t = await startTestApp({
      fetchJson: async (url) => {
        if (url === 'https://academie.example/nl/did.json') return didDocumentOf(academie);
        throw new Error(`${url} could not be fetched: this test app reaches only the academie`);
      },
    });
    s = await openScenario(t.target, readFixtureFiles());
    verify = await strangerOf(t);
  }, 30_000);

  /** The facts under "Waar gaat het over", as `term: value`. */
  const about = (html: string) =>
    [
      ...(html.match(/<h3>Waar gaat het over<\/h3>(?:<img[^>]*>)?<dl>(.*?)<\/dl>/)?.[1] ?? '').matchAll(
        /<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g,
      ),
    ].map((m) => `${m[1]}: ${m[2]}`);

  it('sums up a VC-JWT as it sums up the same credential as JSON', async () => {
    const issue = async (options: object) =>
      (
        await expectStatus(
          t.call('POST', '/credentials/issue', {
            as: opleider('han'),
            body: { credential: buildModuleCredential(sampleInput(t.deps, 'han')), options },
          }),
          201,
        )
      ).verifiableCredential;
    const json = await verify(JSON.stringify(await issue({})));
    const summary = [
      'Behaald: Observeren en signaleren',
      'Behaald door: Sanne Vos',
      'Uitgegeven door: Hogeschool van Arnhem en Nijmegen',
      'Uitgegeven op: 2026-11-22',
    ];
    expect(about(json.html)).toEqual(summary);
    const enveloped = await issue({ format: 'vc+jwt' });
    const jwt = String(enveloped.id).slice('data:application/vc+jwt,'.length);
    for (const pasted of [jwt, JSON.stringify(enveloped)]) {
      const { html } = await verify(pasted);
      expect(html).toContain('Dit credential is echt en geldig.');
      expect(about(html)).toEqual(summary);
    }
  });

  /** A credential HAN issues, then revokes or suspends through the API, as its opleider does. */
  const issuedThen = async (action: 'revoke' | 'suspend') => {
    const { verifiableCredential } = await expectStatus(
      t.call('POST', '/credentials/issue', {
        as: opleider('han'),
        body: { credential: buildModuleCredential(sampleInput(t.deps, 'han')) },
      }),
      201,
    );
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(verifiableCredential.id)}/${action}`, {
        as: opleider('han'),
        body: { reason: 'De beoordeling wordt herzien.' },
      }),
      200,
    );
    return JSON.stringify(verifiableCredential);
  };

  it('says of a revoked credential that it is revoked, and of a suspended one that it is suspended, in Dutch and English', async () => {
    const revoked = await issuedThen('revoke');
    const suspended = await issuedThen('suspend');
    /** The words under the status check: what it means, without its name and verdict. */
    const statusText = (html: string) =>
      (html.match(/>Status: [^<]*<\/span><br\/?>([^<]*)/)?.[1] ?? '').trim();

    const dutchRevoked = await verify(revoked);
    expect(dutchRevoked.html).toContain('Dit credential is niet in orde.');
    expect(statusText(dutchRevoked.html)).toBe(
      'Het credential is ingetrokken door wie het uitgaf; het is niet meer geldig.',
    );
    expect(statusText((await verify(suspended)).html)).toBe(
      'Het credential is geschorst door wie het uitgaf; het telt weer zodra de schorsing is opgeheven.',
    );
    expect(statusText((await verify(revoked, 'en')).html)).toBe(
      'The credential was revoked by its issuer; it is no longer valid.',
    );
    expect(statusText((await verify(suspended, 'en')).html)).toBe(
      'The credential is suspended by its issuer; it counts again once it is reinstated.',
    );
  });

  it('says who trusts the issuer of a suspended or revoked credential: its signature proves who issued it', async () => {
    /** The words under "Wie vertrouwt deze uitgever" (or its English), up to the issuer's DID. */
    const trust = (html: string) =>
      [
        ...(
          html.match(
            /<h3>(?:Wie vertrouwt deze uitgever|Who trusts this issuer)<\/h3>((?:<p>[^<]*<\/p>)*)/,
          )?.[1] ?? ''
        ).matchAll(/<p>([^<]*)<\/p>/g),
      ].map((m) => m[1]);
    const suspended = await verify(await issuedThen('suspend'));
    expect(suspended.html).toContain('Dit credential is niet in orde.');
    expect(suspended.html).toContain('>Handtekening: in orde</span>');
    expect(suspended.html).toContain('>Uitgever: in orde</span>');
    expect(trust(suspended.html)).toEqual([
      'Vertrouwd door: Hogeschool van Arnhem en Nijmegen.',
      'Dat gaat over wie het uitgaf; het credential zelf is niet in orde (zie de controles hierboven).',
    ]);
    expect(trust((await verify(await issuedThen('revoke'), 'en')).html)).toEqual([
      'Trusted by: Hogeschool van Arnhem en Nijmegen.',
      'That is about who issued it; the credential itself is not in order (see the checks above).',
    ]);
  });

  it('names only the instellingen for which it verifies: not one whose own pinned DID document fails it', async () => {
    const credential = await externalCredential({ ...s, t }, academie, 'kees@example.nl', []);
    const stranger = await didWebIssuer(did, 'Academie voor Onderwijs', 'key-2');
    const recognise = (institution: string, body: object) =>
      expectStatus(
        t.call('POST', `/institutions/${institution}/recognitions`, { as: opleider(institution), body }),
        201,
      );
    await recognise('han', { issuer: did });
    await recognise('roc-rivor', { issuer: did, didDocument: didDocumentOf(stranger) });
    const forRivor = await t.call('POST', '/credentials/verify', {
      body: { verifiableCredential: credential, options: { relyingParty: 'roc-rivor' } },
    });
    expect(forRivor.status).toBe(422);

    const { html } = await verify(JSON.stringify(credential));
    expect(html).toContain('Dit credential is echt en geldig.');
    expect(html).toContain('Vertrouwd door: Hogeschool van Arnhem en Nijmegen.');
    expect(html).not.toContain('ROC Rivor');
  });
});
