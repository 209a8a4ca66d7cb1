import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { AppEnv } from './app-env.js';

/**
 * What a request did to a credential it was asked to verify, as the metrics count it (what is issued is
 * counted where it is issued, in src/issuance).
 */
function credentialEvent(method: string, route: string, status: number): 'verified' | 'refused' | undefined {
  if (method !== 'POST') return undefined;
  if (route !== '/credentials/verify' && route !== '/presentations/verify') return undefined;
  return status === 200 ? 'verified' : status === 422 ? 'refused' : undefined;
}

/**
 * A request id on every response (`X-Request-Id`: the caller's when it sends a short, plain one, else
 * a new UUID), and one JSON log line per request with the id, method, route pattern (never the path:
 * a path can hold a share token or a learner id), status and duration; no query, body, header or
 * principal, so no personal data. The same figures go to the metrics when the runtime keeps them.
 * @example app.use('*', ...requestLog())
 */
export function requestLog(): MiddlewareHandler<AppEnv>[] {
  const observe: MiddlewareHandler<AppEnv> = async (c, next) => {
    const started = performance.now();
    await next();
    // A response made elsewhere (the pages are their own app) does not carry what c.header() set.
    if (!c.res.headers.has('x-request-id')) c.res.headers.set('X-Request-Id', c.get('requestId'));
    const seconds = (performance.now() - started) / 1000;
    const route = routePath(c, -1) || '(unmatched)';
    const { log, metrics, logRequests } = c.get('deps');
    if (logRequests)
      log.info('request', {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 10_000) / 10,
      });
    if (!metrics) return;
    metrics.request({ method: c.req.method, route, status: c.res.status, seconds });
    const event = credentialEvent(c.req.method, route, c.res.status);
    if (event) metrics.credentials(event);
  };
  return [
    requestId({ limitLength: 64, generator: () => crypto.randomUUID() }) as MiddlewareHandler<AppEnv>,
    observe,
  ];
}
