import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Database } from '../db/database.js';

/** Everything the app gets from its runtime; the app itself holds no globals. */
export interface AppDeps {
  db: Database;
  verifyToken: TokenVerifier;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  newId: () => string;
  config: {
    publicUrl: string;
    maxBodyBytes: number;
    /** 32 bytes, base64: encrypts issuer private keys at rest (AES-256-GCM). */
    keyEncryptionKey: string;
  };
}

export interface AppEnv {
  Variables: { deps: AppDeps; principal: Principal };
}
