import { describe, expect, it } from 'vitest';
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
