import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js';

// The real worker as `npm run dev:workers` starts it (see startWranglerDev): bundled by wrangler from
// wrangler.toml, not by the test pool, on its own persisted state, ports and keys.

describe('the real worker under wrangler dev', () => {
  let worker: WranglerDev;
  const call: WranglerDev['call'] = (...args) => worker.call(...args);

  beforeAll(async () => {
    worker = await startWranglerDev();
  }, 240_000);

  afterAll(() => worker?.stop(), 30_000);

  it('answers /health from its D1 database', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('serves the fixture catalog that `npm start` would have, to a bearer token from its JWKS', async () => {
    expect((await call('GET', '/modules?institution=han')).status).toBe(401);
    const modules = await call('GET', '/modules?institution=han', {
      sub: 'opleider-han',
      role: 'opleider',
      institution: 'han',
    });
    expect(modules.status, JSON.stringify(modules.body)).toBe(200);
    expect((modules.body.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('issues a credential and verifies it', async () => {
    const created = await call(
      'POST',
      '/institutions',
      { sub: 'admin-smoke', role: 'admin' },
      { id: 'smoke', name: 'Rooktest Hogeschool', kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The worker's PUBLIC_URL is where it listens (--var above).
    const urls = publicUrls(worker.base);
    const issued = await call(
      'POST',
      '/credentials/issue',
      { sub: 'opleider-smoke', role: 'opleider', institution: 'smoke' },
      { credential: buildModuleCredential(sampleInput({ urls }, 'smoke')) },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const verifiableCredential = issued.body.verifiableCredential as { issuer: unknown };
    expect(verifiableCredential.issuer).toMatchObject({ id: urls.issuerDid('smoke') });

    const verified = await call('POST', '/credentials/verify', undefined, { verifiableCredential });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  });

  it('runs the owed-credential sweep on its cron trigger', async () => {
    // wrangler dev's way to fire a cron trigger; the worker logs what the sweep did.
    const fired = await fetch(
      `${worker.base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`,
    );
    expect(fired.status).toBe(200);
    await expect
      .poll(() => worker.output(), { timeout: 10_000 })
      .toMatch(/"message":"owed credentials swept","cron":"\*\/15 \* \* \* \*","issued":0/);
  });
});
