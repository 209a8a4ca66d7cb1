import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { clientAddressOf } from '../runtime/node/node-server.js';
import { memoryRateLimiter } from './rate-limiters.js';

const perMinute = 5;

/** The app behind a real loopback server, its rate limit counting clients as Node does with `hops` proxies. */
function servedWith(hops: number) {
  const served = { base: '', close: () => {} };
  beforeAll(async () => {
    const { app } = await startTestApp({ rateLimiter: memoryRateLimiter(perMinute, clientAddressOf(hops)) });
    await new Promise<void>((listening) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) => {
        served.base = `http://127.0.0.1:${port}`;
        listening();
      });
      served.close = () => server.close();
    });
  });
  afterAll(() => served.close());
  const verify = (forwardedFor?: string) =>
    fetch(`${served.base}/credentials/verify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
      },
      body: JSON.stringify({ verifiableCredential: { '@context': [], type: [] } }),
    });
  /** How many of `count` verifies at once were let through (not 429). */
  const allowed = async (count: number, forwardedFor?: string) =>
    (await Promise.all(Array.from({ length: count }, () => verify(forwardedFor)))).filter(
      (r) => r.status !== 429,
    ).length;
  return { served, verify, allowed };
}

describe('the rate limit of the CPU-heavy public endpoints, over real loopback HTTP', () => {
  const { served, verify, allowed } = servedWith(0);
  const base = () => served.base;

  it('answers 429 with Retry-After once a client used its budget, while /health and other endpoints answer', async () => {
    // A flood: many more verify requests at once than the budget, with /health asked in the middle of it.
    const flood = Array.from({ length: 40 }, () => verify());
    const health = fetch(`${base()}/health`);
    const answers = await Promise.all(flood);
    expect((await health).status).toBe(200);
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(perMinute);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const refused = answers.find((res) => res.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused?.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    // Each group has its own budget, and what is not CPU-heavy is not limited.
    for (let i = 0; i < 10; i++) expect((await fetch(`${base()}/health`)).status).toBe(200);
    expect((await fetch(`${base()}/institutions/nergens/oid4vci/token`, { method: 'POST' })).status).not.toBe(
      429,
    );
    // With no proxy trusted (TRUST_PROXY_HOPS 0), a client cannot buy a new budget with a header.
    expect(await allowed(5, '203.0.113.9')).toBe(0);
  });
});

describe('the rate limit behind one proxy of our own (TRUST_PROXY_HOPS=1), over real loopback HTTP', () => {
  const { allowed } = servedWith(1);

  it('counts each client by the address the proxy saw, never by what the client wrote before it', async () => {
    expect(await allowed(8, '198.51.100.1')).toBe(perMinute);
    // Another client behind the same proxy has a budget of its own.
    expect(await allowed(8, '198.51.100.2')).toBe(perMinute);
    // A client that writes addresses of its own in front of the one the proxy appended stays itself.
    expect(await allowed(3, '192.0.2.77, 198.51.100.1')).toBe(0);
    // A request that did not come through the proxy (no header) is counted by its connection.
    expect(await allowed(8)).toBe(perMinute);
  });
});
