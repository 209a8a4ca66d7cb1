import type { Principal } from '../../src/auth/principal.js';
import type { FixtureSet } from '../../src/fixtures/fixture-set.js';
import type { AppDeps } from '../../src/http/app-env.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response bodies of many shapes
export type Json = any;

/** The runtimes a shared suite runs on: Node with SQLite, and workerd with D1. */
export type TargetName = 'sqlite' | 'd1';

/**
 * The instant the app under test lives at, on every target: Node gives it as the app's clock, the
 * Workers pool pins workerd's clock to it. The scenarios plan routes from "today" (a route starts at
 * the later of its start date and today) and assert the times the app stamps, so both targets must
 * share one day, and one that does not move with the calendar.
 */
export const TEST_NOW = '2026-11-22T09:00:00.000Z';

export interface CallOptions {
  /** Who calls: a bearer token for this principal, signed with the target's test key. */
  as?: Principal;
  /** JSON (sent as `application/json` unless a content-type header says otherwise), or a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** An answer of the app: `body` is the parsed JSON when the content type is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/**
 * The app on one runtime, as a shared suite sees it: it calls the app over HTTP, reads the database
 * behind it, and uses the app's own dependencies (to load fixtures, or sign a sample credential with
 * an instelling's key) on that same database.
 */
export interface TestTarget {
  readonly name: TargetName;
  /** The app's dependencies on the database the app serves from. */
  readonly deps: AppDeps;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** Reads rows, for lookups and assertions. */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** Row counts of every table, to prove a failed request wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  /** A bearer token for the principal that the app accepts. */
  tokenFor(principal: Principal): Promise<string>;
}

/**
 * What an entry file hands a shared suite: the target's name, how to open one, and the fixture set as
 * that runtime reads it.
 * @example credentialsApiSuite({ name: 'd1', open: async () => d1Target(), fixtures: d1Fixtures })
 */
export interface TargetKind {
  name: TargetName;
  open(): Promise<TestTarget>;
  fixtures(): FixtureSet;
}

/** Something that answers a request to a path: Hono's `app.request`, or a Worker's `fetch`. */
export type Send = (path: string, init: RequestInit) => Response | Promise<Response>;

/**
 * The `call` of a target: builds the request a client over HTTP would send and reads the answer.
 * @example const call = httpCaller((path, init) => app.request(path, init), tokenFor);
 */
export function httpCaller(send: Send, tokenFor: TestTarget['tokenFor']): TestTarget['call'] {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await tokenFor(options.as)}`;
    if (options.body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const res = await send(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    const json = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, body: json, text };
  };
}

/** The tables the migrations made, on SQLite and on D1 (whose own `_cf_` tables are not readable). */
export const TABLES_SQL =
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT GLOB '_cf_*'";

/**
 * One query whose one row holds the row count of each table, by table name.
 * @example db.prepare(rowCountsSql(['module', 'role'])).get() // { module: 64, role: 10 }
 */
export const rowCountsSql = (tables: string[]) =>
  `SELECT ${tables.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(', ')}`;

/**
 * Awaits an answer and insists on its status, naming the answer when it is another; gives the body.
 * @example const learner = await expectStatus(t.call('POST', '/learners', { as, body }), 201);
 */
export async function expectStatus(answer: Promise<Answer>, status: number): Promise<Json> {
  const done = await answer;
  if (done.status !== status) throw new Error(`expected ${status}, got ${done.status}: ${done.text}`);
  return done.body;
}
