import { beforeAll, describe, expect, it } from 'vitest';
import { learner } from '../../tests/support/principals.js';
import { admin, opleider, startTestApp } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../credentials/index.js';
import { memoryLogger } from '../kernel/logger.js';
import { memoryMetrics } from '../kernel/metrics.js';

describe('HTTP hygiene over HTTP on SQLite', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const log = memoryLogger();
  const metrics = memoryMetrics();
  let learnerId: string;
  let statusListPath: string;
  let credential: unknown;
  const rianne = learner('rianne-sub');

  beforeAll(async () => {
    t = await startTestApp({ log, metrics, logRequests: true });
    await t.call('POST', '/institutions', {
      as: admin,
      body: { id: 'han', name: 'HAN', kind: 'hbo', qualityAssurance: 'NVAO' },
    });
    const registered = await t.call('POST', '/learners', {
      as: rianne,
      body: { name: 'Rianne de Vries', email: 'rianne@example.nl' },
    });
    learnerId = registered.body.id;
    const issued = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(t.deps, 'han')) },
    });
    credential = issued.body.verifiableCredential;
    statusListPath = new URL(issued.body.verifiableCredential.credentialStatus.statusListCredential).pathname;
  });

  it('puts security headers and a request id on every response: API, errors, pages and /docs', async () => {
    const answers = {
      api: await t.call('GET', '/institutions', { as: admin }),
      unauthenticated: await t.call('GET', '/institutions'),
      notFound: await t.call('GET', '/nergens', { as: admin }),
      page: await t.call('GET', '/'),
      docs: await t.call('GET', '/docs'),
      verify: await t.call('POST', '/credentials/verify', { body: { verifiableCredential: credential } }),
    };
    for (const [name, res] of Object.entries(answers)) {
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), name).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-frame-options'), name).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(res.headers.get('content-security-policy'), name).toMatch(/frame-ancestors 'none'|default-src/);
      expect(res.headers.get('x-request-id'), name).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(answers.api.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    // The pages keep their own stricter CSP, /docs its own that lets Swagger UI run from this site.
    expect(answers.page.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(answers.docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const ids = new Set(Object.values(answers).map((res) => res.headers.get('x-request-id')));
    expect(ids.size).toBe(Object.keys(answers).length);
  });

  it('keeps a caller-given request id when it is short and plain', async () => {
    const res = await t.call('GET', '/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers.get('x-request-id')).toBe('trace-42');
  });

  it('allows other origins on the public documents and verifiers only, and answers OPTIONS', async () => {
    const origin = { origin: 'https://wallet.example' };
    for (const path of [
      '/institutions/han/did.json',
      statusListPath,
      '/contexts/microcredential-v2.jsonld',
      '/.well-known/openid-credential-issuer/institutions/han',
    ]) {
      const res = await t.call('GET', path, { headers: origin });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const verified = await t.call('POST', '/credentials/verify', {
      headers: origin,
      body: { verifiableCredential: credential },
    });
    expect(verified.status).toBe(200);
    expect(verified.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await t.call('OPTIONS', '/presentations/verify', {
      headers: {
        ...origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    // Personal data: no CORS at all, and OPTIONS answered without it.
    const profile = await t.call('GET', `/learners/${learnerId}`, { as: rianne, headers: origin });
    expect(profile.status).toBe(200);
    expect(profile.headers.get('access-control-allow-origin')).toBeNull();
    const options = await t.call('OPTIONS', `/learners/${learnerId}`, {
      headers: { ...origin, 'access-control-request-method': 'GET' },
    });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toContain('GET');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets status lists be cached per their ttl and public documents per their kind, personal data never', async () => {
    expect((await t.call('GET', statusListPath)).headers.get('cache-control')).toBe('public, max-age=300');
    expect((await t.call('GET', '/institutions/han/did.json')).headers.get('cache-control')).toBe(
      'public, max-age=60',
    );
    expect((await t.call('GET', '/contexts/microcredential-v2.jsonld')).headers.get('cache-control')).toBe(
      'public, max-age=86400',
    );
    for (const path of [`/learners/${learnerId}`, `/learners/${learnerId}/export`, '/learners'])
      expect((await t.call('GET', path, { as: rianne })).headers.get('cache-control'), path).toBe('no-store');
    expect((await t.call('GET', `/learners/${learnerId}`)).headers.get('cache-control')).toBe('no-store');
  });

  it('writes one JSON log line per request, with the route pattern and no personal data', async () => {
    log.lines.length = 0;
    const res = await t.call('GET', `/learners/${learnerId}`, { as: rianne });
    const lines = log.lines.filter((line) => line.message === 'request');
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'request',
        requestId: res.headers.get('x-request-id'),
        method: 'GET',
        route: '/learners/:id',
        status: 200,
        ms: expect.any(Number),
      },
    ]);
    const written = JSON.stringify(log.lines);
    for (const personal of [learnerId, 'Rianne', 'rianne@example.nl', 'rianne-sub'])
      expect(written).not.toContain(personal);
  });

  it('counts requests, their latency, issued and verified credentials as Prometheus text', async () => {
    await t.call('POST', '/credentials/verify', { body: { verifiableCredential: credential } });
    await t.call('POST', '/credentials/verify', { body: { verifiableCredential: { changed: true } } });
    const text = metrics.text();
    expect(text).toMatch(
      /loopbrug_http_requests_total\{method="GET",route="\/learners\/:id",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /loopbrug_http_request_duration_seconds_bucket\{method="GET",route="\/health",status="200",le="\+Inf"\} \d+/,
    );
    expect(text).toMatch(/loopbrug_credentials_total\{event="verified"\} \d+/);
    expect(text).toMatch(/loopbrug_credentials_total\{event="issued"\} 1/);
    expect(text).not.toContain(learnerId);
  });
});
