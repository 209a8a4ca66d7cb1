import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import {
  BITSTRING_STATUS_CONTEXT,
  BUNDLED_CONTEXTS,
  BUNDLED_SCHEMAS,
  buildModuleCredential,
  type JsonObject,
  type JsonSchema,
  MICROCREDENTIAL_CONTEXT,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  OB_EXTENSIONS_CONTEXT,
  OB_V3_EARLIER_CONTEXTS,
  signCredential,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
  VENDORED_DIGESTS,
  validateJsonSchema,
} from '../credentials/index.js';
import { rotateIssuerKey } from './issuer-keys.js';
import { signerFor } from './signer.js';
import { listCapacity } from './status-lists.js';

const checkOf = (body: Json, name: string) => (body.checks as Json[]).find((c) => c.check === name);
const sha256 = async (text: string) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

// What the VC-API issuer accepts and refuses, statement by statement, and that what it issues verifies.
describe('issuing to the letter of VC Data Model 2.0 (POST /credentials/issue)', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  const han = opleider('han');
  const unsigned = (overrides: JsonObject = {}): JsonObject => ({
    ...buildModuleCredential(sampleInput(t.deps)),
    ...overrides,
  });
  const issue = (credential: JsonObject, as = han) =>
    t.call('POST', '/credentials/issue', { as, body: { credential } });
  const issued = async (credential: JsonObject, as = han) => {
    const res = await issue(credential, as);
    expect(res.status, res.text).toBe(201);
    return res.body.verifiableCredential as Json;
  };
  const verify = (verifiableCredential: unknown, relyingParty?: string) =>
    t.call('POST', '/credentials/verify', {
      body: { verifiableCredential, ...(relyingParty ? { options: { relyingParty } } : {}) },
    });
  const change = (id: string, action: 'revoke' | 'suspend') =>
    t.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, {
      as: han,
      body: { reason: 'toets' },
    });
  /** Refused with 422 naming exactly these paths, and nothing written. */
  const refused = async (credential: JsonObject, paths: string[]) => {
    await issued(unsigned()); // the lists exist: a refusal must change no row at all
    const before = await t.rowCounts();
    const res = await issue(credential);
    expect(res.status, res.text).toBe(422);
    expect((res.body.errors as Json[]).map((e) => e.path)).toEqual(paths);
    expect(await t.rowCounts()).toEqual(before);
    return res.body.errors as Json[];
  };

  beforeAll(async () => {
    t = await startCredentialsApp();
  });

  it("issues OBv3 credentials in both formats that meet 1EdTech's official AchievementCredential schema, 0 errors (VC Data Model 2.0 §4.11)", async () => {
    const official = BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema;
    const ldp = await issued(unsigned());
    expect(validateJsonSchema(official, ldp)).toEqual([]);
    const jwt = await t.call('POST', '/credentials/issue', {
      as: han,
      body: { credential: unsigned(), options: { format: 'vc+jwt' } },
    });
    expect(jwt.status, jwt.text).toBe(201);
    const compact = (jwt.body.verifiableCredential.id as string).slice('data:application/vc+jwt,'.length);
    const claims = JSON.parse(Buffer.from(compact.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(validateJsonSchema(official, claims)).toEqual([]);
  });

  describe('credentialSchema (VC Data Model 2.0 §4.11) and refreshService (§5.4)', () => {
    it('refuses a credentialSchema without a type or whose id is not a URL', async () => {
      await refused(unsigned({ credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA }] }), [
        'body.credential.credentialSchema[0].type',
      ]);
      await refused(unsigned({ credentialSchema: { id: 'ob schema', type: 'JsonSchema' } }), [
        'body.credential.credentialSchema.id',
      ]);
    });

    it('refuses a refreshService without a type, and issues one with a type (OB extensions.json)', async () => {
      const withExtensions = (refreshService: unknown) =>
        unsigned({
          '@context': [...(unsigned()['@context'] as string[]), OB_EXTENSIONS_CONTEXT],
          refreshService,
        });
      await refused(withExtensions({ id: 'https://www.han.nl/refresh/1' }), [
        'body.credential.refreshService.type',
      ]);
      await refused(withExtensions(['not an object']), ['body.credential.refreshService[0]']);
      const vc = await issued(
        withExtensions({ id: 'https://www.han.nl/refresh/1', type: '1EdTechCredentialRefresh' }),
      );
      expect((await verify(vc)).status).toBe(200);
    });
  });

  describe('relatedResource (VC Data Model 2.0 §5.3)', () => {
    const obSchemaSri = () => `sha384-${VENDORED_DIGESTS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)?.sha384}`;

    it('issues digests that match resources we hold byte for byte: a vendored 1EdTech schema, our served context', async () => {
      // The digest of our stable context is that of the bytes every deployment serves.
      const served = await t.call('GET', '/contexts/microcredential-v2.jsonld');
      expect(served.text).toBe(JSON.stringify(BUNDLED_CONTEXTS.get(MICROCREDENTIAL_CONTEXT)));
      const multihash = Uint8Array.from([0x12, 0x20, ...(await sha256(served.text))]);
      const vc = await issued(
        unsigned({
          relatedResource: [
            { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI: obSchemaSri() },
            { id: MICROCREDENTIAL_CONTEXT, digestMultibase: `u${base64url(multihash)}` },
          ],
        }),
      );
      const res = await verify(vc);
      expect(res.status, res.text).toBe(200);
      expect(checkOf(res.body, 'related-resource')).toEqual({
        check: 'related-resource',
        ok: true,
        message: 'every digest matches',
      });
    });

    it('refuses a digest that does not match a resource we hold, naming it', async () => {
      const wrong = `sha384-${VENDORED_DIGESTS.get('https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json')?.sha384}`;
      const [error] = await refused(
        unsigned({ relatedResource: { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI: wrong } }),
        ['body.credential.relatedResource.digestSRI'],
      );
      expect(error.message).toBe(
        `does not match ${OB_ACHIEVEMENT_CREDENTIAL_SCHEMA} (its sha384 digest differs)`,
      );
      // Signed past the issuer's check, the verifier refuses it on the same ground.
      const forged = await signCredential(await signerFor(t.deps, 'han'), {
        ...unsigned(),
        relatedResource: { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI: wrong },
      });
      const res = await verify(forged);
      expect(failedChecks(res.body)).toEqual(['related-resource']);
    });

    it('refuses entries that are not objects with a unique URL id and a well-formed digest', async () => {
      const digestSRI = obSchemaSri();
      await refused(
        unsigned({
          relatedResource: [
            'https://www.han.nl/logo.png',
            { id: 'logo.png', digestSRI },
            { id: 'https://www.han.nl/c.png' },
            { id: 'https://www.han.nl/a.png', digestSRI: 'md5-abc' },
            { id: 'https://www.han.nl/b.png', digestMultibase: 'xnot-multibase' },
            { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI },
            { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI },
          ],
        }),
        [
          'body.credential.relatedResource[0]',
          'body.credential.relatedResource[1].id',
          'body.credential.relatedResource[2]',
          'body.credential.relatedResource[3].digestSRI',
          'body.credential.relatedResource[4].digestMultibase',
          'body.credential.relatedResource[6].id',
        ],
      );
    });

    it('accepts, unchecked, the digest of a resource it does not hold (never fetched), and says so when verifying', async () => {
      const digestSRI = `sha256-${Buffer.from(await sha256('elsewhere')).toString('base64')}`;
      const vc = await issued(
        unsigned({ relatedResource: [{ id: 'https://www.han.nl/logo.png', digestSRI }] }),
      );
      const res = await verify(vc);
      expect(res.status).toBe(200);
      expect(checkOf(res.body, 'related-resource').message).toBe(
        'not fetched, so not checked: https://www.han.nl/logo.png',
      );
    });
  });

  describe('contexts (VC Data Model 2.0 §4.3) and VC 1.1 credentials', () => {
    it('issues and verifies a credential using the VC 2.0 examples context, bundled (VC Data Model 2.0 §4.3)', async () => {
      const vc = await issued({
        '@context': [VC_V2_CONTEXT, VC_EXAMPLES_V2_CONTEXT],
        type: ['VerifiableCredential', 'ExampleDegreeCredential'],
        issuer: t.deps.urls.issuerDid('han'),
        validFrom: '2026-11-01T00:00:00Z',
        credentialSubject: { degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Nursing' } },
      });
      expect((await verify(vc)).status).toBe(200);
    });

    it('gives a VC 1.1 credential its status entry with the context that defines it, and revokes it (VC Data Model 1.1 §4.9 Status; Bitstring Status List v1.0 §2.1)', async () => {
      const vc = await issued({
        '@context': [VC_V1_CONTEXT, OB_V3_EARLIER_CONTEXTS[1]],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: t.deps.urls.issuerDid('han'), type: ['Profile'], name: 'HAN' },
        issuanceDate: '2026-11-01T00:00:00Z',
        name: 'Observeren',
        credentialSubject: {
          type: ['AchievementSubject'],
          achievement: {
            id: t.deps.urls.moduleVersion('m-obs', 1),
            type: ['Achievement'],
            name: 'Observeren',
            criteria: { narrative: 'Alle leeruitkomsten aangetoond.' },
          },
        },
      });
      expect(vc['@context']).toContain(BITSTRING_STATUS_CONTEXT);
      expect(vc.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'message',
      });
      const res = await verify(vc);
      expect(res.status, res.text).toBe(200);
      expect((await change(vc.id, 'revoke')).status).toBe(200);
      const revoked = await verify(vc);
      expect(failedChecks(revoked.body)).toEqual(['status']);
      expect(checkOf(revoked.body, 'status').message).toBe('revoked');
    });
  });

  describe("issuing under the did:key of the instelling's issuer key (its choice)", () => {
    const didKeyOf = async (institution: string) =>
      `did:key:${(await signerFor(t.deps, institution)).key.key.publicKeyMultibase}`;
    const underDidKey = (did: string) => {
      const credential = unsigned();
      return { ...credential, issuer: { ...(credential.issuer as JsonObject), id: did } };
    };

    it('signs with that key as did:key (The did:key Method), on a status list of that did:key (Bitstring Status List v1.0 §2.2: the list is issued by the issuer), trusted by the instelling as itself', async () => {
      const did = await didKeyOf('han');
      const vc = await issued(underDidKey(did));
      expect(vc.proof.verificationMethod).toBe(`${did}#${did.slice('did:key:'.length)}`);
      const list = (await t.call('GET', new URL(vc.credentialStatus.statusListCredential).pathname)).body;
      expect(list.issuer).toBe(did);
      const res = await verify(vc, 'han');
      expect(res.status, res.text).toBe(200);
      expect(checkOf(res.body, 'issuer').message).toBe('did:key issuer');
      expect(res.body.trust).toEqual({
        institutionId: 'han',
        trusted: true,
        because: "the issuer is 'han' itself, under the did:key of its issuer key",
      });
      // Another instelling trusts it only when it recognises HAN; this one has not.
      expect(checkOf((await verify(vc, 'roc-rivor')).body, 'trust').ok).toBe(false);
      expect((await change(vc.id, 'revoke')).status).toBe(200);
      expect(checkOf((await verify(vc)).body, 'status').message).toBe('revoked');
    });

    it("refuses another instelling's did:key (403) and the did:key of a retired key; did:web is unchanged", async () => {
      expect((await issue(underDidKey(await didKeyOf('han')), opleider('roc-rivor'))).status).toBe(403);
      const before = await didKeyOf('roc-rivor');
      const earlier = await issued(underDidKey(before), opleider('roc-rivor'));
      await rotateIssuerKey(t.deps, opleider('roc-rivor'), 'roc-rivor');
      const res = await issue(underDidKey(before), opleider('roc-rivor'));
      expect(res.status).toBe(422);
      expect(res.body.errors[0]).toMatchObject({
        path: 'body.credential.issuer',
        message: expect.stringContaining('retired'),
      });
      // What the retired key signed before still verifies, and its instelling still trusts it…
      const kept = await verify(earlier, 'roc-rivor');
      expect(kept.status, kept.text).toBe(200);
      // …but not what the retired key signs after its retirement (as for a retired key of a did:web).
      const later = await signCredential(
        await signerFor(
          { ...t.deps, now: () => new Date('2026-12-01T00:00:00Z') },
          'roc-rivor',
          before.slice('did:key:'.length),
        ),
        underDidKey(before),
      );
      const late = await verify(later, 'roc-rivor');
      expect(late.status).toBe(422);
      expect(checkOf(late.body, 'trust').message).toContain('retired');
      // The did:web is unchanged: it issues with the new key, and verifies.
      const byWeb = await issued(
        buildModuleCredential(sampleInput(t.deps, 'roc-rivor')),
        opleider('roc-rivor'),
      );
      expect(byWeb.proof.verificationMethod).toBe(
        `${t.deps.urls.issuerDid('roc-rivor')}#${(await didKeyOf('roc-rivor')).slice(8)}`,
      );
      expect((await verify(byWeb)).status).toBe(200);
    });
  });

  describe('status lists that fill up', () => {
    it('get a successor: a full list keeps its credentials, new ones go on the next list (Bitstring Status List v1.0 §2.2; random indexes keep herd privacy)', async () => {
      const first = await issued(unsigned());
      const listUrl = first.credentialStatus.statusListCredential as string;
      const listId = t.deps.urls.statusListIdOf(listUrl) ?? '';
      const query = (sql: string, ...params: unknown[]) => t.db.sqlite.prepare(sql).all(...params);
      const [{ allocated } = { allocated: 0 }] = query(
        'SELECT allocated FROM status_list WHERE id = ?',
        listId,
      ) as {
        allocated: number;
      }[];
      expect(allocated).toBeGreaterThan(0);
      // As if the list had given out all but one of its entries.
      await t.deps.db.atomically([
        t.deps.db.kysely
          .updateTable('status_list')
          .set({ allocated: listCapacity(131_072) - 1 })
          .where('id', '=', listId),
      ]);
      const last = await issued(unsigned());
      expect(last.credentialStatus.statusListCredential).toBe(listUrl);
      const next = await issued(unsigned());
      const nextUrl = next.credentialStatus.statusListCredential as string;
      expect(nextUrl).not.toBe(listUrl);
      expect(
        query('SELECT predecessor_id FROM status_list WHERE id = ?', t.deps.urls.statusListIdOf(nextUrl)),
      ).toEqual([{ predecessor_id: listId }]);
      for (const vc of [first, last, next]) expect((await verify(vc)).status).toBe(200);
      expect((await change(next.id, 'revoke')).status).toBe(200);
      expect((await change(last.id, 'suspend')).status).toBe(200);
      expect(checkOf((await verify(next)).body, 'status').message).toBe('revoked');
      expect(checkOf((await verify(last)).body, 'status').message).toBe('suspended');
      expect((await verify(first)).status).toBe(200);
    });
  });
});
