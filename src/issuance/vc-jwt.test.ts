import { CompactSign, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  generateEd25519Key,
  isVcJwt,
  multikeyToJwk,
  signVcJwt,
  verifyVcJwt,
} from '../credentials/index.js';
import { verifierFor } from '../verification/index.js';
import { rotateIssuerKey } from './issuer-keys.js';
import { signerFor } from './signer.js';

// Responses are parsed JSON, read freely in assertions (as `res.body` is).
type Json = ReturnType<typeof JSON.parse>;
// The clock of the test app is 2026-11-22T09:00Z (see tests/support/test-app.ts).

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8')) as Json;
const withClaims = (jwt: string, claims: Json) => {
  const [header, , signature] = jwt.split('.');
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
};

describe('VC-JWT (vc+jwt) as a second securing mechanism', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  const unsigned = (institution = 'han', overrides = {}) =>
    buildModuleCredential(sampleInput(t.deps, institution, overrides));
  const issueJwt = async (institution = 'han', overrides = {}) => {
    const res = await t.call('POST', '/credentials/issue', {
      as: opleider(institution),
      body: { credential: unsigned(institution, overrides), options: { format: 'vc+jwt' } },
    });
    expect(res.status, res.text).toBe(201);
    const enveloped = res.body.verifiableCredential as Json;
    expect(enveloped).toMatchObject({
      '@context': 'https://www.w3.org/ns/credentials/v2',
      type: 'EnvelopedVerifiableCredential',
    });
    expect(enveloped.id).toMatch(/^data:application\/vc\+jwt,ey/);
    return (enveloped.id as string).slice('data:application/vc+jwt,'.length);
  };
  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  beforeAll(async () => {
    t = await startCredentialsApp();
  });

  it('issues a VC-JWT whose claims set is the credential, which then verifies as a string or enveloped', async () => {
    const jwt = await issueJwt();
    const did = t.deps.urls.issuerDid('han');
    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
    expect(header.kid).toMatch(new RegExp(`^${did}#z6Mk`));
    const didDocument = (await t.call('GET', '/institutions/han/did.json')).body;
    expect(didDocument.assertionMethod).toContain(header.kid);
    const claims = claimsOf(jwt);
    expect(claims).toMatchObject({ iss: did, issuer: { id: did }, iat: 1795338000 });
    expect(claims.type).toContain('OpenBadgeCredential');
    expect(claims.proof).toBeUndefined();

    for (const form of [
      jwt,
      {
        '@context': 'https://www.w3.org/ns/credentials/v2',
        id: `data:application/vc+jwt,${jwt}`,
        type: 'EnvelopedVerifiableCredential',
      },
    ]) {
      const res = await verify(form);
      expect(res.status, res.text).toBe(200);
      expect(res.body.checks.map((c: Json) => c.check).sort()).toEqual(
        ['issuer', 'schema', 'signature', 'status', 'validity-period'].sort(),
      );
    }
    // Stored as issued, enveloped.
    const stored = t.db.sqlite.prepare('SELECT document FROM credential WHERE id = ?').get(claims.id) as Json;
    expect(JSON.parse(stored.document).id).toBe(`data:application/vc+jwt,${jwt}`);
  });

  it('refuses a tampered claims set: the signature no longer verifies', async () => {
    const jwt = await issueJwt();
    const claims = claimsOf(jwt);
    claims.credentialSubject.achievement.name = 'Verpleegkundige (hbo)';
    const res = await verify(withClaims(jwt, claims));
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(['signature']);
  });

  it('refuses a VC-JWT past its validUntil with the validity-period check, and a JWT whose exp passed', async () => {
    const jwt = await issueJwt('han', {
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2026-06-30T00:00:00Z',
    });
    const res = await verify(jwt);
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(['validity-period']);
    expect(JSON.stringify(res.body.checks)).toContain('expired at 2026-06-30');

    // A later clock sees a valid credential expire too.
    const fresh = await signVcJwt(await signerFor(t.deps, 'han'), {
      ...unsigned(),
      validUntil: '2026-12-31T00:00:00Z',
    });
    expect((await verifyVcJwt(verifierFor(t.deps), fresh)).verified).toBe(true);
    const later = await verifyVcJwt(
      verifierFor({ ...t.deps, now: () => new Date('2027-01-01T00:00:00Z') }),
      fresh,
    );
    expect(later.checks.filter((c) => !c.ok).map((c) => c.check)).toEqual(['validity-period']);
  });

  it('refuses a JWT of an unknown issuer, a key its issuer does not have, and a JWT that is not vc+jwt', async () => {
    const pair = await generateEd25519Key();
    const privateKey = await importJWK(
      (await multikeyToJwk(pair.publicKeyMultibase, pair.secretKeyMultibase)) as JWK,
      'EdDSA',
    );
    const sign = (claims: object, header: object) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg: 'EdDSA', ...header })
        .sign(privateKey);

    const nope = t.deps.urls.issuerDid('nope');
    const unknown = await sign(
      { ...unsigned(), issuer: { ...unsigned().issuer, id: nope }, iss: nope },
      { typ: 'vc+jwt', kid: `${nope}#${pair.publicKeyMultibase}` },
    );
    const res = await verify(unknown);
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toContain('issuer');
    expect(JSON.stringify(res.body.checks)).toContain(
      `${nope} cannot be resolved: there is no instelling 'nope'`,
    );

    const han = t.deps.urls.issuerDid('han');
    const foreignKey = await sign(
      { ...unsigned(), iss: han },
      { typ: 'vc+jwt', kid: `${han}#${pair.publicKeyMultibase}` },
    );
    expect(failedChecks((await verify(foreignKey)).body)).toEqual(['signature', 'issuer']);

    const jwt = await issueJwt();
    const { kid } = decodeProtectedHeader(jwt);
    const plainJwt = await sign({ ...claimsOf(jwt) }, { typ: 'JWT', kid });
    expect(failedChecks((await verify(plainJwt)).body)).toContain('signature');
    expect(JSON.stringify((await verify(plainJwt)).body.checks)).toContain('not vc+jwt');

    expect(failedChecks((await verify('not.a-jwt')).body)).toContain('signature');
    expect((await verify('')).status).toBe(422);
  });

  it('keeps verifying a JWT signed by a key that was retired afterwards, but not one signed after', async () => {
    const before = await issueJwt('roc-rivor');
    // Signed at a moment after the rotation below (the test clock stands still at 2026-11-22T09:00Z).
    const after = await signVcJwt(
      await signerFor({ ...t.deps, now: () => new Date('2026-11-23T09:00:00Z') }, 'roc-rivor'),
      unsigned('roc-rivor'),
    );
    const rotated = await rotateIssuerKey(t.deps, admin, 'roc-rivor');
    expect(rotated.keyId).not.toBe(decodeProtectedHeader(before).kid);

    const res = await verify(before);
    expect(res.status, res.text).toBe(200);
    const late = await verify(after);
    expect(late.status).toBe(422);
    expect(failedChecks(late.body)).toEqual(['issuer']);
    expect(JSON.stringify(late.body.checks)).toContain('after key');
    // New JWTs are signed with the new key.
    expect(decodeProtectedHeader(await issueJwt('roc-rivor')).kid).toBe(rotated.keyId);
  });

  it('refuses JWT claims sent with the credential and an unknown format', async () => {
    const claimed = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: { ...unsigned(), exp: 1 }, options: { format: 'vc+jwt' } },
    });
    expect(claimed.status).toBe(422);
    const unknownFormat = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: unsigned(), options: { format: 'mso_mdoc' } },
    });
    expect(unknownFormat.status).toBe(422);
    expect(JSON.stringify(unknownFormat.body.errors)).toContain('options.format');
    expect(isVcJwt({ type: 'VerifiableCredential' })).toBe(false);
  });
});
