import { beforeAll, describe, expect, it } from 'vitest';
import { opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from './fixtures.test-support.js';
import { buildModuleCredential } from './module-credential.js';
import { signCredential } from './sign.js';

// Responses are parsed JSON, read freely in assertions (as `res.body` is).
type Json = ReturnType<typeof JSON.parse>;

describe('issuing and verifying credentials over HTTP', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  const han = opleider('han');
  const issueAs = async (institution: string, overrides = {}, as = opleider(institution)) =>
    t.call('POST', '/credentials/issue', {
      as,
      body: { credential: buildModuleCredential(sampleInput(t.deps, institution, overrides)) },
    });
  const issued = async (institution = 'han', overrides = {}) => {
    const res = await issueAs(institution, overrides);
    expect(res.status, res.text).toBe(201);
    return res.body.verifiableCredential as Json;
  };
  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  beforeAll(async () => {
    t = await startCredentialsApp();
  });

  it('serves DID documents, our context and our schema without a token', async () => {
    const did = await t.call('GET', '/institutions/han/did.json');
    expect(did.status).toBe(200);
    expect(did.body.id).toBe('did:web:localhost%3A8787:institutions:han');
    expect(did.body.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: did.body.id });
    expect(did.text).not.toMatch(/secret/i);
    const context = await t.call('GET', '/contexts/loopbrug-v1.jsonld');
    expect(context.status).toBe(200);
    expect(context.headers.get('content-type')).toMatch(/ld\+json/);
    expect(context.body['@context'].lb).toBe('http://localhost:8787/vocab#');
    const schema = await t.call('GET', '/schemas/module-credential.schema.json');
    expect(schema.status).toBe(200);
    expect((await t.call('GET', '/schemas/nope.json')).status).toBe(404);
    expect((await t.call('GET', '/institutions/nope/did.json')).status).toBe(404);
  });

  it('issues a module credential that then verifies with every check passing', async () => {
    const vc = await issued();
    expect(vc.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    });
    expect(vc.proof.verificationMethod).toMatch(/^did:web:localhost%3A8787:institutions:han#z6Mk/);
    const res = await verify(vc);
    expect(res.status, res.text).toBe(200);
    expect(res.body.verified).toBe(true);
    expect(res.body.checks.map((c: Json) => c.check).sort()).toEqual(
      ['issuer', 'schema', 'signature', 'status', 'validity-period'].sort(),
    );
    const stored = t.db.sqlite.prepare('SELECT document FROM credential WHERE id = ?').get(vc.id) as Json;
    expect(JSON.parse(stored.document)).toEqual(vc);
  });

  it.each([
    ['name', (vc: Json) => ({ ...vc, name: 'Iets anders' })],
    [
      'credentialSubject',
      (vc: Json) => ({
        ...vc,
        credentialSubject: {
          ...vc.credentialSubject,
          id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
        },
      }),
    ],
    ['validFrom', (vc: Json) => ({ ...vc, validFrom: '2026-11-01T00:00:00Z' })],
    ['issuer name', (vc: Json) => ({ ...vc, issuer: { ...vc.issuer, name: 'Andere school' } })],
  ])('refuses a credential whose %s was changed, naming the signature', async (_, tamper) => {
    const res = await verify(tamper(await issued()));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.verified).toBeUndefined();
    expect(failedChecks(res.body)).toContain('signature');
  });

  it('refuses a credential whose issuer was swapped to another institution', async () => {
    const vc = await issued();
    const res = await verify({
      ...vc,
      issuer: { ...vc.issuer, id: 'did:web:localhost%3A8787:institutions:roc-rivor' },
    });
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(expect.arrayContaining(['signature', 'issuer']));
  });

  it('refuses a credential signed by another institution that claims this issuer', async () => {
    const unsigned = buildModuleCredential(sampleInput(t.deps, 'roc-rivor'));
    const signed = await signCredential(t.deps, 'roc-rivor', unsigned);
    const forged = {
      ...signed,
      issuer: { ...(signed.issuer as Json), id: 'did:web:localhost%3A8787:institutions:han' },
    };
    const res = await verify(forged);
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(expect.arrayContaining(['signature', 'issuer']));
  });

  it('refuses an unknown issuer', async () => {
    const vc = await issued();
    for (const id of ['did:web:localhost%3A8787:institutions:nope', 'did:web:evil.example']) {
      const res = await verify({ ...vc, issuer: { ...vc.issuer, id } });
      expect(res.status).toBe(422);
      expect(failedChecks(res.body)).toContain('issuer');
    }
  });

  it('refuses an expired credential, naming the validity period (and only that)', async () => {
    const vc = await issued('han', { validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' });
    const res = await verify(vc);
    expect(res.status).toBe(422);
    expect(failedChecks(res.body)).toEqual(['validity-period']);
  });

  it('fails closed on a credentialStatus it cannot check', async () => {
    const unsigned = buildModuleCredential(sampleInput(t.deps));
    const vc = await signCredential(t.deps, 'han', {
      ...unsigned,
      credentialStatus: {
        id: 'http://localhost:8787/status-lists/han-1#5',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '5',
        statusListCredential: 'http://localhost:8787/status-lists/han-1',
      },
    });
    const res = await verify(vc);
    expect(res.status).toBe(422);
    expect(res.body.checks).toContainEqual({
      check: 'status',
      ok: false,
      message: expect.stringContaining('status-lists/han-1 is not available'),
    });
  });

  it('refuses at issue a term no context defines, naming it, and writes nothing', async () => {
    const before = t.rowCounts();
    const credential = { ...buildModuleCredential(sampleInput(t.deps)), favouriteColour: 'blauw' };
    const res = await t.call('POST', '/credentials/issue', { as: han, body: { credential } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'body.credential.favouriteColour', message: expect.stringContaining("'favouriteColour'") },
    ]);
    expect(t.rowCounts()).toEqual(before);
  });

  it('refuses malformed input and issuing for another institution', async () => {
    expect(
      (await t.call('POST', '/credentials/issue', { as: han, body: { credential: 'nope' } })).status,
    ).toBe(422);
    const noContext = await t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: { type: 'x' } },
    });
    expect(noContext.status).toBe(422);
    expect((await issueAs('roc-rivor', {}, han)).status).toBe(403);
    expect((await t.call('POST', '/credentials/issue', { body: { credential: {} } })).status).toBe(401);
    const unknownContext = buildModuleCredential(sampleInput(t.deps));
    unknownContext['@context'] = [...unknownContext['@context'], 'https://example.org/ctx.jsonld'];
    const res = await t.call('POST', '/credentials/issue', { as: han, body: { credential: unknownContext } });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/example\.org/);
    expect((await verify('nope')).status).toBe(422);
  });

  it('keeps an earlier credential verifiable after key rotation, and signs new ones with the new key', async () => {
    const earlier = await issued();
    const rotated = await t.call('POST', '/institutions/han/issuer-keys/rotate', { as: han });
    expect(rotated.status).toBe(200);
    expect((await verify(earlier)).status).toBe(200);
    const later = await issued();
    expect(later.proof.verificationMethod).toBe(rotated.body.keyId);
    expect(later.proof.verificationMethod).not.toBe(earlier.proof.verificationMethod);
    expect((await verify(later)).status).toBe(200);
    expect(
      (await t.call('POST', '/institutions/han/issuer-keys/rotate', { as: opleider('roc-rivor') })).status,
    ).toBe(403);
  });
});
