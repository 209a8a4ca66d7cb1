import type { FetchJson } from '../kernel/ports.js';
import { blockedRange, ipVersionOf, isLoopbackHost } from './address-ranges.js';

/** What the guard needs of an HTTP answer: its status, headers and a body to read in pieces. */
export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
      cancel(reason?: unknown): Promise<void>;
    };
  } | null;
}

/**
 * How a runtime sends one request: the platform's `fetch` on Workers, undici with an address-checking
 * connection on Node (node-transport.ts). It must not follow redirects itself (`redirect: 'manual'`).
 */
export type Transport = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal },
) => Promise<TransportResponse>;

/** Why an outbound fetch was refused or failed: the message names the URL and the reason. */
export class OutboundError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url} could not be fetched: ${reason}`);
  }
}

export interface GuardOptions {
  transport: Transport;
  /** Development mode: loopback and private targets allowed, plain HTTP to loopback too. */
  allowPrivateNetwork: boolean;
  /** No answer (headers and body) within this many milliseconds: refused. */
  timeoutMs?: number;
  /** The largest body read when a fetch names none of its own. */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 256 * 1024;

/** Why a URL may not be fetched at all, before any connection; undefined when it may. */
function refusedTarget(url: URL, allowPrivateNetwork: boolean): string | undefined {
  if (url.username !== '' || url.password !== '') return 'a URL with credentials in it is never fetched';
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!allowPrivateNetwork) return 'only https URLs are fetched';
    if (!loopback) return 'plain http is fetched from loopback only, in development mode';
  } else if (url.protocol !== 'https:') return `only https URLs are fetched, not ${url.protocol}`;
  if (allowPrivateNetwork) return undefined;
  if (loopback) return 'it is this machine (loopback), which is reached only in development mode';
  if (ipVersionOf(url.hostname) === undefined) return undefined;
  const range = blockedRange(url.hostname);
  return range ? `${url.hostname} is ${range}, which is never reached outside development mode` : undefined;
}

/** What a failed connection says, without the runtime's wrapping ("fetch failed"). */
function failureOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const root = cause instanceof Error ? cause : error;
  if (root instanceof OutboundError) return root.reason;
  const code = (root as { code?: unknown } | undefined)?.code;
  const message = root instanceof Error ? root.message : String(root);
  if (code === 'ECONNREFUSED') return 'the connection was refused (is the server down?)';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  if (code === 'ECONNRESET') return 'the server closed the connection before it answered';
  // OpenSSL's own text names its source files and internal codes, which tell a verifier nothing.
  if (typeof code === 'string' && code.startsWith('ERR_SSL_'))
    return `no HTTPS answer: the TLS handshake failed (${code})`;
  if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code))
    return `its TLS certificate is not trusted: ${message} (${code})`;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/** The codes Node gives a certificate it does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The body, read up to `maxBytes`; more is refused before it is all read. */
async function readCapped(url: string, response: TransportResponse, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new OutboundError(url, `the answer is ${declared} bytes, over ${maxBytes}`);
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new OutboundError(url, `the answer is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The one way this service fetches what another party publishes (DID documents, status lists): a
 * JSON document over HTTPS, refused before connecting when the URL is not https or names a private,
 * loopback, link-local or otherwise internal address (development mode allows those, and plain http
 * to loopback); never following a redirect; given up after a timeout; refused past a size cap. The
 * transport checks what host names resolve to (Node) or the platform does (Workers). Every failure
 * throws an OutboundError naming the URL and why.
 * @example const fetchJson = guardedFetcher({ transport: nodeTransport(config), allowPrivateNetwork: false });
 * @example await fetchJson('https://academie.example/.well-known/did.json', { accept: 'application/did+json' })
 */
export function guardedFetcher(options: GuardOptions): FetchJson {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (target, { accept, maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES }) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new OutboundError(target, 'not a URL');
    }
    const refused = refusedTarget(url, options.allowPrivateNetwork);
    if (refused) throw new OutboundError(target, refused);
    const signal = AbortSignal.timeout(timeoutMs);
    let body: Uint8Array;
    try {
      const response = await options.transport(url.href, {
        method: 'GET',
        headers: { accept },
        redirect: 'manual',
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        throw new OutboundError(
          target,
          `it answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''}), and redirects are not followed`,
        );
      }
      if (response.status !== 200) throw new OutboundError(target, `it answered HTTP ${response.status}`);
      body = await readCapped(target, response, maxBytes);
    } catch (error) {
      throw error instanceof OutboundError ? error : new OutboundError(target, failureOf(error, timeoutMs));
    }
    try {
      return JSON.parse(new TextDecoder().decode(body)) as unknown;
    } catch {
      throw new OutboundError(target, 'the answer is not JSON');
    }
  };
}
