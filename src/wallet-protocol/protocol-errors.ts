import { Oauth2ServerErrorResponseError } from '@openid4vc/oauth2';
import type { Context } from 'hono';

/**
 * A refusal in the protocol's own words (an OAuth 2.0 error response, RFC 6749 §5.2, with the codes
 * OpenID4VCI and OpenID4VP add): the error code, a description, and the HTTP status. The protocol
 * libraries throw the same class, so their refusals and ours answer alike.
 * @example throw protocolError('invalid_grant', 'the pre-authorized code has expired')
 */
export function protocolError(
  error: string,
  description: string,
  options: { status?: number; headers?: Record<string, string> } = {},
): Oauth2ServerErrorResponseError {
  const refusal = new Oauth2ServerErrorResponseError(
    { error, error_description: description },
    { status: options.status ?? 400 },
  );
  return Object.assign(refusal, { headers: options.headers ?? {} });
}

/**
 * The answer to a protocol request that was refused: the error response as JSON, never cached; any
 * other failure is rethrown (a fault of ours: a 500 with a log line, as everywhere).
 * @example try { … } catch (error) { return protocolErrorResponse(c, error); }
 */
export function protocolErrorResponse(c: Context, error: unknown): Response {
  if (!(error instanceof Oauth2ServerErrorResponseError)) throw error;
  const headers = (error as { headers?: Record<string, string> }).headers ?? {};
  return c.json(error.errorResponse, error.status as 400, { 'Cache-Control': 'no-store', ...headers });
}
