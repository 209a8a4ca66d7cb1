import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Deps } from '../kernel/ports.js';

/** What the HTTP app gets from its runtime on top of the domain's dependencies. */
export interface AppDeps extends Deps {
  verifyToken: TokenVerifier;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
}

/** The Hono environment of every router: the dependencies, and who is calling (once authenticated). */
export interface AppEnv {
  Variables: { deps: AppDeps; principal: Principal };
}
