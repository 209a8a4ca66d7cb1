import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Problem } from '../../schemas/problem.js';
import { ConstraintError } from '../db/database.js';

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

function toProblemError(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof ConstraintError) {
    return error.kind === 'unique'
      ? problems.conflict(`That already exists (${error.message || 'a unique field'} is taken).`)
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
 * Renders any error as `application/problem+json`; unexpected ones become a 500 without internals.
 * @example app.onError(renderProblem)
 */
export function renderProblem(error: unknown, c: Context): Response {
  const known = toProblemError(error);
  if (!known) console.error(error);
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
