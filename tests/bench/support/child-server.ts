import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/**
 * Starts a benchmark's server child (a TypeScript file run through tsx, its stderr shown) and waits for
 * the one JSON line it prints once it listens: its ports, tokens and whatever else the parent needs.
 * With BENCH_CHILD_PROFILE set to a directory, the child writes a CPU profile there when it stops.
 * @example const { child, ready } = await startChildServer<{ ours: number; bare: number }>(join(dir, 'catalog-servers.ts'), [dbPath]);
 */
export async function startChildServer<Ready>(
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CHILD_PROFILE]
        : []),
      '--import',
      'tsx',
      script,
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)));
    createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).once('line', resolve);
  });
  return { child, ready: JSON.parse(line) as Ready };
}

/**
 * Runs one of these support scripts in a process of its own with one JSON argument, and gives what it
 * prints last as JSON: a measurement taken away from the benchmark process's heap.
 * @example const alone = await childJson<{ rps: number }>('planner-alone.ts', order)
 */
export async function childJson<Result>(script: string, argument: unknown): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, script), JSON.stringify(argument)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as Result;
}
