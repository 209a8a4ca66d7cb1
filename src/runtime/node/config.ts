import { join, resolve } from 'node:path';

export interface NodeConfig {
  port: number;
  publicUrl: string;
  dataDir: string;
  databasePath: string;
  /** A remote JWKS for bearer tokens; without it the dev key set under DATA_DIR is used. */
  jwksUrl: URL | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  maxBodyBytes: number;
}

/**
 * Reads configuration from the environment, with defaults that work on a fresh clone.
 * @example readConfig({ PORT: '9000' }).publicUrl // 'http://localhost:9000'
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databasePath: env.DATABASE_PATH ?? join(dataDir, 'loopbrug.db'),
    jwksUrl: env.JWKS_URL ? new URL(env.JWKS_URL) : undefined,
    jwtIssuer: env.JWT_ISSUER ?? 'loopbrug',
    jwtAudience: env.JWT_AUDIENCE ?? 'loopbrug',
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 1_000_000),
  };
}
