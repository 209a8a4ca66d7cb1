import type { D1Database } from '@cloudflare/workers-types';
import { openD1Database } from '../../db/d1-database.js';
import type { AppDeps } from '../../http/app-env.js';
import { memoryRateLimiter, type RateLimitBinding, workerRateLimiter } from '../../http/rate-limiters.js';
import { appDeps } from '../app-deps.js';
import { productionProblems, readConfig } from '../config.js';

/**
 * Bindings and variables from `wrangler.toml`, and the secrets: `wrangler secret put` when deployed,
 * `.dev.vars` (written by `npm run dev:workers`) locally. What each one means: src/runtime/config.ts.
 */
export interface WorkerEnv {
  DB: D1Database;
  /**
   * The rate-limiting binding (`[[ratelimits]]` in wrangler.toml): counts the CPU-heavy public endpoints
   * per client address across isolates. Without it, each isolate counts in memory (RATE_LIMIT_PER_MINUTE).
   */
  RATE_LIMITER?: RateLimitBinding;
  /** `production` refuses to run without JWKS or JWKS_URL and KEY_ENCRYPTION_KEY (src/runtime/config.ts). */
  LOOPBRUG_MODE?: string;
  TOKEN_MAX_HOURS?: string;
  TOKEN_CLOCK_SKEW_SECONDS?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  MAX_PUBLIC_BODY_BYTES?: string;
  MAX_PRESENTED_CREDENTIALS?: string;
  PUBLIC_URL?: string;
  /** A secret: the JSON of a JWKS whose keys sign bearer tokens; or set JWKS_URL. */
  JWKS?: string;
  JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  MAX_BODY_BYTES?: string;
  /** A secret: 32 bytes, base64, that encrypt issuer keys at rest. */
  KEY_ENCRYPTION_KEY?: string;
  /** `true` in development only: outbound fetches may reach loopback and private addresses. */
  ALLOW_PRIVATE_NETWORK?: string;
  /**
   * The OpenID Connect provider the pages sign in with (a Worker runs no development provider): its
   * issuer URL and the client registered there; OIDC_CLIENT_SECRET is a secret. The claim names and
   * value maps are optional (src/runtime/config.ts).
   */
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_SCOPES?: string;
  OIDC_ROLE_CLAIM?: string;
  OIDC_INSTITUTION_CLAIM?: string;
  OIDC_EMPLOYER_CLAIM?: string;
  OIDC_NAME_CLAIM?: string;
  OIDC_ROLE_VALUES?: string;
  OIDC_TENANT_VALUES?: string;
  SESSION_MINUTES?: string;
  /** How long one cron run or one request's waitUntil works on background jobs (default 20 s). */
  JOB_SECONDS?: string;
}

/**
 * The app's dependencies on a Worker's bindings: its D1 database, and the configuration read from its
 * vars and secrets by the same parser as on Node. A Worker has no disk for development keys, so the
 * token keys and the key-encryption key must be set. Outbound requests go through the platform's
 * fetch, behind the same guard as on Node: a Worker cannot resolve a host name itself, so the guard
 * checks address literals and the platform keeps it from reaching internal networks.
 * @example const deps = workerDeps(env); await issueOwedModuleCredentials(deps);
 */
export function workerDeps(env: WorkerEnv): AppDeps {
  const { DB, RATE_LIMITER, ...vars } = env;
  const config = readConfig(vars);
  const refusals = productionProblems(config);
  if (refusals.length > 0) throw new Error(`Production mode: ${refusals.join('; ')}`);
  const { tokenKeys, keyEncryptionKey } = config;
  if (!tokenKeys) throw new Error('Set JWKS (a JSON key set) or JWKS_URL for bearer tokens.');
  if (!keyEncryptionKey)
    throw new Error('Set KEY_ENCRYPTION_KEY (32 bytes, base64): `wrangler secret put KEY_ENCRYPTION_KEY`.');
  const deps = appDeps(config, {
    db: openD1Database(DB),
    tokenKeys,
    keyEncryptionKey,
    transport: (url, init) => fetch(url, init),
    ...(RATE_LIMITER
      ? { rateLimiter: workerRateLimiter(RATE_LIMITER) }
      : config.rateLimitPerMinute > 0
        ? {
            rateLimiter: memoryRateLimiter(config.rateLimitPerMinute, (c) =>
              c.req.header('cf-connecting-ip'),
            ),
          }
        : {}),
  });
  return { ...deps, jobSeconds: config.jobSeconds };
}
