import { describe, expect, it } from 'vitest';
import { admin, learner } from '../support/principals.js';
import { TABLES_SQL } from '../support/target.js';
import { d1Target } from './d1-target.js';

// Security headers, CORS and the rate limit on workerd + D1, as on Node (src/http/*.test.ts): the same
// middleware, with the Workers rate-limiting binding of wrangler.toml counting per cf-connecting-ip.

describe('HTTP hygiene on Workers', () => {
  const t = d1Target();

  it('puts security headers and a request id on every response', async () => {
    for (const res of [
      await t.call('GET', '/health'),
      await t.call('GET', '/institutions'),
      await t.call('GET', '/institutions', { as: admin }),
      await t.call('GET', '/'),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await t.call('GET', '/institutions', { as: admin })).headers.get('cache-control')).toBe(
      'no-store',
    );
  });

  it('allows other origins on the verifiers and public documents only, and answers OPTIONS', async () => {
    const origin = { origin: 'https://verifier.example' };
    const preflight = await t.call('OPTIONS', '/credentials/verify', {
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const context = await t.call('GET', '/contexts/microcredential-v2.jsonld', { headers: origin });
    expect(context.headers.get('access-control-allow-origin')).toBe('*');
    const learners = await t.call('OPTIONS', '/learners', { headers: origin });
    expect(learners.status).toBe(204);
    expect(learners.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 429 with Retry-After once a client used its budget, and /health still answers', async () => {
    const client = { 'cf-connecting-ip': '203.0.113.77' };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // The binding allows 60 a minute (wrangler.toml); a few more than that.
    for (let i = 0; i < 70; i++) {
      const res = await t.call('POST', '/credentials/verify', {
        headers: client,
        body: { verifiableCredential: { '@context': [], type: [] } },
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await t.call('GET', '/health', { headers: client })).status).toBe(200);
    // Another client has its own budget.
    const other = await t.call('POST', '/credentials/verify', {
      headers: { 'cf-connecting-ip': '203.0.113.78' },
      body: { verifiableCredential: { '@context': [], type: [] } },
    });
    expect(other.status).not.toBe(429);
  });

  it('erases a learner on D1 too: their name, email, subject and free text are in no table', async () => {
    const me = learner('d1-erasure-lerende');
    const registered = await t.call('POST', '/learners', {
      as: me,
      headers: { 'idempotency-key': 'register-1' },
      body: { name: 'Gerritje Wolkenkrabber', email: 'gerritje@example.nl' },
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    const profile = { talenten: ['Bouwt vogelhuisjes van sloophout'], accommodations: ['extra-pauzes'] };
    expect((await t.call('PUT', `/learners/${id}/profile`, { as: me, body: profile })).status).toBe(200);
    const erased = await t.call('DELETE', `/learners/${id}`, { as: me });
    expect(erased.status, erased.text).toBe(200);
    const tables = await t.query<{ name: string }>(TABLES_SQL);
    for (const { name } of tables) {
      const rows = JSON.stringify(await t.query(`SELECT * FROM "${name}"`));
      for (const needle of ['Gerritje', 'gerritje@example.nl', 'd1-erasure-lerende', 'vogelhuisjes'])
        expect(rows.includes(needle), `${needle} in ${name}`).toBe(false);
    }
  });
});
