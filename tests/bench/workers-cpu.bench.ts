// CPU time per issue and per verify on workerd (issue 14): runs tests/workers/cpu-time.measure.ts
// in the Workers test pool and prints what it measured.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { machine } from './support/report.js';

console.log(`workerd CPU time — ${machine()}`);
const { status, stdout } = spawnSync(
  process.execPath,
  [
    join(import.meta.dirname, '..', '..', 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--config',
    join(import.meta.dirname, '..', 'workers', 'cpu-time.config.ts'),
    '--silent=false',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
// The worker logs a JSON line per request; what was measured is the rest.
console.log(
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('{"at"') && line.trim() !== '')
    .join('\n'),
);
process.exit(status ?? 1);
