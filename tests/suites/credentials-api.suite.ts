import { beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential, signCredential, statusEntry } from '../../src/credentials/index.js';
import { signerFor } from '../../src/issuance/index.js';
import { admin, opleider } from '../support/principals.js';
import { expectStatus, type Json, type TargetKind, type TestTarget } from '../support/target.js';

/**
 * Issuing, verifying, revoking and suspending credentials over the VC-API, as an entry file runs it
 * on one target: one app for the whole suite, with HAN and ROC Rivor registered. The times the app
 * stamps (`revokedAt`, `suspendedAt`) are TEST_NOW on every target.
 * @example credentialsApiSuite(sqlite); // src/issuance/credentials-api.test.ts
 */
export function credentialsApiSuite(kind: TargetKind) {
  describe(`credentials over the VC-API on ${kind.name}`, () => {
    let t: TestTarget;
    /** The stored document of a credential, parsed. */
    const documentOf = async (id: string) => {
      const [row] = await t.query<{ document: string }>('SELECT document FROM credential WHERE id = ?', id);
      return JSON.parse(row?.document ?? '');
    };
    beforeAll(async () => {
      t = await kind.open();
      for (const id of ['han', 'roc-rivor'])
        await expectStatus(
          t.call('POST', '/institutions', {
            as: admin,
            body: { id, name: id.toUpperCase(), kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
          }),
          201,
        );
    });

    describe('issuing and verifying credentials over HTTP', () => {
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

      it('serves DID documents, our contexts and our schema without a token', async () => {
        // Reading a DID document makes no key (issue 13): HAN's first key comes with its first issue.
        await issued();
        const did = await t.call('GET', '/institutions/han/did.json');
        expect(did.status).toBe(200);
        expect(did.body.id).toBe('did:web:localhost%3A8787:institutions:han');
        expect(did.body.verificationMethod[0]).toMatchObject({ type: 'Multikey', controller: did.body.id });
        expect(did.text).not.toMatch(/secret/i);
        const context = await t.call('GET', '/contexts/loopbrug-v1.jsonld');
        expect(context.status).toBe(200);
        expect(context.headers.get('content-type')).toMatch(/ld\+json/);
        expect(context.body['@context'].lb).toBe('http://localhost:8787/vocab#');
        // The stable context every credential now names, also served here for people.
        const stable = await t.call('GET', '/contexts/microcredential-v2.jsonld');
        expect(stable.status).toBe(200);
        expect((await t.call('GET', '/contexts/microcredential-v1.jsonld')).status).toBe(200);
        expect(stable.headers.get('content-type')).toMatch(/ld\+json/);
        expect(stable.body['@context'].studyLoadHours['@id']).toBe(
          'https://id.loopbrug.nl/vocab#studyLoadHours',
        );
        expect(stable.text).not.toContain('localhost');
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
        expect(await documentOf(vc.id)).toEqual(vc);
      });

      it('says which checks had nothing to look at: no proof, schema or status, and the issuer unproven', async () => {
        const vc = await issued();
        expect((await verify(vc)).body.checks.filter((c: Json) => 'notChecked' in c)).toEqual([]);
        const { proof: _proof, credentialSchema: _schema, credentialStatus: _status, ...bare } = vc;
        const res = await verify(bare);
        expect(res.status).toBe(422);
        const byName = Object.fromEntries(res.body.checks.map((c: Json) => [c.check, c]));
        expect(byName.signature).toMatchObject({ ok: false, notChecked: 'absent' });
        expect(byName.issuer).toMatchObject({ ok: false, notChecked: 'blocked' });
        expect(byName.schema).toMatchObject({ ok: true, notChecked: 'absent' });
        expect(byName.status).toMatchObject({ ok: true, notChecked: 'absent' });
        // Its validFrom was checked: a period it states is not 'nothing to look at'.
        expect(byName['validity-period']).toEqual({ check: 'validity-period', ok: true });
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
        const signed = await signCredential(await signerFor(t.deps, 'roc-rivor'), unsigned);
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
        const vc = await issued('han', {
          validFrom: '2025-01-01T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
        });
        const res = await verify(vc);
        expect(res.status).toBe(422);
        expect(failedChecks(res.body)).toEqual(['validity-period']);
      });

      it('fails closed on a credentialStatus it cannot check', async () => {
        const unsigned = buildModuleCredential(sampleInput(t.deps));
        const vc = await signCredential(await signerFor(t.deps, 'han'), {
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
        const before = await t.rowCounts();
        const credential = { ...buildModuleCredential(sampleInput(t.deps)), favouriteColour: 'blauw' };
        const res = await t.call('POST', '/credentials/issue', { as: han, body: { credential } });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([
          { path: 'body.credential.favouriteColour', message: expect.stringContaining("'favouriteColour'") },
        ]);
        expect(await t.rowCounts()).toEqual(before);
      });

      it('refuses at issue a credential that does not meet the schema it names, or names one we do not hold', async () => {
        await issued(); // HAN's status list exists: what follows must change no row at all
        const before = await t.rowCounts();
        const { validFrom: _validFrom, ...noValidFrom } = buildModuleCredential(sampleInput(t.deps));
        const elsewhere = {
          ...buildModuleCredential(sampleInput(t.deps)),
          credentialSchema: [{ id: 'https://schemas.example/badge.json', type: 'JsonSchema' }],
        };
        for (const [credential, path, message] of [
          [noValidFrom, 'body.credential', 'Instance does not have required property "validFrom"'],
          [
            elsewhere,
            'body.credential.credentialSchema[0]',
            'https://schemas.example/badge.json is not a schema this service holds',
          ],
        ] as const) {
          const res = await t.call('POST', '/credentials/issue', { as: han, body: { credential } });
          expect(res.status).toBe(422);
          expect(res.body.errors).toEqual([{ path, message: expect.stringContaining(message) }]);
        }
        expect(await t.rowCounts()).toEqual(before);
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
        const res = await t.call('POST', '/credentials/issue', {
          as: han,
          body: { credential: unknownContext },
        });
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
          (await t.call('POST', '/institutions/han/issuer-keys/rotate', { as: opleider('roc-rivor') }))
            .status,
        ).toBe(403);
      });
    });

    describe('status entries of credentials issued over the VC-API', () => {
      const han = opleider('han');
      const reason = 'Toetsing bleek niet volgens het toetsplan.';
      const unsigned = (overrides = {}): Json => buildModuleCredential(sampleInput(t.deps, 'han', overrides));
      const issue = (credential: Json, options?: Json) =>
        t.call('POST', '/credentials/issue', {
          as: han,
          body: { credential, ...(options ? { options } : {}) },
        });
      const verify = (verifiableCredential: unknown) =>
        t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
      const change = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
        t.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, { as: han, body: { reason } });
      const statusCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'status');
      const entriesOf = (id: string) =>
        t.query<{ purpose: string; listId: string; i: number }>(
          `SELECT l.purpose, e.status_list_id AS listId, e.status_list_index AS i FROM status_list_entry e
       JOIN status_list l ON l.id = e.status_list_id WHERE e.credential_id = ? ORDER BY l.purpose`,
          id,
        );
      const claimsOf = (enveloped: Json) =>
        JSON.parse(
          Buffer.from((enveloped.id as string).split('.')[1] as string, 'base64url').toString('utf8'),
        ) as Json;

      it('gives a credential without an id a urn:uuid that its document, row and status entries share', async () => {
        const { id: _id, ...withoutId } = unsigned();
        const res = await issue(withoutId);
        expect(res.status, res.text).toBe(201);
        const vc = res.body.verifiableCredential;
        expect(vc.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        expect(Object.keys(vc).slice(0, 2)).toEqual(['@context', 'id']);
        const entries = await entriesOf(vc.id);
        expect(entries.map((e) => e.purpose)).toEqual(['message']);
        const [entry] = entries;
        const url = `http://localhost:8787/status-lists/${entry?.listId}`;
        expect(vc.credentialStatus).toEqual(statusEntry(url, entry?.i ?? -1));
        expect(vc.credentialStatus).toMatchObject({ statusPurpose: 'message', statusSize: 2 });
        const [row] = await t.query<{ document: string; status_list_id: string; status_list_index: number }>(
          'SELECT document, status_list_id, status_list_index FROM credential WHERE id = ?',
          vc.id,
        );
        expect(JSON.parse(row?.document ?? '')).toEqual(vc);
        expect([row?.status_list_id, row?.status_list_index]).toEqual([entries[0]?.listId, entries[0]?.i]);
        const verified = await verify(vc);
        expect(verified.status, verified.text).toBe(200);
        expect(statusCheck(verified.body)).toEqual({
          check: 'status',
          ok: true,
          message: '1 status entry clear',
        });
      });

      it('lets the instelling revoke a credential it issued over the VC-API: it then fails on status', async () => {
        const vc = (await issue(unsigned())).body.verifiableCredential;
        expect((await verify(vc)).status).toBe(200);
        const revoked = await change(vc.id, 'revoke');
        expect(revoked.status, revoked.text).toBe(200);
        expect(revoked.body).toEqual({
          credentialId: vc.id,
          status: 'revoked',
          revokedAt: '2026-11-22T09:00:00.000Z',
        });
        const res = await verify(vc);
        expect(res.status).toBe(422);
        expect(failedChecks(res.body)).toEqual(['status']);
        expect(statusCheck(res.body)).toEqual({ check: 'status', ok: false, message: 'revoked' });
      });

      it('suspends and reinstates a credential issued over the VC-API, also through the VC-API status update', async () => {
        const vc = (await issue(unsigned())).body.verifiableCredential;
        expect((await change(vc.id, 'suspend')).body.status).toBe('suspended');
        const suspended = await verify(vc);
        expect(suspended.status).toBe(422);
        expect(statusCheck(suspended.body)).toEqual({ check: 'status', ok: false, message: 'suspended' });
        expect((await change(vc.id, 'reinstate')).body).toEqual({ credentialId: vc.id, status: 'active' });
        expect((await verify(vc)).status).toBe(200);
        const update = await t.call('POST', '/credentials/status', {
          as: han,
          body: {
            credentialId: vc.id,
            credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
            status: true,
          },
        });
        expect(update.body).toEqual({
          credentialId: vc.id,
          status: 'suspended',
          suspendedAt: '2026-11-22T09:00:00.000Z',
        });
        expect(statusCheck((await verify(vc)).body).message).toBe('suspended');
      });

      it('refuses a VC-API status update that names no credential at the field, not as an unknown credential', async () => {
        for (const body of [{}, { credentialId: '' }, { credentialId: 7 }]) {
          const res = await t.call('POST', '/credentials/status', { as: han, body });
          expect(res.status).toBe(422);
          expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.credentialId']);
        }
        const empty = await t.call('POST', '/credentials/status', { as: han, body: {} });
        expect(empty.body.detail).toBe('body.credentialId: expected a non-empty string, got nothing');
      });

      it('puts the status entries in the claims set of a VC-JWT, which is suspended, reinstated and revoked likewise', async () => {
        const res = await issue(unsigned(), {
          format: 'vc+jwt',
          credentialStatus: { type: 'BitstringStatusListEntry' },
        });
        expect(res.status, res.text).toBe(201);
        const enveloped = res.body.verifiableCredential;
        const claims = claimsOf(enveloped);
        const entries = await entriesOf(claims.id);
        expect(entries).toHaveLength(1);
        expect([claims.credentialStatus].map((s: Json) => [s.statusPurpose, s.statusListIndex])).toEqual(
          entries.map((e) => [e.purpose, String(e.i)]),
        );
        expect(await documentOf(claims.id)).toEqual(enveloped);
        expect(statusCheck((await verify(enveloped)).body)).toEqual({
          check: 'status',
          ok: true,
          message: '1 status entry clear',
        });
        expect((await change(claims.id, 'suspend')).status).toBe(200);
        const suspended = await verify(enveloped);
        expect(suspended.status).toBe(422);
        expect(failedChecks(suspended.body)).toEqual(['status']);
        expect(statusCheck(suspended.body).message).toBe('suspended');
        expect((await change(claims.id, 'reinstate')).status).toBe(200);
        expect((await verify(enveloped)).status).toBe(200);
        expect((await change(claims.id, 'revoke')).status).toBe(200);
        expect(statusCheck((await verify(enveloped)).body)).toEqual({
          check: 'status',
          ok: false,
          message: 'revoked',
        });
      });

      it('refuses an undefined term in either format with no status entry left allocated and nothing written', async () => {
        await issue(unsigned()); // the lists exist: what follows must change no row at all
        const before = await t.rowCounts();
        const credential = { ...unsigned(), favouriteColour: 'blauw' };
        for (const options of [undefined, { format: 'vc+jwt' }]) {
          const res = await issue(credential, options);
          expect(res.status).toBe(422);
          expect(res.body.errors).toEqual([
            {
              path: 'body.credential.favouriteColour',
              message: expect.stringContaining("'favouriteColour' is not defined"),
            },
          ]);
        }
        expect(await entriesOf(credential.id)).toEqual([]);
        expect(await t.rowCounts()).toEqual(before);
      });

      it("keeps a well-formed credentialStatus of the caller's own, refuses a malformed one or one on our lists (VC Data Model 2.0 §4.10)", async () => {
        const ours = (await issue(unsigned())).body.verifiableCredential.credentialStatus;
        const elsewhere = {
          id: 'https://elders.example/status/1#7',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '7',
          statusListCredential: 'https://elders.example/status/1',
        };
        // The instelling is the issuer: its own entry is signed as it is, and nothing is allocated here.
        const before = await t.rowCounts();
        const kept = await issue({ ...unsigned(), credentialStatus: elsewhere });
        expect(kept.status, kept.text).toBe(201);
        const vc = kept.body.verifiableCredential;
        expect(vc.credentialStatus).toEqual(elsewhere);
        expect(await entriesOf(vc.id)).toEqual([]);
        const after = await t.rowCounts();
        expect([after.credential, after.status_list_entry]).toEqual([
          (before.credential ?? 0) + 1,
          before.status_list_entry ?? 0,
        ]);
        // Its status is the issuer's to run where the entry points, not ours to change.
        const revoke = await change(vc.id, 'revoke');
        expect(revoke.status).toBe(409);

        const unchanged = await t.rowCounts();
        for (const [credentialStatus, path, message] of [
          [[ours], 'body.credential.credentialStatus[0].statusListCredential', "this service's status lists"],
          [{ statusPurpose: 'revocation' }, 'body.credential.credentialStatus.type', 'is required'],
          [{ ...elsewhere, id: 'status 7' }, 'body.credential.credentialStatus.id', 'must be a URL'],
          [
            { ...elsewhere, statusListIndex: 7 },
            'body.credential.credentialStatus.statusListIndex',
            'non-negative integer as a string',
          ],
        ] as const) {
          const res = await issue({ ...unsigned(), credentialStatus });
          expect(res.status, res.text).toBe(422);
          expect(res.body.errors).toEqual([{ path, message: expect.stringContaining(message) }]);
        }
        const otherType = await issue(unsigned(), { credentialStatus: { type: 'StatusList2021Entry' } });
        expect(otherType.status).toBe(422);
        expect(otherType.body.errors[0].path).toBe('body.options.credentialStatus.type');
        const notUrl = await issue(unsigned({ credentialId: 'diploma 7' }));
        expect(notUrl.status).toBe(422);
        expect(notUrl.body.errors).toEqual([
          { path: 'body.credential.id', message: expect.stringContaining('absolute URL') },
        ]);
        expect(await t.rowCounts()).toEqual(unchanged);
      });

      it('issues a credential id once: a repeat, in either format, is a 409 that writes nothing', async () => {
        const first = (await issue(unsigned())).body.verifiableCredential;
        const entries = await entriesOf(first.id);
        const before = await t.rowCounts();
        const { proof: _proof, credentialStatus: _status, ...again } = first;
        for (const options of [undefined, { format: 'vc+jwt' }]) {
          const res = await issue(again, options);
          expect(res.status, res.text).toBe(409);
          expect(res.body.detail).toBe(
            `Credential '${first.id}' is already issued: a credential id is issued once.`,
          );
        }
        expect(await t.rowCounts()).toEqual(before);
        expect(await entriesOf(first.id)).toEqual(entries);
        expect(await documentOf(first.id)).toEqual(first);
      });

      it('issues one of two concurrent requests for the same new id, leaving one status entry', async () => {
        const credential = unsigned();
        const before = await t.rowCounts();
        const answers = await Promise.all([issue(credential), issue(credential), issue(credential)]);
        expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
        expect(await entriesOf(credential.id)).toHaveLength(1);
        const after = await t.rowCounts();
        expect([after.credential, after.status_list_entry]).toEqual([
          (before.credential ?? 0) + 1,
          (before.status_list_entry ?? 0) + 1,
        ]);
      });
    });
  });
}
