import type { D1Database, ExecutionContext } from '@cloudflare/workers-types';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { JSONWebKeySet } from 'jose';
import type { AppEnv } from '../../http/app-env.js';
import { createApp } from '../../app/create-app.js';
import { createTokenVerifier } from '../../auth/token-verifier.js';
import { openD1Database } from '../../db/d1-database.js';
import { jsonLogger } from '../../kernel/logger.js';
import { publicUrls } from '../../kernel/urls.js';

/** Bindings and variables from `wrangler.toml` (and secrets such as JWKS). */
export interface WorkerEnv {
  DB: D1Database;
  PUBLIC_URL?: string;
  /** The JSON of a JWKS whose keys sign bearer tokens; or use JWKS_URL. */
  JWKS?: string;
  JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  MAX_BODY_BYTES?: string;
  /** 32 bytes, base64: encrypts issuer keys at rest. A secret: `wrangler secret put KEY_ENCRYPTION_KEY`. */
  KEY_ENCRYPTION_KEY: string;
}

function appFor(env: WorkerEnv): OpenAPIHono<AppEnv> {
  const keys = env.JWKS_URL
    ? new URL(env.JWKS_URL)
    : env.JWKS
      ? (JSON.parse(env.JWKS) as JSONWebKeySet)
      : undefined;
  if (!keys) throw new Error('Set JWKS (a JSON key set) or JWKS_URL for bearer tokens.');
  const publicUrl = (env.PUBLIC_URL ?? 'http://localhost:8787').replace(/\/$/, '');
  const maxBodyBytes = Number(env.MAX_BODY_BYTES ?? 1_000_000);
  return createApp({
    db: openD1Database(env.DB),
    verifyToken: createTokenVerifier(keys, {
      issuer: env.JWT_ISSUER ?? 'loopbrug',
      audience: env.JWT_AUDIENCE ?? 'loopbrug',
    }),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    urls: publicUrls(publicUrl),
    log: jsonLogger(),
    keyEncryptionKey: env.KEY_ENCRYPTION_KEY,
    maxBodyBytes,
    // TRANSITION: the old shape, while features move to the fields above.
    config: { publicUrl, maxBodyBytes, keyEncryptionKey: env.KEY_ENCRYPTION_KEY },
  });
}

// One app per isolate and environment: building it parses schemas and keys, which requests should not repeat.
const apps = new WeakMap<WorkerEnv, OpenAPIHono<AppEnv>>();

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    let app = apps.get(env);
    if (!app) {
      app = appFor(env);
      apps.set(env, app);
    }
    return app.fetch(request, env, ctx);
  },
};
