import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** `npm start` in a child process, once it is ready: its process, its output so far, and its base URL. */
export interface StartedServer {
  server: ChildProcess;
  output(): string;
  base: string;
  port: string;
}

/**
 * Starts the Node entry (`src/runtime/node/main.ts`) with `env` and waits until it listens and its
 * output holds `readyWhen` (the fixtures loaded, the sweep done…); rejects after 90 s with the output.
 * Generous: tsx compiles on start and the fixtures load, on a shared 2-core machine.
 * @example const { base, output } = await startNodeEntry({ ...process.env, DATA_DIR, PORT: '0' }, 'other tokens');
 */
export function startNodeEntry(env: NodeJS.ProcessEnv, readyWhen: string): Promise<StartedServer> {
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/runtime/node/main.ts')], {
    env,
    cwd: root,
  });
  let output = '';
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${output}`)), 90_000);
    server.stdout?.on('data', (chunk) => {
      output += chunk;
      const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (port && output.includes(readyWhen)) {
        clearTimeout(timer);
        resolve({ server, output: () => output, base: `http://127.0.0.1:${port}`, port });
      }
    });
  });
}
