import type { JSONWebKeySet } from 'jose';
import { createTokenVerifier } from '../auth/token-verifier.js';
import type { Database } from '../db/database.js';
import type { AppDeps } from '../http/app-env.js';
import { jsonLogger } from '../kernel/logger.js';
import { publicUrls } from '../kernel/urls.js';
import type { RuntimeConfig } from './config.js';

/** What each runtime finds its own way: the database it opened and the secrets it resolved. */
export interface RuntimeResources {
  db: Database;
  tokenKeys: JSONWebKeySet | URL;
  keyEncryptionKey: string;
}

/**
 * Builds the app's dependencies from the configuration, the one place both runtimes do it: they differ
 * only in the database they open and where the secrets come from.
 * @example const deps = appDeps(readConfig(process.env), { db, tokenKeys: devKeys.jwks, keyEncryptionKey });
 */
export function appDeps(config: RuntimeConfig, resources: RuntimeResources): AppDeps {
  const { publicUrl, maxBodyBytes } = config;
  const { db, tokenKeys, keyEncryptionKey } = resources;
  return {
    db,
    verifyToken: createTokenVerifier(tokenKeys, { issuer: config.jwtIssuer, audience: config.jwtAudience }),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    urls: publicUrls(publicUrl),
    log: jsonLogger(),
    keyEncryptionKey,
    maxBodyBytes,
  };
}
