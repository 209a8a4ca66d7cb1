import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

// The pages on workerd + D1: the same page app as on Node, with no development provider (a Worker signs
// in only with a configured one).

describe('the pages on Workers', () => {
  it('answers / with the Dutch home page, not a 401', async () => {
    const res = await SELF.fetch('http://localhost:8787/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Welkom bij Loopbrug');
  });

  it('has no development provider: without OIDC_ISSUER, sign-in says it is not set up', async () => {
    const res = await SELF.fetch('http://localhost:8787/sign-in');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Aanmelden is hier niet ingesteld');
    expect((await SELF.fetch('http://localhost:8787/dev-oidc/.well-known/openid-configuration')).status).toBe(
      401,
    );
  });

  it('serves the verification form with its CSRF token; /docs points to /openapi.json', async () => {
    const form = await SELF.fetch('http://localhost:8787/verify');
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    // A Worker bundles no swagger-ui-dist files (README, "Workers and D1"): the OpenAPI document is there.
    const docs = await SELF.fetch('http://localhost:8787/docs');
    expect(await docs.text()).toContain('<a href="/openapi.json">/openapi.json</a>');
  });
});
