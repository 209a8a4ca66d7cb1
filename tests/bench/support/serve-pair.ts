import { serve } from '@hono/node-server';

type Fetch = { fetch: (request: Request) => Response | Promise<Response> };

/**
 * Serves the real app and its bare baseline on free loopback ports and, once both listen, prints
 * one JSON line for the parent: `{ ours, bare, ...extra }`.
 * @example servePair(app, bare, { token })
 */
export function servePair(ours: Fetch, bare: Fetch, extra: Record<string, unknown>): void {
  const ports: { ours?: number; bare?: number } = {};
  const ready = () =>
    ports.ours !== undefined &&
    ports.bare !== undefined &&
    console.log(JSON.stringify({ ...ports, ...extra }));
  serve({ fetch: ours.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) => {
    ports.ours = port;
    ready();
  });
  serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) => {
    ports.bare = port;
    ready();
  });
}
