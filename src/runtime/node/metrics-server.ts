import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Serves the metrics as Prometheus text at `/metrics` on 127.0.0.1 only (METRICS_PORT), apart from the
 * public port: a scraper on the host (or a sidecar) reads them, nobody on the network does.
 * @example const url = await metricsServer(metrics, 9464) // 'http://127.0.0.1:9464'
 */
export async function metricsServer(metrics: { text(): string }, port: number): Promise<string> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics')
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(metrics.text());
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
