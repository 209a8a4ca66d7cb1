import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { generate } from 'selfsigned';
import type { AppDeps } from '../../src/http/app-env.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { guardedFetcher } from '../../src/outbound/index.js';
import { nodeTransport } from '../../src/outbound/node-transport.js';
import { TEST_NOW, type TestTarget } from './target.js';
import { startTestApp } from './test-app.js';

/**
 * A certificate for `localhost` (and 127.0.0.1, ::1) made for this test run: every deployment serves
 * with it, and every deployment's outbound fetcher trusts it (as a CA), so deployments reach each other
 * over real, verified TLS on loopback.
 * @example const { key, cert } = await localhostCertificate(); createServer({ key, cert }, handler);
 */
export async function localhostCertificate(): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date(Date.now() - 60 * 60_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 2 * 24 * 60 * 60_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** One deployment of the harness: the app as a TestTarget, and its HTTPS server. */
export interface Deployment extends TestTarget {
  /** Its name in the harness ('a', 'b', …). */
  readonly label: string;
  /** Its public URL, `https://localhost:<port>`: its DIDs and status lists live under it. */
  readonly url: string;
  /** The app's dependencies, its own database and clock. */
  readonly deps: AppDeps;
  /** Every request its HTTPS server received, as `METHOD /path`: what other deployments fetched. */
  readonly received: string[];
  /** Stops serving over HTTPS (open connections are cut); `call` still reaches the app in-process. */
  stop(): Promise<void>;
  /** Serves again on the same port, with the same database. */
  start(): Promise<void>;
  /** Moves this deployment's clock on: what it cached expires by it, as by time passing. */
  advanceClock(ms: number): void;
}

/** How a deployment of the harness is set up. */
export interface DeploymentOptions {
  /**
   * Development mode (ALLOW_PRIVATE_NETWORK): on by default, since deployments on loopback reach each
   * other only so. Off, its fetcher refuses loopback and private targets as in production.
   */
  developmentMode?: boolean;
}

async function listen(server: ReturnType<typeof createAdaptorServer>, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // '::' takes IPv4 too: `localhost` may resolve to either.
    server.listen(port, '::', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** A deployment: its own in-memory SQLite database, public URL and clock, served over HTTPS. */
async function startDeployment(
  label: string,
  tls: { key: string; cert: string },
  options: DeploymentOptions,
): Promise<Deployment> {
  const received: string[] = [];
  let handle: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const server = createAdaptorServer({
    fetch: (request: Request) => {
      received.push(`${request.method} ${new URL(request.url).pathname}`);
      return handle(request);
    },
    overrideGlobalObjects: false,
    createServer,
    serverOptions: tls,
  });
  // Open connections, to end them (TLS close_notify, not a reset) when the deployment stops.
  const sockets = new Set<import('node:tls').TLSSocket>();
  server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server, 0);
  const url = `https://localhost:${port}`;
  const developmentMode = options.developmentMode ?? true;
  let now = Date.parse(TEST_NOW);
  const t = await startTestApp({
    urls: publicUrls(url),
    now: () => new Date(now),
    fetchJson: guardedFetcher({
      allowPrivateNetwork: developmentMode,
      transport: nodeTransport({ allowPrivateNetwork: developmentMode, ca: tls.cert }),
    }),
  });
  handle = (request) => t.app.fetch(request);
  let serving = true;
  return {
    ...t.target,
    label,
    url,
    deps: t.deps,
    received,
    async stop() {
      if (!serving) return;
      serving = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.end();
      });
    },
    async start() {
      if (serving) return;
      await listen(server, port);
      serving = true;
    },
    advanceClock(ms) {
      now += ms;
    },
  };
}

/**
 * Independent deployments in one test run, as two instellingen running Loopbrug each: every one the
 * real app on its own in-memory SQLite database, with its own public URL `https://localhost:<port>`,
 * served by @hono/node-server over node:https with a certificate made for this run, which every
 * deployment's guarded fetcher trusts. Nothing is shared in memory: a deployment learns what another
 * publishes (DID documents, status lists) only over HTTPS. `call` reaches a deployment in-process, as
 * startTestApp's does; `close` stops them all.
 * @example const { a, b, close } = await startDeployments({ a: {}, b: {} }); …; await close();
 */
export async function startDeployments<Name extends string>(
  setup: Record<Name, DeploymentOptions>,
): Promise<Record<Name, Deployment> & { ca: string; close(): Promise<void> }> {
  const tls = await localhostCertificate();
  const entries: [Name, Deployment][] = [];
  for (const [label, options] of Object.entries(setup) as [Name, DeploymentOptions][])
    entries.push([label, await startDeployment(label, tls, options)]);
  const deployments = Object.fromEntries(entries) as Record<Name, Deployment>;
  return {
    ...deployments,
    /** The certificate every deployment serves with and trusts: a client of theirs trusts it too. */
    ca: tls.cert,
    async close() {
      await Promise.all(entries.map(([, deployment]) => deployment.stop()));
    },
  };
}
