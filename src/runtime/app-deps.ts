import type { JSONWebKeySet } from 'jose';
import { createTokenVerifier } from '../auth/token-verifier.js';
import type { ProofWork } from '../credentials/index.js';
import type { Database } from '../db/database.js';
import type { AppDeps } from '../http/app-env.js';
import type { RateLimiter } from '../http/rate-limiters.js';
import { publications } from '../issuance/index.js';
import { jsonLogger } from '../kernel/logger.js';
import type { Metrics } from '../kernel/metrics.js';
import { publicUrls } from '../kernel/urls.js';
import { guardedFetcher, type Transport } from '../outbound/index.js';
import type { OidcSettings } from '../web-auth/index.js';
import type { RuntimeConfig } from './config.js';

/**
 * What each runtime finds its own way: the database it opened, the secrets it resolved, and how it
 * sends an outbound request (Node: undici checking resolved addresses; Workers: the platform's fetch).
 */
export interface RuntimeResources {
  db: Database;
  tokenKeys: JSONWebKeySet | URL;
  keyEncryptionKey: string;
  transport: Transport;
  /** Node without OIDC_ISSUER: the development provider the pages sign in with instead. */
  devSignIn?: OidcSettings;
  /** Node: the files of swagger-ui-dist for /docs. */
  docsAsset?: AppDeps['docsAsset'];
  /** The per-client limit of the CPU-heavy public endpoints (Node: in memory; Workers: the binding). */
  rateLimiter?: RateLimiter;
  /** Node: the counters behind /metrics. */
  metrics?: Metrics;
  /** Node: the pool of threads that sign and verify (PROOF_THREADS); absent: on the calling thread. */
  proofWork?: ProofWork;
}

/**
 * Builds the app's dependencies from the configuration, the one place both runtimes do it: they differ
 * only in the database they open, where the secrets come from and their outbound transport, which the
 * same guard wraps (development mode from ALLOW_PRIVATE_NETWORK).
 * @example const deps = appDeps(readConfig(process.env), { db, tokenKeys: devKeys.jwks, keyEncryptionKey, transport });
 */
export function appDeps(config: RuntimeConfig, resources: RuntimeResources): AppDeps {
  const { publicUrl, maxBodyBytes, maxPublicBodyBytes } = config;
  const { db, tokenKeys, keyEncryptionKey, transport, rateLimiter, metrics } = resources;
  return {
    db,
    verifyToken: createTokenVerifier(tokenKeys, {
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ...config.tokens,
    }),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    urls: publicUrls(publicUrl),
    log: jsonLogger(),
    keyEncryptionKey,
    published: publications,
    fetchJson: guardedFetcher({ transport, allowPrivateNetwork: config.allowPrivateNetwork }),
    wallet: config.wallet,
    maxBodyBytes,
    maxPublicBodyBytes,
    maxPresentedCredentials: config.maxPresentedCredentials,
    logRequests: true,
    ...(rateLimiter ? { rateLimiter } : {}),
    ...(metrics ? { metrics } : {}),
    ...(resources.proofWork ? { proofWork: resources.proofWork } : {}),
    web: { signIn: config.signIn ?? resources.devSignIn, sessionMinutes: config.sessionMinutes },
    ...(resources.docsAsset ? { docsAsset: resources.docsAsset } : {}),
  };
}
