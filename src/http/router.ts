import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { Problem } from '../../schemas/problem.js';
import type { AppEnv } from './app-env.js';
import { validationProblem } from './problem.js';

/**
 * A feature's router: schema failures become 422/400 problems with field paths.
 * @example const router = newRouter(); router.openapi(getModule, handler);
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationProblem(result.error, result.target);
    },
  });
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** The failures every authenticated operation can answer with, for the OpenAPI document. */
export const commonProblems = {
  400: problem('Malformed request'),
  401: problem('No valid bearer token'),
  403: problem('Not allowed for this principal'),
  422: problem('The body does not match its schema or refers to something that does not exist'),
} as const;

/** The failures of writes, on top of the common ones. */
export const writeProblems = {
  ...commonProblems,
  409: problem('Conflicts with what exists'),
  413: problem('Body too large'),
  415: problem('Body is not application/json'),
} as const;

export const notFoundProblem = { 404: problem('No such resource') } as const;

/** A JSON request body that must be present. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** A JSON response. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
