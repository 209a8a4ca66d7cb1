export interface LoadResult {
  name: string;
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  failures: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** What a load client in a process of its own is to send (load-client.ts, through childJson). */
export interface LoadOrder {
  name: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Sent first and not counted. */
  warmUpSeconds?: number;
}

/**
 * Sends requests from `connections` concurrent loops for `seconds` (bounded in time and count)
 * and reports throughput and latency. Any non-2xx answer counts as a failure.
 * @example await load('list', (i) => fetch(url), { connections: 16, seconds: 5 })
 */
export async function load(
  name: string,
  request: (i: number) => Promise<{ status: number; arrayBuffer?: () => Promise<ArrayBuffer> }>,
  { connections = 16, seconds = 5, maxRequests = 1_000_000 } = {},
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && sent < maxRequests) {
        const i = sent++;
        const t0 = performance.now();
        const res = await request(i);
        await res.arrayBuffer?.();
        latencies.push(performance.now() - t0);
        if (res.status >= 300) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    rps: Math.round(latencies.length / elapsed),
    p50ms: Number(percentile(latencies, 0.5).toFixed(2)),
    p99ms: Number(percentile(latencies, 0.99).toFixed(2)),
    failures,
  };
}
