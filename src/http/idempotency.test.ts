import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admin, startTestApp } from '../../tests/support/test-app.js';
import { IDEMPOTENCY_KEEP_MS, IDEMPOTENCY_PENDING_MS } from './idempotency.js';

const han = { id: 'han', name: 'HAN', kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' };

describe('Idempotency-Key over HTTP on SQLite', () => {
  it('stores nothing for an anonymous caller: public reads and verifies write no row', async () => {
    const t = await startTestApp();
    await t.call('POST', '/institutions', { as: admin, body: han });
    const before = t.rowCounts();
    for (let i = 0; i < 5; i++) {
      const res = await t.call('POST', '/credentials/verify', {
        headers: { 'idempotency-key': `fresh-${i}` },
        body: { verifiableCredential: { '@context': [], type: [] } },
      });
      expect(res.status).toBeLessThan(500);
    }
    for (const path of ['/institutions/han/did.json', '/contexts/microcredential-v2.jsonld', '/health'])
      expect((await t.call('GET', path)).status, path).toBe(200);
    // GET did.json used to make the instelling's first issuer key.
    expect(t.rowCounts()).toEqual(before);
  });

  it('forgets a key after 24 hours, and releases one whose request died after two minutes', async () => {
    let now = Date.parse('2026-11-22T09:00:00Z');
    const t = await startTestApp({ now: () => new Date(now) });
    const post = (key: string, body: unknown) =>
      t.call('POST', '/institutions', { as: admin, body, headers: { 'idempotency-key': key } });

    expect((await post('k', han)).status).toBe(201);
    expect((await post('k', { ...han, id: 'loi', name: 'LOI' })).status).toBe(422);
    now += IDEMPOTENCY_KEEP_MS + 1000;
    expect((await post('k', { ...han, id: 'loi', name: 'LOI' })).status).toBe(201);

    // A request that died mid-way (a crash): its key stays reserved without an answer.
    const body = { ...han, id: 'avans', name: 'Avans' };
    const hash = createHash('sha256')
      .update(`POST /institutions\n${JSON.stringify(body)}`)
      .digest('hex');
    t.db.sqlite
      .prepare(
        "INSERT INTO idempotency_key (principal, key, request_hash, status, response, created_at) VALUES ('admin::beheer', 'stuck', ?, NULL, NULL, ?)",
      )
      .run(hash, new Date(now).toISOString());
    expect((await post('stuck', body)).status).toBe(409);
    now += IDEMPOTENCY_PENDING_MS + 1000;
    expect((await post('stuck', body)).status).toBe(201);
    expect(t.rowCounts().institution).toBe(3);
  });
});
