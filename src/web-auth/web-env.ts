import type { AppEnv } from '../http/app-env.js';
import type { WebSession } from './sessions.js';

/**
 * The Hono environment of the pages: the app's, with the browser's session. When a session is open,
 * `principal` is its principal, so the API's guards and loaders decide for pages as they do for calls.
 */
export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    session: WebSession | undefined;
    /** The cookie named a session that has ended: the browser is sent to sign in again. */
    sessionExpired: boolean;
  };
}
