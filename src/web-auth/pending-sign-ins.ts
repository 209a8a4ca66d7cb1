import type { Deps } from '../kernel/ports.js';
import type { SignInChecks } from './oidc-client.js';

/** How long a browser has to come back from the provider. */
const PENDING_MINUTES = 10;

/**
 * Remembers a sign-in under way by its state until the browser comes back; ones left unfinished are
 * removed on the way.
 * @example await rememberSignIn(deps, checks, '/pages/routes');
 */
export async function rememberSignIn(
  deps: Pick<Deps, 'db' | 'now'>,
  checks: SignInChecks,
  returnTo: string,
): Promise<void> {
  const now = deps.now();
  await deps.db.atomically([
    deps.db.kysely.deleteFrom('web_sign_in').where('expires_at', '<=', now.toISOString()),
    deps.db.kysely.insertInto('web_sign_in').values({
      state: checks.state,
      code_verifier: checks.codeVerifier,
      nonce: checks.nonce,
      return_to: returnTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString(),
    }),
  ]);
}

/**
 * The sign-in a state belongs to, used once: it is removed as it is read. Undefined for a state that
 * is unknown, used or too old.
 * @example const pending = await takeSignIn(deps, url.searchParams.get('state'));
 */
export async function takeSignIn(
  deps: Pick<Deps, 'db' | 'now'>,
  state: string,
): Promise<{ checks: SignInChecks; returnTo: string } | undefined> {
  const row = await deps.db.kysely
    .deleteFrom('web_sign_in')
    .where('state', '=', state)
    .returningAll()
    .executeTakeFirst();
  if (!row || row.expires_at <= deps.now().toISOString()) return undefined;
  return {
    checks: { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier },
    returnTo: row.return_to,
  };
}
