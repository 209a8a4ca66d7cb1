import type { RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { anyoneSignedIn, type Rule } from '../access/rule.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { ProblemError, problems } from './problem.js';

/** An access declaration on an operation: who may call it (for the docs) and the check itself. */
export interface Guard {
  readonly who: string;
  readonly middleware: MiddlewareHandler<AppEnv>;
}

/** Loads the facts a rule decides on from a request (a 404 when the resource does not exist). */
export type Loader<R> = (c: Context<AppEnv>) => Promise<R>;

/**
 * Declares who may call an operation: `load` reads the facts about the resource, `rule` decides on
 * them. It runs before the body is validated, so a caller who may not call an operation learns nothing
 * from its answers but 403 (or 404 for a resource that does not exist).
 * @example createRoute(secured(guard(param('id', loadRouteFacts), routeRules.approve), { method: 'post', … }))
 */
export function guard<R>(load: Loader<R>, rule: Rule<R>): Guard {
  return {
    who: rule.who,
    middleware: async (c, next) => {
      const resource = await load(c);
      if (!rule.allows(c.get('principal'), resource))
        throw new ProblemError(403, 'Forbidden', rule.denied(resource));
      await next();
    },
  };
}

/**
 * A loader that reads a path parameter and loads by it.
 * @example guard(param('id', loadRouteFacts), routeRules.read)
 */
export const param =
  <R>(name: string, load: (deps: AppDeps, value: string) => Promise<R>): Loader<R> =>
  (c) =>
    load(c.get('deps'), c.req.param(name) ?? '');

/**
 * A loader over the raw JSON body, before it is validated: for decisions that depend on what a write
 * names (the institution a module is for). A body that is not JSON gives `{}`; validation answers it.
 * @example guard(body((b) => ({ institutionId: text(b.institutionId) })), catalogRules.institution)
 */
export const body =
  <R>(pick: (body: Record<string, unknown>, deps: AppDeps) => R | Promise<R>): Loader<R> =>
  async (c) => {
    const parsed: unknown = await c.req.json().catch(() => undefined);
    const record =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    return pick(record, c.get('deps'));
  };

/** A string field of a raw body, or undefined. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A loader that reads a field of the raw body and loads by it, as `param` does a path parameter. A body
 * that does not name it is refused at that field (422), instead of looking up '' and answering 404.
 * @example guard(bodyField('credentialId', loadCredentialFacts), credentialRules.changeStatus)
 */
export const bodyField = <R>(name: string, load: (deps: AppDeps, value: string) => Promise<R>): Loader<R> =>
  body((b, deps) => {
    const value = text(b[name]);
    if (!value)
      throw problems.invalid(
        `body.${name}`,
        `expected a non-empty string, got ${JSON.stringify(b[name]) ?? 'nothing'}`,
      );
    return load(deps, value);
  });

/** No facts: the rule decides on the principal alone. */
export const nothing: Loader<undefined> = async () => undefined;

/** Public operations: no token needed. */
export const PUBLIC = 'anyone, without a token (public)';

/**
 * The route config with its guard as middleware and "who may call it" in its description, taken from
 * the same declaration.
 * @example const approve = createRoute(secured(mayApprove, { method: 'post', path: '/routes/{id}/approvals', … }))
 */
export function secured<R extends RouteConfig>(access: Guard, route: R): R {
  const existing = Array.isArray(route.middleware)
    ? route.middleware
    : route.middleware
      ? [route.middleware]
      : [];
  return {
    ...route,
    description: withWho(route.description, access.who),
    middleware: [...existing, access.middleware],
  };
}

/**
 * A public route config: its description says so.
 * @example createRoute(publicRoute({ method: 'get', path: '/status-lists/{id}', … }))
 */
export function publicRoute<R extends RouteConfig>(route: R): R {
  return { ...route, security: [], description: withWho(route.description, PUBLIC) };
}

const withWho = (description: string | undefined, who: string) =>
  `${description ? `${description}\n\n` : ''}**Who may call:** ${who}.`;

/** Any caller with a valid token. */
export const signedIn: Guard = guard(nothing, anyoneSignedIn);
