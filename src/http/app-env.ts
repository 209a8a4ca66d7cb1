import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Deps } from '../kernel/ports.js';
import type { WebSettings } from '../web-auth/settings.js';

/** What the HTTP app gets from its runtime on top of the domain's dependencies. */
export interface AppDeps extends Deps {
  verifyToken: TokenVerifier;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
  /** The pages' sign-in provider and session length; without it nobody signs in to the pages. */
  web?: WebSettings;
  /**
   * Files the runtime serves from a package it bundles (`swagger-ui-dist` for /docs), by file name;
   * undefined when the runtime has none, and then /docs explains that its viewer is not installed.
   */
  docsAsset?: (name: string) => Promise<ArrayBuffer | undefined>;
}

/** The Hono environment of every router: the dependencies, and who is calling (once authenticated). */
export interface AppEnv {
  Variables: { deps: AppDeps; principal: Principal };
}
