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

/** Calls the worker the way a client over HTTP would. */
export async function call(
  method: string,
  path: string,
  as: Record<string, string> | undefined,
  body?: unknown,
) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${await token(as)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await SELF.fetch(`http://loopbrug.test${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (text ? JSON.parse(text) : undefined) as Json,
  };
}
