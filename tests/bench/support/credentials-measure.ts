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

/**
 * Runs several operations in turns, one call at a time: `rounds` slices of `seconds / rounds` each,
 * the order rotating every round, so that a shared machine's changing load falls on all of them
 * alike. Use it for whatever is compared with whatever.
 * @example const { lib, ours } = await interleaved({ lib: () => sign(), ours: () => signCredential(...) }, { seconds: 5 })
 */
export async function interleaved<K extends string>(
  operations: Record<K, (i: number) => Promise<unknown>>,
  { seconds = 5, rounds = 10, warmUp = 5 } = {},
): Promise<Record<K, Timing>> {
  const names = Object.keys(operations) as K[];
  const latencies = new Map<K, number[]>(names.map((name) => [name, []]));
  const failures = new Map<K, number>(names.map((name) => [name, 0]));
  const elapsed = new Map<K, number>(names.map((name) => [name, 0]));
  for (const name of names) for (let i = 0; i < warmUp; i++) await operations[name](-1 - i);
  for (let round = 0; round < rounds; round++)
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length] as K;
      const started = performance.now();
      const deadline = started + (seconds * 1000) / rounds;
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        if ((await operations[name](i)) === false) failures.set(name, (failures.get(name) ?? 0) + 1);
        latencies.get(name)?.push(performance.now() - t0);
      }
      elapsed.set(name, (elapsed.get(name) ?? 0) + performance.now() - started);
    }
  return Object.fromEntries(
    names.map((name) => [
      name,
      summarise(name, latencies.get(name) ?? [], (elapsed.get(name) ?? 0) / 1000, failures.get(name)),
    ]),
  ) as Record<K, Timing>;
}
