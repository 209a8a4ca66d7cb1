import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Deps } from '../kernel/ports.js';
import type { WebSettings } from '../web-auth/settings.js';
import type { RateLimiter } from './rate-limiters.js';

/** What the HTTP app gets from its runtime on top of the domain's dependencies. */
export interface AppDeps extends Deps {
  verifyToken: TokenVerifier;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
  /** The body limit of the anonymous verify endpoints (MAX_PUBLIC_BODY_BYTES); `maxBodyBytes` when absent. */
  maxPublicBodyBytes?: number;
  /** MAX_PRESENTED_CREDENTIALS: credentials one `POST /presentations/verify` may carry; 20 when absent. */
  maxPresentedCredentials?: number;
  /** The per-client limit of the CPU-heavy public endpoints; absent: not limited (in-process tests). */
  rateLimiter?: RateLimiter;
  /** One log line per request (both runtimes set it; test apps leave it off, or their output drowns). */
  logRequests?: boolean;
  /** The pages' sign-in provider and session length; without it nobody signs in to the pages. */
  web?: WebSettings;
  /**
   * Files the runtime serves from a package it bundles (`swagger-ui-dist` for /docs), by file name;
   * undefined when the runtime has none, and then /docs explains that its viewer is not installed.
   */
  docsAsset?: (name: string) => Promise<ArrayBuffer | undefined>;
  /**
   * JOB_SECONDS on Workers: how long one invocation works on a background job before it stops between
   * two batches (see jobBudget); absent on Node, where a job runs in the process until it is done.
   */
  jobSeconds?: number;
}

/** Credentials one presentation to `POST /presentations/verify` may carry when nothing is configured. */
export const DEFAULT_MAX_PRESENTED_CREDENTIALS = 20;

/** The Hono environment of every router: the dependencies, and who is calling (once authenticated). */
export interface AppEnv {
  Variables: { deps: AppDeps; principal: Principal; requestId: string };
}
