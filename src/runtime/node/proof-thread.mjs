// The entry of a proof thread (see proof-pool.ts). Under tsx (npm start, the tests, the benchmarks) the
// thread is plain Node, so it registers tsx before loading the TypeScript entry; a compiled build loads
// its .js entry as it is.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
