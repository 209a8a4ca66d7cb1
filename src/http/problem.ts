import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Problem } from '../../schemas/problem.js';
import { Unauthenticated } from '../auth/principal.js';
import { ConstraintError } from '../db/database.js';
import { DomainError, type DomainErrorKind, type FieldError } from '../kernel/errors.js';
import type { AppEnv } from './app-env.js';

/** A failure that is the client's to fix; rendered as RFC 9457 problem details. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? title);
  }
}

const slug = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Shorthands for the problems every feature raises.
 * @example throw problems.notFound('module', id)
 */
export const problems = {
  notFound: (what: string, id: string) => new ProblemError(404, 'Not found', `There is no ${what} '${id}'.`),
  forbidden: (detail: string) => new ProblemError(403, 'Forbidden', detail),
  conflict: (detail: string) => new ProblemError(409, 'Conflict', detail),
  invalid: (path: string, message: string) => problems.invalidFields([{ path, message }]),
  invalidFields: (errors: { path: string; message: string }[]) =>
    new ProblemError(
      422,
      'The request is not valid',
      errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    ),
};

/**
 * Writes a zod issue path the way a client reads it: `studyLoad.hours`, `requirements[2].competency`.
 * @example formatPath(['body', 'requirements', 2, 'competency']) // 'body.requirements[2].competency'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The problem for a request that failed schema validation in `target` (json, query, param). */
export function validationProblem(error: ZodError, target: string): ProblemError {
  const location = target === 'json' ? 'body' : target;
  const errors = error.issues.map((issue) => ({
    path: formatPath([location, ...issue.path]),
    message: issue.message,
  }));
  const first = errors[0];
  return new ProblemError(
    target === 'json' ? 422 : 400,
    'The request is not valid',
    first ? `${first.path}: ${first.message}` : 'The request does not match its schema.',
    errors,
  );
}

const STATUS: Record<DomainErrorKind, ContentfulStatusCode> = {
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  refused: 422,
};

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Where a domain field came from in this request: a path parameter (`path.recognitionId`), a query
 * parameter (`query.level`) or the body (`body.roleId`). Fields that name none of them stay as they are.
 */
async function locate(
  fields: readonly FieldError[],
  c: Context,
): Promise<{ path: string; message: string }[]> {
  if (fields.length === 0) return [];
  const params = c.req.param() as Record<string, string>;
  const query = c.req.query();
  const hasBody = WITH_BODY.has(c.req.method);
  const body: unknown = hasBody ? await c.req.json().catch(() => undefined) : undefined;
  const inBody = (key: string) => body !== null && typeof body === 'object' && key in body;
  return fields.map(({ field, message }) => {
    const top = field.split(/[.[]/)[0] ?? field;
    const where =
      top in params && !inBody(top)
        ? 'path'
        : top in query && !inBody(top)
          ? 'query'
          : hasBody
            ? 'body'
            : undefined;
    return { path: where === undefined ? field : `${where}.${field}`, message };
  });
}

/** A domain refusal as the HTTP answer: its status, and its fields named where the request sent them. */
async function fromDomainError(error: DomainError, c: Context): Promise<ProblemError> {
  const errors = await locate(error.fields, c);
  const detail =
    error.kind === 'invalid' && errors.length > 0
      ? errors.map((e) => `${e.path}: ${e.message}`).join('; ')
      : error.detail;
  // A bad query is a 400, as a query that fails its schema is; a bad body a 422.
  const inQuery = errors.length > 0 && errors.every((e) => e.path.startsWith('query.'));
  const status = error.kind === 'invalid' && inQuery ? 400 : STATUS[error.kind];
  return new ProblemError(status, error.title, detail, errors.length > 0 ? errors : undefined);
}

function toProblemError(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof Unauthenticated) return new ProblemError(401, 'Unauthenticated', error.message);
  // What the domain did not name itself: the constraint's tables and columns are ours, never the client's.
  if (error instanceof ConstraintError) {
    return error.kind === 'unique'
      ? problems.conflict('That already exists.')
      : new ProblemError(422, 'The request is not valid', `It refers to something that does not exist.`);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 413) return new ProblemError(413, 'Request body too large', error.message);
    if (status === 415)
      return new ProblemError(415, 'Unsupported media type', 'Send the body as application/json.');
    return new ProblemError(status, error.message || 'Bad request');
  }
  return undefined;
}

/**
 * The problem an error is answered with, for renderers other than JSON (the pages): domain refusals and
 * client errors as they are, undefined for anything unexpected (a 500).
 * @example const problem = await problemOf(error, c); // problem?.status === 403
 */
export async function problemOf(error: unknown, c: Context): Promise<ProblemError | undefined> {
  return error instanceof DomainError ? fromDomainError(error, c) : toProblemError(error);
}

/**
 * Renders any error as `application/problem+json`: domain refusals and client errors with their status,
 * anything unexpected (a database that is down, a bug) as a 500 without internals and a log line.
 * @example app.onError(renderProblem)
 */
export async function renderProblem(error: unknown, c: Context<AppEnv>): Promise<Response> {
  const known = await problemOf(error, c);
  if (!known) c.get('deps').log.error('request failed', { method: c.req.method, path: c.req.path, error });
  const p = known ?? new ProblemError(500, 'Internal error', 'Something went wrong on our side.');
  const body: Problem = {
    type: `/problems/${slug(p.title)}`,
    title: p.title,
    status: p.status,
    ...(p.detail === undefined ? {} : { detail: p.detail }),
    instance: c.req.path,
    ...(p.errors === undefined ? {} : { errors: p.errors }),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (p.status === 401) headers['www-authenticate'] = 'Bearer';
  return c.body(JSON.stringify(body), p.status, headers);
}
