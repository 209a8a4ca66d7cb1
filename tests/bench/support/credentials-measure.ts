/** Sequential timing of an async operation: throughput and latency percentiles. */
export interface Timing {
  name: string;
  ops: number;
  opsPerSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  failures: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const ms = (value: number) => Number(value.toFixed(2));

/** Summarises latencies (ms) measured over `seconds` of wall time. */
export function summarise(name: string, latencies: number[], seconds: number, failures = 0): Timing {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    ops: sorted.length,
    opsPerSecond: Number((sorted.length / seconds).toFixed(1)),
    p50ms: ms(percentile(sorted, 0.5)),
    p95ms: ms(percentile(sorted, 0.95)),
    p99ms: ms(percentile(sorted, 0.99)),
    failures,
  };
}

/**
 * Runs `operation` one call at a time for `seconds` (at least `minOps` calls) after `warmUp` calls.
 * An `operation` that answers `false` counts as a failure.
 * @example await sequential('sign', () => sign(), { seconds: 5 })
 */
export async function sequential(
  name: string,
  operation: (i: number) => Promise<unknown>,
  { seconds = 5, warmUp = 5, minOps = 20 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await operation(-1 - i);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  for (let i = 0; performance.now() < deadline || i < minOps; i++) {
    const t0 = performance.now();
    if ((await operation(i)) === false) failures++;
    latencies.push(performance.now() - t0);
  }
  return summarise(name, latencies, (performance.now() - started) / 1000, failures);
}
