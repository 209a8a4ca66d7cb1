import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../app/create-app.js';
import type { AppDeps, AppEnv } from '../../http/app-env.js';
import { jobBudget, runPendingJobs } from '../../issuance/index.js';
import { jsonLogger } from '../../kernel/logger.js';
import { type WorkerEnv, workerDeps } from './worker-deps.js';

interface Built {
  deps: AppDeps;
  app?: OpenAPIHono<AppEnv>;
}

// Once per isolate and environment: building parses schemas and keys, which each request should not repeat.
const built = new WeakMap<WorkerEnv, Built>();

function builtFor(env: WorkerEnv): Built {
  let entry = built.get(env);
  if (!entry) {
    try {
      entry = { deps: workerDeps(env) };
    } catch (error) {
      jsonLogger().error('the worker cannot start: its configuration is not usable', { error });
      throw error;
    }
    built.set(env, entry);
  }
  return entry;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    const entry = builtFor(env);
    entry.app ??= createApp(entry.deps);
    return entry.app.fetch(request, env, ctx);
  },

  /**
   * The cron trigger of wrangler.toml: issues the module credentials that completed modules are owed
   * but do not have (issuing after a sign-off is best effort), suspends or reinstates the credentials a
   * correction changed where the step after it failed, and resumes reissue jobs a request's
   * waitUntil did not see to the end. Node runs the same sweep on start-up; a Worker has no start-up, so
   * it runs on a schedule. Safe to overlap: each credential is issued (and reissued) once.
   */
  async scheduled(controller: ScheduledController, env: WorkerEnv, _ctx: ExecutionContext): Promise<void> {
    const { deps } = builtFor(env);
    try {
      const { issued, corrected, reissued } = await runPendingJobs(deps, jobBudget(deps.jobSeconds));
      deps.log.info('owed credentials swept', { cron: controller.cron, issued, corrected, reissued });
    } catch (error) {
      deps.log.error('the owed-credential sweep failed; the next scheduled run tries again', {
        cron: controller.cron,
        error,
      });
      throw error;
    }
  },
};
