import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { remoteAddressOf } from '../runtime/node/node-server.js';
import { memoryRateLimiter } from './rate-limiters.js';

describe('the rate limit of the CPU-heavy public endpoints, over real loopback HTTP', () => {
  let server: ReturnType<typeof serve>;
  let base: string;
  const perMinute = 5;

  beforeAll(async () => {
    const { app } = await startTestApp({ rateLimiter: memoryRateLimiter(perMinute, remoteAddressOf) });
    await new Promise<void>((listening) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => listening());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
  });

  const verify = () =>
    fetch(`${base}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: { '@context': [], type: [] } }),
    });

  it('answers 429 with Retry-After once a client used its budget, while /health and other endpoints answer', async () => {
    // A flood: many more verify requests at once than the budget, with /health asked in the middle of it.
    const flood = Array.from({ length: 40 }, verify);
    const health = fetch(`${base}/health`);
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
    for (let i = 0; i < 10; i++) expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/institutions/nergens/oid4vci/token`, { method: 'POST' })).status).not.toBe(
      429,
    );
  });
});
