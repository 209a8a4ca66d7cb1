import { Claims, type Principal } from '../auth/principal.js';
import type { Deps } from '../kernel/ports.js';
import type { SignedInPerson } from './claim-mapping.js';
import { randomToken, tokenHash } from './tokens.js';

/** A signed-in browser, as the pages see it. */
export interface WebSession {
  principal: Principal;
  name: string | undefined;
  /** The token every form of this session must carry. */
  csrfToken: string;
  expiresAt: string;
}

/**
 * Starts a session for who signed in: a random token for the cookie (only its hash is stored), a CSRF
 * token for its forms, ending after `minutes`. Sessions that have ended are removed on the way.
 * @example const { token } = await startSession(deps, person, 480); // set as the session cookie
 */
export async function startSession(
  deps: Pick<Deps, 'db' | 'now'>,
  person: SignedInPerson,
  minutes: number,
): Promise<{ token: string; session: WebSession }> {
  const token = randomToken();
  const now = deps.now();
  const session: WebSession = {
    principal: person.principal,
    name: person.name,
    csrfToken: randomToken(),
    expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
  };
  await deps.db.atomically([
    deps.db.kysely.deleteFrom('web_session').where('expires_at', '<=', now.toISOString()),
    deps.db.kysely.insertInto('web_session').values({
      token_hash: await tokenHash(token),
      principal: JSON.stringify(session.principal),
      name: session.name ?? null,
      csrf_token: session.csrfToken,
      created_at: now.toISOString(),
      expires_at: session.expiresAt,
    }),
  ]);
  return { token, session };
}

/**
 * The session a cookie's token opens: `expired` once it has ended (the browser is sent to sign in
 * again), undefined for a token that opens none (signed out, or never ours).
 * @example const session = await findSession(deps, getCookie(c, name));
 */
export async function findSession(
  deps: Pick<Deps, 'db' | 'now'>,
  token: string,
): Promise<WebSession | 'expired' | undefined> {
  const row = await deps.db.kysely
    .selectFrom('web_session')
    .selectAll()
    .where('token_hash', '=', await tokenHash(token))
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= deps.now().toISOString()) return 'expired';
  // Stored by startSession from validated claims; read through the same schema all the same.
  const principal = Claims.safeParse(JSON.parse(row.principal));
  if (!principal.success) return undefined;
  return {
    principal: principal.data,
    name: row.name ?? undefined,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/**
 * Ends the session of a cookie's token: it opens nothing from now on.
 * @example await endSession(deps, token);
 */
export async function endSession(deps: Pick<Deps, 'db'>, token: string): Promise<void> {
  await deps.db.kysely
    .deleteFrom('web_session')
    .where('token_hash', '=', await tokenHash(token))
    .execute();
}
