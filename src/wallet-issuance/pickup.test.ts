import { base64url, decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { openScenario } from '../../tests/support/scenario.js';
import { expectStatus, type Json, TEST_NOW } from '../../tests/support/target.js';
import { opleider, startTestApp } from '../../tests/support/test-app.js';
import { learnerWithModuleCredential } from '../../tests/support/wallet-scenario.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// OpenID4VCI pickups against the real app on SQLite, spoken the way a wallet speaks (form-encoded token
// requests, key proofs signed with jose): what is issued, and every refusal in the protocol's own words
// with nothing issued. The clock is the app's, moved on to let offers and nonces expire.

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const ISSUER = 'http://localhost:8787/institutions/roc-rivor';

let clock = Date.parse(TEST_NOW);
let t: Awaited<ReturnType<typeof startTestApp>>;
let s: Awaited<ReturnType<typeof openScenario>>;
let sanne: Awaited<ReturnType<typeof learnerWithModuleCredential>>;
let second: string;

/** A holder key: Ed25519, named as a did:jwk. */
async function holderKey() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const { kty, crv, x } = await exportJWK(publicKey);
  const did = `did:jwk:${base64url.encode(JSON.stringify({ crv, kty, x }))}`;
  return { did, kid: `${did}#0`, privateKey };
}
type HolderKey = Awaited<ReturnType<typeof holderKey>>;

/** What every refusal must leave as it was: credentials, their status entries and pickups. */
const issuedCounts = async () => {
  const counts = await t.rowCounts();
  return {
    credential: counts.credential ?? 0,
    status_list_entry: counts.status_list_entry ?? 0,
    credential_pickup: counts.credential_pickup ?? 0,
  };
};

const offer = async (body: object = {}, id = sanne.credentialId) =>
  expectStatus(
    t.call('POST', `/credentials/${encodeURIComponent(id)}/offer`, { as: sanne.learner.as, body }),
    201,
  );

const codeOf = (created: Json): string =>
  JSON.parse(new URLSearchParams(created.credentialOffer.split('?')[1]).get('credential_offer') ?? '{}')
    .grants[PRE_AUTHORIZED]['pre-authorized_code'];

const tokenRequest = (form: Record<string, string>) =>
  t.call('POST', '/institutions/roc-rivor/oid4vci/token', {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const redeem = (created: Json, txCode: string | null = created.txCode) =>
  tokenRequest({
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(created),
    ...(txCode === null ? {} : { tx_code: txCode }),
  });

const nonce = async (): Promise<string> =>
  (await expectStatus(t.call('POST', '/institutions/roc-rivor/oid4vci/nonce'), 200)).c_nonce;

const proof = (key: HolderKey, claims: JWTPayload, header: Record<string, unknown> = {}) =>
  new SignJWT({ aud: ISSUER, iat: Math.floor(clock / 1000), ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: key.kid, ...header })
    .sign(key.privateKey);

const credentialRequest = (accessToken: string | undefined, body: unknown) =>
  t.call('POST', '/institutions/roc-rivor/oid4vci/credential', {
    body,
    headers: accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` },
  });

/** An offer made, redeemed, and the first credential identifier the token response named. */
async function redeemed(body: object = {}) {
  const created = await offer(body);
  const tokens = await expectStatus(redeem(created), 200);
  const identifiers: string[] = tokens.authorization_details.flatMap((d: Json) => d.credential_identifiers);
  return { created, accessToken: tokens.access_token as string, identifiers, tokens };
}

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date(clock) });
  s = await openScenario(t.target, readFixtureFiles());
  sanne = await learnerWithModuleCredential(s, 'sanne');
  // A second module credential of hers: VIG-ADL, signed off on the same route.
  await s.signOff(sanne.routeId, {
    employer: 'sante',
    assessor: 'pol-sante-1',
    institution: 'roc-rivor',
    outcome: 'VIG-LU-PV',
    date: '2026-11-21',
    text: 'Persoonlijke verzorging gezien.',
  });
  const held = await expectStatus(
    t.call('GET', `/learners/${sanne.learner.id}/credentials`, { as: sanne.learner.as }),
    200,
  );
  second = (held.items as Json[]).map((c) => c.id).find((id: string) => id !== sanne.credentialId);
}, 120_000);

describe('picking credentials up (OpenID4VCI 1.0, pre-authorized code)', () => {
  it('serves the issuer and authorization server metadata of each instelling, in Dutch and English', async () => {
    const metadata = await expectStatus(
      t.call('GET', '/.well-known/openid-credential-issuer/institutions/roc-rivor'),
      200,
    );
    expect(metadata).toMatchObject({
      credential_issuer: ISSUER,
      credential_endpoint: `${ISSUER}/oid4vci/credential`,
      nonce_endpoint: `${ISSUER}/oid4vci/nonce`,
      display: [{ locale: 'nl-NL' }, { locale: 'en-US' }],
    });
    expect(Object.keys(metadata.credential_configurations_supported).sort()).toEqual([
      'ModuleMicrocredential_jwt_vc_json',
      'ModuleMicrocredential_ldp_vc',
      'QualificationAward_jwt_vc_json',
      'QualificationAward_ldp_vc',
    ]);
    expect(metadata.credential_configurations_supported.ModuleMicrocredential_ldp_vc).toMatchObject({
      format: 'ldp_vc',
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA'] } },
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
    });
    const as = await expectStatus(
      t.call('GET', '/.well-known/oauth-authorization-server/institutions/roc-rivor'),
      200,
    );
    expect(as).toMatchObject({ issuer: ISSUER, token_endpoint: `${ISSUER}/oid4vci/token` });
    expect((await t.call('GET', '/.well-known/openid-credential-issuer/institutions/nergens')).status).toBe(
      404,
    );
  });

  it('offers two credentials at once; each is picked up once, bound to the proven key, with its own status entry, linked to what it copies', async () => {
    const key = await holderKey();
    const { created, accessToken, identifiers, tokens } = await redeemed({
      format: 'jwt_vc_json',
      include: [second],
    });
    expect(created.credentialOfferUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/);
    expect(created.credentialOffer).not.toContain(created.txCode);
    expect(created.qrCode.svg).toMatch(/^<svg/);
    expect(created.qrCode.png).toMatch(/^data:image\/png;base64,/);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(identifiers).toHaveLength(2);
    const before = await issuedCounts();
    for (const credential_identifier of identifiers) {
      const answer = await credentialRequest(accessToken, {
        credential_identifier,
        proofs: { jwt: [await proof(key, { nonce: await nonce() })] },
      });
      expect(answer.status, answer.text).toBe(200);
      const claims = decodeJwt(answer.body.credentials[0].credential);
      expect((claims.credentialSubject as Json).id).toBe(key.did);
    }
    expect(await issuedCounts()).toEqual({
      credential: before.credential + 2,
      status_list_entry: before.status_list_entry + 2,
      credential_pickup: before.credential_pickup + 2,
    });
    const view = await expectStatus(
      t.call('GET', `/credential-offers/${created.id}`, { as: opleider('roc-rivor') }),
      200,
    );
    expect(view.state).toBe('redeemed');
    expect(view.credentials.map((c: Json) => c.pickedUp?.holder)).toEqual([key.did, key.did]);
    const links = await t.target.query<{ source_credential_id: string }>(
      'SELECT p.source_credential_id FROM credential_pickup p JOIN credential_offer_item i ON i.id = p.offer_item_id WHERE i.offer_id = ? ORDER BY i.position',
      created.id,
    );
    expect(links.map((l) => l.source_credential_id)).toEqual([sanne.credentialId, second]);
    const audit = await t.target.query<{ action: string }>(
      "SELECT action FROM audit_event WHERE action LIKE 'credential.picked-up' OR resource_id = ? ORDER BY at, id",
      created.id,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['credential-offer.made', 'credential-offer.redeemed', 'credential.picked-up']),
    );

    // Issued once per offer: the same credential again is denied, by identifier or by configuration.
    for (const body of [
      { credential_identifier: identifiers[0] },
      { credential_configuration_id: 'ModuleMicrocredential_jwt_vc_json' },
    ]) {
      const again = await credentialRequest(accessToken, {
        ...body,
        proofs: { jwt: [await proof(key, { nonce: await nonce() })] },
      });
      expect(again.status).toBe(400);
      expect(again.body.error).toBe('credential_request_denied');
    }
    expect(await issuedCounts()).toEqual({
      credential: before.credential + 2,
      status_list_entry: before.status_list_entry + 2,
      credential_pickup: before.credential_pickup + 2,
    });
  });

  it('serves an offer by reference while it is open, and not after', async () => {
    const created = await offer();
    const uri =
      new URLSearchParams(created.credentialOfferUri.split('?')[1]).get('credential_offer_uri') ?? '';
    const path = new URL(uri).pathname;
    const object = await expectStatus(t.call('GET', path), 200);
    expect(object).toMatchObject({
      credential_issuer: ISSUER,
      credential_configuration_ids: ['ModuleMicrocredential_ldp_vc'],
    });
    expect(object.grants[PRE_AUTHORIZED].tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    await expectStatus(redeem(created), 200);
    expect((await t.call('GET', path)).status).toBe(404);
  });
});

describe('token endpoint refusals, in OAuth error responses, with nothing issued', () => {
  it('a wrong transaction code is invalid_grant; the third burns the offer, and then the right one too is refused', async () => {
    const created = await offer();
    const before = await issuedCounts();
    for (const wrong of ['000000', '111111', '222222']) {
      const answer = await redeem(created, wrong === created.txCode ? '333333' : wrong);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
    }
    const burned = await redeem(created);
    expect(burned.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('burned'),
    });
    const view = await expectStatus(
      t.call('GET', `/credential-offers/${created.id}`, { as: sanne.learner.as }),
      200,
    );
    expect(view.state).toBe('burned');
    const audit = await t.target.query(
      'SELECT 1 FROM audit_event WHERE action = ? AND resource_id = ?',
      'credential-offer.burned',
      created.id,
    );
    expect(audit).toHaveLength(1);
    expect(await issuedCounts()).toEqual(before);
  });

  it('a missing transaction code is invalid_request; an unknown, used, withdrawn or expired code invalid_grant', async () => {
    const before = await issuedCounts();
    const created = await offer();
    const missing = await redeem(created, null);
    expect(missing.body?.error, missing.text).toBe('invalid_request');
    expect(
      (
        await tokenRequest({
          grant_type: PRE_AUTHORIZED,
          'pre-authorized_code': 'nooit-uitgegeven',
          tx_code: '123456',
        })
      ).body.error,
    ).toBe('invalid_grant');
    expect((await tokenRequest({ grant_type: 'authorization_code', code: 'x' })).body.error).toBe(
      'unsupported_grant_type',
    );
    await expectStatus(redeem(created), 200);
    expect((await redeem(created)).body.error).toBe('invalid_grant');

    const withdrawn = await offer();
    await expectStatus(
      t.call('POST', `/credential-offers/${withdrawn.id}/withdraw`, { as: sanne.learner.as }),
      200,
    );
    expect(
      (await t.call('POST', `/credential-offers/${withdrawn.id}/withdraw`, { as: sanne.learner.as })).status,
    ).toBe(409);
    expect((await redeem(withdrawn)).body.error).toBe('invalid_grant');

    const expiring = await offer();
    clock += 601_000;
    try {
      const expired = await redeem(expiring);
      expect(expired.body.error).toBe('invalid_grant');
      expect(
        (await t.call('GET', `/credential-offers/${expiring.id}`, { as: sanne.learner.as })).body.state,
      ).toBe('expired');
    } finally {
      clock -= 601_000;
    }
    expect((await tokenRequest({})).headers.get('cache-control')).toBe('no-store');
    expect(await issuedCounts()).toEqual(before);
  });
});

describe('credential endpoint refusals, in OAuth error responses, with nothing issued', () => {
  let key: HolderKey;
  beforeAll(async () => {
    key = await holderKey();
  });

  it('no access token, or one that is not ours, is invalid_token (401)', async () => {
    const before = await issuedCounts();
    for (const token of [undefined, 'verzonnen']) {
      const answer = await credentialRequest(token, {
        credential_configuration_id: 'ModuleMicrocredential_ldp_vc',
      });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_token');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
    const { created, accessToken } = await redeemed();
    await expectStatus(
      t.call('POST', `/credential-offers/${created.id}/withdraw`, { as: opleider('roc-rivor') }),
      200,
    );
    expect(
      (await credentialRequest(accessToken, { credential_configuration_id: 'ModuleMicrocredential_ldp_vc' }))
        .status,
    ).toBe(401);
    expect(await issuedCounts()).toEqual(before);
  });

  it('what the request names and how it proves the key: each refusal in its own error', async () => {
    const { accessToken, identifiers } = await redeemed();
    const before = await issuedCounts();
    const [identifier] = identifiers as [string];
    const ask = async (body: object) => (await credentialRequest(accessToken, body)).body.error;
    const withProof = async (claims: JWTPayload, header: Record<string, unknown> = {}, signer = key) => ({
      credential_identifier: identifier,
      proofs: { jwt: [await proof(signer, claims, header)] },
    });

    expect(await ask({ credential_configuration_id: 'Diploma_ldp_vc' })).toBe(
      'unknown_credential_configuration',
    );
    expect(
      await ask({
        credential_configuration_id: 'QualificationAward_ldp_vc',
        proofs: { jwt: [await proof(key, { nonce: await nonce() })] },
      }),
    ).toBe('unknown_credential_configuration');
    expect(
      await ask({
        credential_identifier: 'niet-aangeboden',
        proofs: { jwt: [await proof(key, { nonce: await nonce() })] },
      }),
    ).toBe('unknown_credential_identifier');
    expect(
      await ask({
        format: 'jwt_vc_json',
        credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
        proof: { proof_type: 'jwt', jwt: await proof(key, { nonce: await nonce() }) },
      }),
    ).toBe('unsupported_credential_format');
    expect(await ask({ credential_identifier: 42 })).toBe('invalid_credential_request');
    expect(await ask({ credential_identifier: identifier })).toBe('invalid_proof');
    expect(await ask(await withProof({ nonce: 'nooit-uitgegeven' }))).toBe('invalid_nonce');
    expect(await ask(await withProof({}))).toBe('invalid_nonce');
    expect(await ask(await withProof({ nonce: await nonce(), aud: 'https://elders.example' }))).toBe(
      'invalid_proof',
    );
    expect(await ask(await withProof({ nonce: await nonce(), iat: Math.floor(clock / 1000) - 3600 }))).toBe(
      'invalid_proof',
    );
    const other = await holderKey();
    expect(await ask(await withProof({ nonce: await nonce() }, { kid: key.kid }, other))).toBe(
      'invalid_proof',
    );
    expect(await ask(await withProof({ nonce: await nonce() }, { kid: 'did:web:elders.example#k' }))).toBe(
      'invalid_proof',
    );
    expect(await ask(await withProof({ nonce: await nonce() }, { typ: 'JWT' }))).toBe('invalid_proof');

    expect(await issuedCounts()).toEqual(before);

    // A nonce is used once: the pickup that used it succeeds, the next with it is invalid_nonce.
    const used = await nonce();
    const ok = await credentialRequest(accessToken, await withProof({ nonce: used }));
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.credentials[0].credential.credentialSubject.id).toBe(key.did);
    expect(ok.body.credentials[0].credential.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022' });
    const next = await redeemed();
    const reused = await credentialRequest(next.accessToken, {
      credential_identifier: next.identifiers[0],
      proofs: { jwt: [await proof(key, { nonce: used })] },
    });
    expect(reused.body.error).toBe('invalid_nonce');
  });

  it('a nonce past its five minutes is invalid_nonce', async () => {
    const stale = await nonce();
    clock += 301_000;
    try {
      const { accessToken, identifiers } = await redeemed();
      const before = await issuedCounts();
      const answer = await credentialRequest(accessToken, {
        credential_identifier: identifiers[0],
        proofs: { jwt: [await proof(key, { nonce: stale })] },
      });
      expect(answer.body.error).toBe('invalid_nonce');
      expect(await issuedCounts()).toEqual(before);
    } finally {
      clock -= 301_000;
    }
  });
});

describe('who may offer, and what', () => {
  it('refuses to offer a credential of another learner with it, a revoked one, and a picked-up copy', async () => {
    const before = await t.rowCounts();
    const other = await learnerWithModuleCredential(s, 'ander');
    const mixed = await t.call('POST', `/credentials/${encodeURIComponent(sanne.credentialId)}/offer`, {
      as: sanne.learner.as,
      body: { include: [other.credentialId] },
    });
    expect(mixed.status, mixed.text).toBe(422);
    expect(mixed.body.errors[0].path).toBe('body.include[0]');
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(other.credentialId)}/revoke`, {
        as: opleider('roc-rivor'),
        body: { reason: 'test' },
      }),
      200,
    );
    const revoked = await t.call('POST', `/credentials/${encodeURIComponent(other.credentialId)}/offer`, {
      as: other.learner.as,
      body: {},
    });
    expect(revoked.status).toBe(422);
    const [copy] = await t.target.query<{ credential_id: string }>(
      'SELECT credential_id FROM credential_pickup LIMIT 1',
    );
    const again = await t.call(
      'POST',
      `/credentials/${encodeURIComponent(copy?.credential_id ?? '')}/offer`,
      {
        as: sanne.learner.as,
        body: {},
      },
    );
    expect(again.status).toBe(422);
    expect(again.text).toContain('offer the credential it copies');
    expect((await t.rowCounts()).credential_offer).toBe(before.credential_offer);
  });
});
