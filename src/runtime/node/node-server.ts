import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { DEV_OIDC_PATH, type DevOidcProvider } from './dev-oidc-provider.js';

/**
 * The Node server's request listener: the app, and the development OpenID provider under /dev-oidc when
 * there is one (it is a Koa app of its own, so it gets the raw request).
 * @example createServer(nodeListener(app.fetch, devProvider)).listen(8787)
 */
export function nodeListener(
  fetch: (request: Request) => Response | Promise<Response>,
  devProvider?: DevOidcProvider,
): RequestListener {
  const app = getRequestListener(fetch);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    if (devProvider && (path === DEV_OIDC_PATH || path.startsWith(`${DEV_OIDC_PATH}/`)))
      devProvider.handle(req, res);
    else app(req, res);
  };
}

/**
 * How the rate limit tells clients apart on Node: by the address a request came from, undefined for an
 * in-process call. With `trustedProxyHops` 0 that is the connection's address, and no header is read.
 * Behind N proxies of your own, it is the address the Nth proxy from the service saw: the Nth entry of
 * `X-Forwarded-For` from the right, as each proxy appends the address it was reached from. Entries further
 * left are whatever the client sent, so they are never read; a request with fewer entries than N did not
 * come through the proxies and is counted by its connection.
 * @example memoryRateLimiter(60, clientAddressOf(config.trustedProxyHops))
 */
export const clientAddressOf =
  (trustedProxyHops: number) =>
  (c: Context): string | undefined => {
    const connection = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
    if (connection === undefined || trustedProxyHops === 0) return connection;
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    return forwarded[forwarded.length - trustedProxyHops] ?? connection;
  };
