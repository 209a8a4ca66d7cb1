import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/**
 * Runs `work` past the response: on Workers the request's `waitUntil` keeps the isolate for it; on Node
 * the process simply goes on. It must not throw (a job records its own failures); should it, the error
 * is logged. Work a Worker's limits cut short is picked up again by the cron trigger.
 * @example afterResponse(c, 'reissue job', () => runReissueJob(deps, id))
 */
export function afterResponse(c: Context<AppEnv>, what: string, work: () => Promise<unknown>): void {
  const running = work().catch((error: unknown) => c.get('deps').log.error(`${what} failed`, { error }));
  let context: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    context = c.executionCtx;
  } catch {
    // Node: Hono's context has no ExecutionContext, and nothing needs keeping alive.
  }
  context?.waitUntil(running);
}
