import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts a benchmark's server child (a TypeScript file run through tsx, its stderr shown) and waits for
 * the one JSON line it prints once it listens: its ports, tokens and whatever else the parent needs.
 * @example const { child, ready } = await startChildServer<{ port: number }>(join(dir, 'app-server.ts'), [dbPath]);
 */
export async function startChildServer<Ready>(
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)));
    createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).once('line', resolve);
  });
  return { child, ready: JSON.parse(line) as Ready };
}
