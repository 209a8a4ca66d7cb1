import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './load.js';

/** The machine a figure was taken on, for the README next to the figure. */
export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** Prints each result, then each pair as a ratio: ours against the bare baseline of the same run. */
export function printComparison(results: LoadResult[], pairs: Array<[string, string]>): void {
  console.table(
    results.map(({ name, rps, p50ms, p99ms, requests, failures }) => ({
      name,
      rps,
      p50ms,
      p99ms,
      requests,
      failures,
    })),
  );
  for (const [ours, bare] of pairs) {
    const a = results.find((r) => r.name === ours);
    const b = results.find((r) => r.name === bare);
    if (a && b)
      console.log(
        `${ours}: ${a.rps} req/s = ${((a.rps / b.rps) * 100).toFixed(1)} % of the bare baseline (${b.rps} req/s)`,
      );
  }
}
