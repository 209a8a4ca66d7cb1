import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localhostCertificate } from '../../tests/support/deployments.js';
import type { FetchJson } from '../kernel/ports.js';
import { guardedFetcher } from './guarded-fetch.js';
import { nodeTransport } from './node-transport.js';

// A real HTTPS server on loopback whose paths misbehave in the ways the guard must catch, and a plain
// HTTP one; each counts the requests it receives.
const big = JSON.stringify({ filler: 'x'.repeat(300_000) });
function handler(received: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    received.push(req.url ?? '');
    const json = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    if (req.url === '/doc')
      return json(200, JSON.stringify({ id: 'did:web:example', accept: req.headers.accept }));
    if (req.url === '/redirect') return json(302, '{}', { location: 'https://127.0.0.1/internal' });
    if (req.url === '/big') return json(200, big, { 'content-length': String(big.length) });
    if (req.url === '/big-streamed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 40; i++) res.write(' '.repeat(10_000));
      return res.end('{}');
    }
    if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html></html>');
    }
    if (req.url === '/slow') return; // never answers
    return json(404, '{}');
  };
}

describe('the guarded outbound fetcher', () => {
  const received: string[] = [];
  let https: ReturnType<typeof createServer>;
  let http: ReturnType<typeof createHttpServer>;
  let ca: string;
  let base: string;
  let plain: string;

  beforeAll(async () => {
    const tls = await localhostCertificate();
    ca = tls.cert;
    https = createServer(tls, handler(received));
    http = createHttpServer(handler(received));
    await new Promise<void>((resolve) => https.listen(0, '::', resolve));
    await new Promise<void>((resolve) => http.listen(0, '::', resolve));
    base = `https://localhost:${(https.address() as AddressInfo).port}`;
    plain = `http://localhost:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    https.closeAllConnections();
    http.closeAllConnections();
    https.close();
    http.close();
  });

  const development = (timeoutMs?: number) =>
    guardedFetcher({
      transport: nodeTransport({ allowPrivateNetwork: true, ca }),
      allowPrivateNetwork: true,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  const production: FetchJson = (url, options) =>
    guardedFetcher({
      transport: nodeTransport({ allowPrivateNetwork: false, ca }),
      allowPrivateNetwork: false,
    })(url, options);
  const accept = 'application/did+json';

  it('fetches a JSON document over HTTPS, asking for the media type given (development mode: loopback allowed)', async () => {
    expect(await development()(`${base}/doc`, { accept })).toEqual({ id: 'did:web:example', accept });
  });

  it('never follows a redirect, and refuses error answers and answers that are not JSON, naming the URL', async () => {
    const fetchJson = development();
    await expect(fetchJson(`${base}/redirect`, { accept })).rejects.toThrow(
      `${base}/redirect could not be fetched: it answered with a redirect (HTTP 302 to https://127.0.0.1/internal), and redirects are not followed`,
    );
    expect(received).not.toContain('/internal');
    await expect(fetchJson(`${base}/missing`, { accept })).rejects.toThrow(
      `${base}/missing could not be fetched: it answered HTTP 404`,
    );
    await expect(fetchJson(`${base}/html`, { accept })).rejects.toThrow('the answer is not JSON');
  });

  it('caps the size of an answer, declared or streamed', async () => {
    const fetchJson = development();
    await expect(fetchJson(`${base}/big`, { accept, maxBytes: 100_000 })).rejects.toThrow(
      `the answer is ${big.length} bytes, over 100000`,
    );
    await expect(fetchJson(`${base}/big-streamed`, { accept, maxBytes: 100_000 })).rejects.toThrow(
      'the answer is over 100000 bytes',
    );
    expect(await fetchJson(`${base}/big`, { accept, maxBytes: 400_000 })).toHaveProperty('filler');
  });

  it('gives up on a server that does not answer in time', async () => {
    await expect(development(300)(`${base}/slow`, { accept })).rejects.toThrow(
      `${base}/slow could not be fetched: no answer within 300 ms`,
    );
  });

  it('fetches plain http only from loopback, and only in development mode', async () => {
    expect(await development()(`${plain}/doc`, { accept })).toMatchObject({ id: 'did:web:example' });
    await expect(development()('http://example.org/doc', { accept })).rejects.toThrow(
      'plain http is fetched from loopback only, in development mode',
    );
    await expect(production(`${plain}/doc`, { accept })).rejects.toThrow('only https URLs are fetched');
  });

  it('refuses other schemes, credentials in the URL, and what is not a URL', async () => {
    await expect(production('ftp://example.org/x', { accept })).rejects.toThrow(
      'only https URLs are fetched, not ftp:',
    );
    await expect(production('https://user:secret@example.org/x', { accept })).rejects.toThrow(
      'a URL with credentials in it is never fetched',
    );
    await expect(production('did.json', { accept })).rejects.toThrow(
      'did.json could not be fetched: not a URL',
    );
  });

  it('outside development mode refuses loopback and private targets before connecting: by name, by literal, and by what a name resolves to', async () => {
    const before = received.length;
    const port = new URL(base).port;
    for (const url of [
      `${base}/doc`,
      `https://127.0.0.1:${port}/doc`,
      `https://[::1]:${port}/doc`,
      'https://10.0.0.1/doc',
    ])
      await expect(production(url, { accept }), url).rejects.toThrow(
        /never reached outside development mode|loopback/,
      );
    // The Node transport itself refuses a host name that resolves to an internal address (the guard
    // checks names and literals first; this is what stops a public name pointed at one, DNS rebinding).
    await expect(
      nodeTransport({ allowPrivateNetwork: false, ca })(`${base}/doc`, {
        method: 'GET',
        headers: { accept },
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1), loopback/) },
    });
    expect(received.length).toBe(before);
  });

  it('fails closed on a certificate it does not trust', async () => {
    const untrusting = guardedFetcher({
      transport: nodeTransport({ allowPrivateNetwork: true }),
      allowPrivateNetwork: true,
    });
    await expect(untrusting(`${base}/doc`, { accept })).rejects.toThrow(
      `${base}/doc could not be fetched: its TLS certificate is not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
  });

  it('says in words when a host answers HTTPS with plain HTTP, without OpenSSL internals', async () => {
    const port = new URL(plain).port;
    const failure = await development()(`https://localhost:${port}/doc`, { accept }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(
      /could not be fetched: no HTTPS answer: the TLS handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER\)$/,
    );
    expect((failure as Error).message).not.toMatch(/openssl|ssl3_get_record/);
  });
});
