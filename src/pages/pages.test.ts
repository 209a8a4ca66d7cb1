import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { publicUrls } from '../kernel/urls.js';
import { startSession } from '../web-auth/index.js';
import { isPagePath } from './index.js';

// The pages over HTTP in-process (real SQLite, no browser): what a page answers without a session, the
// refusals of sign-in and CSRF, the headers, and that the API never takes a page's session for a token.
// tests/browser/ drives the same pages in Chromium with the development OpenID provider.

describe('the pages, in-process', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const unreachable = {
    issuer: 'https://login.invalid',
    clientId: 'loopbrug',
    clientSecret: 'secret',
    scopes: 'openid',
    claims: { role: 'r', institution: 'i', employer: 'e', name: 'name' },
    roleValues: {},
    tenantValues: {},
  };

  beforeAll(async () => {
    t = await startTestApp({ web: { signIn: unreachable, sessionMinutes: 60 } });
  });

  it('tells page paths from API paths', () => {
    for (const path of [
      '/',
      '/sign-in',
      '/auth/callback',
      '/pages/routes/x',
      '/verify',
      '/verify/abc',
      '/assets/pages.css',
    ])
      expect(isPagePath(path), path).toBe(true);
    for (const path of ['/routes', '/verify/a/b', '/credentials/verify', '/docs', '/health', '/learners'])
      expect(isPagePath(path), path).toBe(false);
  });

  it('answers / with a page that allows no script, frames or referrer, never a 401', async () => {
    const res = await t.app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ])
      expect(csp).toContain(directive);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="nl">/);
    expect(html).toContain('<a class="skip-link" href="#inhoud">Naar de inhoud</a>');
    expect(html).not.toMatch(/<script|style="/);
  });

  it('sends a browser without a session to sign in, coming back where it was', async () => {
    const res = await t.app.request('/pages/routes?cursor=x');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fpages%2Froutes%3Fcursor%3Dx');
  });

  it('a guarded page sends a browser without a session to sign in before it loads anything', async () => {
    const res = await t.app.request('/pages/routes/does-not-exist');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fpages%2Froutes%2Fdoes-not-exist');
  });

  it('sets its cookies Secure and __Host- outside localhost', async () => {
    const https = await startTestApp({ urls: publicUrls('https://loopbrug.example.nl') });
    const res = await https.app.request('/verify');
    expect(res.headers.get('set-cookie')).toMatch(
      /^__Host-loopbrug-csrf=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
  });

  it('says so when the provider cannot be reached, and refuses a callback it did not start', async () => {
    const down = await t.app.request('/sign-in?next=/pages/routes');
    expect(down.status).toBe(502);
    expect(await down.text()).toContain('De aanmeldpagina is niet bereikbaar');
    const forged = await t.app.request('/auth/callback?state=abc&code=def', {
      headers: { cookie: 'loopbrug-sign-in=abc' },
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Aanmelden is niet gelukt');
  });

  it('without a provider configured, sign-in says that it is not set up', async () => {
    const bare = await startTestApp();
    const res = await bare.app.request('/sign-in');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Aanmelden is hier niet ingesteld');
  });

  it('refuses a form without its token, or from another site, before it does anything', async () => {
    const form = new URLSearchParams({ credential: '{}' });
    const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: t.deps.urls.base };
    const missing = await t.app.request('/verify', { method: 'POST', body: form, headers });
    expect(missing.status).toBe(403);
    const page = await t.app.request('/verify');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = cookie.split('=')[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const withToken = new URLSearchParams({ credential: 'nonsense', _csrf: token });
    const accepted = await t.app.request('/verify', {
      method: 'POST',
      body: withToken,
      headers: { ...headers, cookie },
    });
    expect(accepted.status).toBe(400);
    expect(await accepted.text()).toContain('Dit is geen JSON en geen VC-JWT.');
    const crossSite = await t.app.request('/verify', {
      method: 'POST',
      body: withToken,
      headers: { ...headers, cookie, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('the API never takes a page session for a bearer token', async () => {
    const { token } = await startSession(
      t.deps,
      { principal: { sub: 'beheer', role: 'admin' }, name: 'Beheer' },
      60,
    );
    const res = await t.app.request('/institutions', { headers: { cookie: `loopbrug-session=${token}` } });
    expect(res.status).toBe(401);
    const home = await t.app.request('/', { headers: { cookie: `loopbrug-session=${token}` } });
    expect(await home.text()).toContain('Aangemeld als Beheer (beheerder)');
  });

  it('switches language by a cookie, and returns only to a path of ours', async () => {
    const res = await t.app.request('/language?to=en&next=//evil.example/x');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toBe('loopbrug-lang=en');
    const english = await t.app.request('/verify', { headers: { cookie } });
    expect(await english.text()).toContain('<html lang="en">');
  });

  it('answers an unknown page with an HTML 404, and an unknown API path with a problem', async () => {
    const page = await t.app.request('/pages/nothing');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await t.call('GET', '/nothing', { as: { sub: 'beheer', role: 'admin' } });
    expect(api.status).toBe(404);
    expect(api.body.type).toBe('/problems/not-found');
  });

  it('answers a browser opening an unknown URL outside the pages with the 404 page, an API client as before', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const open = (path: string, headers: Record<string, string> = {}) =>
      t.app.request(path, { headers: { accept: browser, ...headers } });
    for (const path of ['/nonexistent', '/foo/bar', '/institutions/han/nothing-here']) {
      const res = await open(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      const html = await res.text();
      expect(html, path).toContain('<title>Niet gevonden');
      expect(html, path).toContain('Deze pagina of link bestaat niet (meer).');
    }
    const english = await open('/nonexistent', { cookie: 'loopbrug-lang=en' });
    expect(english.status).toBe(404);
    expect(await english.text()).toContain('<html lang="en">');

    /** The problem document an answer is, with its status. */
    const problem = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      problem: ((await res.json()) as { type: string }).type,
    });
    const unauthenticated = {
      status: 401,
      type: 'application/problem+json',
      problem: '/problems/unauthenticated',
    };
    // An API client without a token: asking for JSON, for anything, or for HTML but not at all (q=0).
    for (const accept of ['application/json', '*/*', 'text/html;q=0, application/json'])
      expect(await problem(await t.app.request('/nonexistent', { headers: { accept } })), accept).toEqual(
        unauthenticated,
      );
    expect(await problem(await t.app.request('/nonexistent'))).toEqual(unauthenticated);
    // A path the API has stays 401 in a browser too, whichever method it has.
    for (const path of ['/institutions', '/routes/preview', '/institutions/han/recognitions/x/withdraw'])
      expect(await problem(await open(path)), path).toEqual(unauthenticated);
    // With a token it is the API's 404 problem, browser or not; a write is never a page.
    const token = await t.tokenFor({ sub: 'beheer', role: 'admin' });
    expect(await problem(await open('/nonexistent', { authorization: `Bearer ${token}` }))).toEqual({
      status: 404,
      type: 'application/problem+json',
      problem: '/problems/not-found',
    });
    expect(
      await problem(await t.app.request('/nonexistent', { method: 'POST', headers: { accept: browser } })),
    ).toEqual(unauthenticated);
  });
});
