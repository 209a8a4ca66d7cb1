import { env, SELF } from 'cloudflare:test';
import { importJWK, type JWK, SignJWT } from 'jose';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response bodies of many shapes
export type Json = any;

/** A bearer token for the given claims, signed with this run's test key; `sub` defaults to `<role>-test`. */
export async function token(claims: Record<string, string>): Promise<string> {
  const { sub, ...rest } = claims;
  const jwk = JSON.parse(env.TEST_PRIVATE_JWK) as JWK;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid as string })
    .setSubject(sub ?? `${claims.role}-test`)
    .setIssuer('loopbrug')
    .setAudience('loopbrug')
    .setExpirationTime('10m')
    .sign(await importJWK(jwk, 'EdDSA'));
}

/** Something that answers requests: the worker under test (SELF), or the same worker on other bindings. */
export type Target = { fetch(request: Request): Promise<Response> };

/** Calls the worker the way a client over HTTP would. */
export async function call(
  method: string,
  path: string,
  as: Record<string, string> | undefined,
  body?: unknown,
  target: Target = SELF,
) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${await token(as)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await target.fetch(
    new Request(`http://loopbrug.test${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (text ? JSON.parse(text) : undefined) as Json,
  };
}

/** Calls the worker and expects `status`, naming the call and the answer when it is another; gives the body. */
export async function expectCall(
  status: number,
  method: string,
  path: string,
  as: Record<string, string> | undefined,
  body?: unknown,
): Promise<Json> {
  const res = await call(method, path, as, body);
  if (res.status !== status)
    throw new Error(`${method} ${path}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
