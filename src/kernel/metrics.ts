/** What the service counts: requests by route and status with their latency, and credentials issued and verified. */
export interface Metrics {
  request(fields: { method: string; route: string; status: number; seconds: number }): void;
  credentials(event: 'issued' | 'verified' | 'refused'): void;
}

// Latency buckets in seconds: a catalog read is milliseconds, a verify tens, a cohort or a flood more.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const label = (value: string) => value.replace(/[\\"\n]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`));

/**
 * Metrics kept in memory and written as Prometheus text (exposition format 0.0.4): a request counter
 * and latency histogram by method, route pattern and status, and a credential counter by event. Route
 * patterns, never paths, so no id or share token becomes a label.
 * @example const metrics = memoryMetrics(); metrics.request({ method: 'GET', route: '/health', status: 200, seconds: 0.002 }); metrics.text()
 */
export function memoryMetrics(): Metrics & { text(): string } {
  const requests = new Map<string, { count: number; sum: number; buckets: number[] }>();
  const credentials = new Map<string, number>();
  return {
    request({ method, route, status, seconds }) {
      const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
      let entry = requests.get(key);
      if (!entry) {
        entry = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
        requests.set(key, entry);
      }
      entry.count++;
      entry.sum += seconds;
      for (const [i, bound] of BUCKETS.entries())
        if (seconds <= bound) entry.buckets[i] = (entry.buckets[i] ?? 0) + 1;
    },
    credentials(event) {
      credentials.set(event, (credentials.get(event) ?? 0) + 1);
    },
    text() {
      const lines = [
        '# HELP loopbrug_http_requests_total HTTP requests answered, by method, route pattern and status.',
        '# TYPE loopbrug_http_requests_total counter',
      ];
      for (const [key, { count }] of requests) lines.push(`loopbrug_http_requests_total{${key}} ${count}`);
      lines.push(
        '# HELP loopbrug_http_request_duration_seconds Time to answer, by method, route pattern and status.',
        '# TYPE loopbrug_http_request_duration_seconds histogram',
      );
      for (const [key, { count, sum, buckets }] of requests) {
        BUCKETS.forEach((bound, i) => {
          lines.push(`loopbrug_http_request_duration_seconds_bucket{${key},le="${bound}"} ${buckets[i]}`);
        });
        lines.push(`loopbrug_http_request_duration_seconds_bucket{${key},le="+Inf"} ${count}`);
        lines.push(`loopbrug_http_request_duration_seconds_sum{${key}} ${sum}`);
        lines.push(`loopbrug_http_request_duration_seconds_count{${key}} ${count}`);
      }
      lines.push(
        '# HELP loopbrug_credentials_total Credentials issued (however they were), and verified or refused by the verify endpoints.',
        '# TYPE loopbrug_credentials_total counter',
      );
      for (const [event, count] of credentials)
        lines.push(`loopbrug_credentials_total{event="${event}"} ${count}`);
      return `${lines.join('\n')}\n`;
    },
  };
}
