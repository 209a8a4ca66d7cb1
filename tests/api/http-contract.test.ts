import { generateKeyPair, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/kernel/logger.js';
import { admin, opleider, startTestApp } from '../support/test-app.js';

const han = { id: 'han', name: 'HAN', kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' };

describe('the HTTP contract', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  beforeEach(async () => {
    t = await startTestApp();
  });

  it('answers a database that fails with a 500 and a log line, never a 4xx, reads and writes alike', async () => {
    const log = memoryLogger();
    const broken = await startTestApp({ log });
    await broken.call('POST', '/institutions', { as: admin, body: han });
    broken.db.sqlite.close();
    const read = await broken.call('GET', '/institutions/han', { as: admin });
    const write = await broken.call('PATCH', '/institutions/han', { as: admin, body: { name: 'HAN' } });
    const planned = await broken.call('POST', '/routes/preview', {
      as: opleider('han'),
      body: { learnerId: 'l', roleId: 'r', hoursPerWeek: 8, startDate: '2027-01-04' },
    });
    for (const res of [read, write, planned]) {
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({
        title: 'Internal error',
        detail: 'Something went wrong on our side.',
      });
    }
    expect(log.lines).toHaveLength(3);
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      message: 'request failed',
      path: '/institutions/han',
    });
  });

  it('answers /health, /openapi.json and /docs without a token', async () => {
    expect((await t.call('GET', '/health')).body).toMatchObject({ status: 'ok' });
    const docs = await t.call('GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('openapi.json');
    expect(docs.text).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });

  it('documents every catalog path of the contract in OpenAPI 3.1, with bearer auth and problem answers', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/institutions',
        '/institutions/{id}',
        '/frameworks',
        '/competencies',
        '/learning-outcomes',
        '/modules',
        '/modules/{id}',
        '/modules/{id}/versions',
        '/modules/{id}/publish',
        '/qualifications',
        '/employers',
        '/roles',
        '/assessors',
      ]),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const createModule = doc.paths['/modules'].post;
    expect(createModule.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ModuleCreate',
    );
    expect(createModule.responses['422'].content['application/problem+json']).toBeDefined();
    expect(doc.components.schemas.StartPattern).toBeDefined();
  });

  it('refuses a body that is not JSON with 415, before anything is written', async () => {
    const before = t.rowCounts();
    const res = await t.call('POST', '/institutions', {
      as: admin,
      body: 'id=han',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(t.rowCounts()).toEqual(before);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await t.call('POST', '/institutions', {
      as: admin,
      body: { ...han, qualityAssurance: 'x'.repeat(200_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.title).toBe('Request body too large');
  });

  it('answers malformed JSON with 400 and a missing body with 4xx', async () => {
    const malformed = await t.call('POST', '/institutions', { as: admin, body: '{"id": "han",' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const empty = await t.call('POST', '/institutions', {
      as: admin,
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.call('GET', '/nergens', { as: admin });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, instance: '/nergens' });
  });

  describe('bearer tokens', () => {
    it('refuses a token signed by another key, an expired one and one with bad claims', async () => {
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const sign = (claims: Record<string, unknown>, expires = '5m') =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
          .setSubject('x')
          .setIssuer('loopbrug')
          .setAudience('loopbrug')
          .setExpirationTime(expires)
          .sign(privateKey);
      const withToken = (token: string) =>
        t.call('GET', '/institutions', { headers: { authorization: `Bearer ${token}` } });

      expect((await withToken(await sign({ role: 'admin' }))).status).toBe(401);
      expect((await withToken('not-a-jwt')).status).toBe(401);
      expect((await withToken(await t.tokenFor(admin))).status).toBe(200);
      const outOfDate = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(privateKey);
      expect((await withToken(outOfDate)).status).toBe(401);
    });

    it('refuses an opleider token without an institution', async () => {
      const res = await t.call('GET', '/institutions', {
        as: { sub: 'x', role: 'opleider' } as Parameters<typeof t.tokenFor>[0],
      });
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain('institution');
    });
  });

  describe('Idempotency-Key', () => {
    const post = (key: string, body: unknown) =>
      t.call('POST', '/institutions', { as: admin, body, headers: { 'idempotency-key': key } });

    it('answers a retried POST with the first answer and creates once', async () => {
      const first = await post('k-1', han);
      const retry = await post('k-1', han);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(t.rowCounts().institution).toBe(1);
      expect(t.rowCounts().audit_event).toBe(1);
    });

    it('refuses the same key for a different request', async () => {
      await post('k-2', han);
      const other = await post('k-2', { ...han, id: 'loi', name: 'LOI' });
      expect(other.status).toBe(422);
      expect(t.rowCounts().institution).toBe(1);
    });

    it('releases the key after a failed request so the corrected request can use it', async () => {
      const bad = await post('k-3', { ...han, kind: 'uni' });
      expect(bad.status).toBe(422);
      const good = await post('k-3', han);
      expect(good.status).toBe(201);
    });

    it('keeps keys apart per caller', async () => {
      await post('k-4', han);
      const someoneElse = await t.call('POST', '/institutions', {
        as: { ...admin, sub: 'andere-beheerder' },
        body: han,
        headers: { 'idempotency-key': 'k-4' },
      });
      expect(someoneElse.status).toBe(409);
    });

    it('makes concurrent retries create exactly one record', async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => post('k-5', han)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      expect(t.rowCounts().institution).toBe(1);
    });
  });

  it('reads of another tenant work; writes are refused with 403 and change nothing', async () => {
    await t.call('POST', '/institutions', { as: admin, body: han });
    const before = t.rowCounts();
    const res = await t.call('PATCH', '/institutions/han', {
      as: opleider('loi'),
      body: { name: 'Gekaapt' },
    });
    expect(res.status).toBe(403);
    expect(t.rowCounts()).toEqual(before);
    expect((await t.call('GET', '/institutions/han', { as: opleider('loi') })).body.name).toBe('HAN');
  });
});
