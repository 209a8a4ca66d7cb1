import type { MiddlewareHandler } from 'hono';
import { ConstraintError } from '../db/database.js';
import type { AppEnv } from './app-env.js';
import { ProblemError, problems } from './problem.js';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How long a key is remembered: a retry a day later is a new request. */
export const IDEMPOTENCY_KEEP_MS = 24 * 60 * 60_000;
/** How long a key may stay reserved without an answer before it counts as a request that died. */
export const IDEMPOTENCY_PENDING_MS = 2 * 60_000;

/**
 * Makes a POST with an `Idempotency-Key` happen at most once per caller (the key is the caller's own,
 * by role, tenant and subject): the first request reserves the key, a retry with the same body gets
 * the stored answer, a reuse with another body is refused. Failed requests release the key, so the
 * caller can retry after fixing the request; a key stays for 24 hours, and one whose request died
 * without an answer (a crash) is released after two minutes. An anonymous caller's key is ignored:
 * the public POSTs only verify, so a repeat changes nothing, and anonymous requests write nothing.
 * @example app.use('*', idempotency())
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    const who = c.get('principal');
    if (c.req.method !== 'POST' || key === undefined || who === undefined) return next();
    if (key.length < 1 || key.length > 255)
      throw new ProblemError(400, 'Bad Idempotency-Key', 'An Idempotency-Key has 1 to 255 characters.');

    const { db, now } = c.get('deps');
    const principal = `${who.role}:${who.institution ?? who.employer ?? ''}:${who.sub}`;
    const hash = await sha256(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
    const at = now().getTime();
    // Forget what expired (every caller's: the index on created_at keeps this cheap), and this caller's
    // key if its request died without an answer.
    await db.atomically([
      db.kysely
        .deleteFrom('idempotency_key')
        .where('created_at', '<', new Date(at - IDEMPOTENCY_KEEP_MS).toISOString()),
      db.kysely
        .deleteFrom('idempotency_key')
        .where('principal', '=', principal)
        .where('key', '=', key)
        .where('status', 'is', null)
        .where('created_at', '<', new Date(at - IDEMPOTENCY_PENDING_MS).toISOString()),
    ]);
    const where = db.kysely
      .selectFrom('idempotency_key')
      .where('principal', '=', principal)
      .where('key', '=', key);

    const earlier = await where.selectAll().executeTakeFirst();
    if (earlier) {
      if (earlier.request_hash !== hash)
        throw new ProblemError(422, 'Idempotency-Key reused', 'This key was used for a different request.');
      if (earlier.status === null || earlier.response === null)
        throw problems.conflict('A request with this Idempotency-Key is still being handled.');
      return c.body(earlier.response, earlier.status as 200, {
        'content-type': 'application/json',
        'idempotent-replayed': 'true',
      });
    }

    try {
      await db.atomically([
        db.kysely.insertInto('idempotency_key').values({
          principal,
          key,
          request_hash: hash,
          status: null,
          response: null,
          created_at: now().toISOString(),
        }),
      ]);
    } catch (error) {
      if (error instanceof ConstraintError)
        throw problems.conflict('A request with this Idempotency-Key is still being handled.');
      throw error;
    }

    const release = db.kysely
      .deleteFrom('idempotency_key')
      .where('principal', '=', principal)
      .where('key', '=', key);
    // Hono turns a thrown error into the response before we get here, so one status check covers both.
    await next();
    if (c.res.status >= 200 && c.res.status < 300) {
      const response = await c.res.clone().text();
      await db.atomically([
        db.kysely
          .updateTable('idempotency_key')
          .set({ status: c.res.status, response })
          .where('principal', '=', principal)
          .where('key', '=', key),
      ]);
    } else {
      await db.atomically([release]);
    }
  };
}
