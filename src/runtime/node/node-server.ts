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
 * The address a request came from over a real connection (what the rate limit counts by); undefined
 * for an in-process call. Proxies' headers are not read: behind a proxy, every client shares its address.
 * @example memoryRateLimiter(60, remoteAddressOf)
 */
export const remoteAddressOf = (c: Context): string | undefined =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
