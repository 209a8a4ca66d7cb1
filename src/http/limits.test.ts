import { request } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestApp } from '../../tests/support/test-app.js';

describe('limits per endpoint, over HTTP on SQLite', () => {
  it('gives the anonymous verifiers a smaller body limit than the signed-in writes', async () => {
    const t = await startTestApp({ maxBodyBytes: 1_000_000, maxPublicBodyBytes: 10_000 });
    const padding = 'x'.repeat(20_000);
    const verify = await t.call('POST', '/credentials/verify', {
      body: { verifiableCredential: { padding } },
    });
    expect(verify.status).toBe(413);
    expect(verify.body).toMatchObject({
      title: 'Request body too large',
      detail: 'Send at most 10000 bytes.',
    });
    const presentation = await t.call('POST', '/presentations/verify', { body: { padding } });
    expect(presentation.status).toBe(413);
    // The same size to a signed-in write passes the size check (and is then judged on its content).
    const write = await t.call('POST', '/institutions', { as: admin, body: { id: 'han', padding } });
    expect(write.status).toBe(422);
  });

  it('verifies at most 20 credentials per presentation, naming the field', async () => {
    const t = await startTestApp();
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
    };
    const res = await t.call('POST', '/presentations/verify', {
      body: {
        verifiablePresentation: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          verifiableCredential: Array.from({ length: 21 }, () => credential),
        },
        options: { challenge: 'c', domain: 'd' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        path: 'body.verifiablePresentation.verifiableCredential',
        message: 'at most 20 credentials per presentation, not 21',
      },
    ]);
  });
});

// Over real loopback HTTP, where the Node adapter reads a body: one whose declared length is within the
// limit passes without the adapter building a Request around it; over the limit, or sent chunked with
// no length, the limit is enforced as before.
describe('the body limit over real loopback HTTP', () => {
  const served = { port: 0, close: () => {}, token: '' };
  beforeAll(async () => {
    const t = await startTestApp({ maxBodyBytes: 2_000 });
    served.token = await t.tokenFor(admin);
    await new Promise<void>((listening) => {
      const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) => {
        served.port = port;
        listening();
      });
      served.close = () => server.close();
    });
  });
  afterAll(() => served.close());

  /** POSTs `body` (JSON to /institutions as the admin, unless told), its length declared or sent chunked. */
  const post = (
    body: string,
    framing: 'declared' | 'chunked',
    to = { path: '/institutions', type: 'application/json' },
  ) =>
    new Promise<{ status: number; text: string }>((answered, failed) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: served.port,
          method: 'POST',
          path: to.path,
          headers: {
            authorization: `Bearer ${served.token}`,
            'content-type': to.type,
            ...(framing === 'declared'
              ? { 'content-length': Buffer.byteLength(body) }
              : { 'transfer-encoding': 'chunked' }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => answered({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', failed);
      // Chunked: written in two pieces, so the server cannot know the length before it reads.
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.end(body.slice(half));
    });
  const institution = (id: string, padding = '') =>
    JSON.stringify({
      id,
      name: `Instelling ${id}`,
      kind: 'hbo',
      qualityAssurance: 'NVAO',
      ...(padding ? { padding } : {}),
    });

  it('serves a body within the limit, declared or chunked', async () => {
    expect((await post(institution('decl'), 'declared')).status).toBe(201);
    expect((await post(institution('chunk'), 'chunked')).status).toBe(201);
  });

  it('refuses a body over the limit with 413, declared or chunked', async () => {
    for (const framing of ['declared', 'chunked'] as const) {
      const res = await post(institution(`big-${framing}`, 'x'.repeat(5_000)), framing);
      expect(res.status, framing).toBe(413);
      expect(JSON.parse(res.text), res.text).toMatchObject({
        status: 413,
        title: 'Request body too large',
        detail: 'Send at most 2000 bytes.',
      });
    }
  });

  it("limits the OpenID4VC endpoints' own bodies (forms too) with the same bound", async () => {
    const token = { path: '/institutions/han/oid4vci/token', type: 'application/x-www-form-urlencoded' };
    for (const framing of ['declared', 'chunked'] as const)
      expect((await post(`code=${'x'.repeat(5_000)}`, framing, token)).status, framing).toBe(413);
    // Within the bound, the protocol answers for itself (an unknown instelling, here), not the limit.
    expect((await post('code=x', 'declared', token)).status).not.toBe(413);
  });
});
