import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { failedChecks } from '../credentials/fixtures.test-support.js';
import {
  didDocumentOf,
  didKeyIssuer,
  didWebIssuer,
  externalCredential,
  learnerWithModules,
  MODULES,
  NL,
} from './stacking.test-support.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
const base = 'http://localhost:8787';
const han = opleider('han');
/** What HAN's NED-2G needs beyond the four NCOI modules: its third group. */
const PEDAGOGIEK = [NL('pedagogiek'), NL('klassenmanagement')];
const NCOI_MODULES = Object.keys(MODULES).filter((key) => key.startsWith('ncoi/'));

describe('stacking credentials of an instelling outside this service', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let nedId: string;
  let enrolled = 0;

  const learnerWithNcoiModules = () => learnerWithModules(s, `extern-${++enrolled}`, NCOI_MODULES);
  const award = (learnerId: string, credentials: unknown[]) =>
    s.t.call('POST', `/qualifications/${nedId}/awards`, { as: han, body: { learnerId, credentials } });
  const verify = (verifiableCredential: unknown, relyingParty?: string) =>
    s.t.call('POST', '/credentials/verify', {
      body: { verifiableCredential, ...(relyingParty ? { options: { relyingParty } } : {}) },
    });
  const recognise = (body: unknown, institution = 'han') =>
    s.t.call('POST', `/institutions/${institution}/recognitions`, { as: opleider(institution), body });
  const issuerCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'issuer');
  const pin = (institution: string, recognitionId: string, body: unknown, as = opleider(institution)) =>
    s.t.call('PUT', `/institutions/${institution}/recognitions/${recognitionId}/did-document`, { as, body });
  /** Refused with exactly these field errors, and nothing written. */
  async function refused(request: Promise<{ status: number; text: string; body: Json }>, errors: Json[]) {
    const before = s.t.rowCounts();
    const res = await request;
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors).toEqual(errors);
    expect(s.t.rowCounts()).toEqual(before);
  }

  beforeAll(async () => {
    s = await startScenarioApp();
    nedId = s.qualificationId('han/NED-2G');
    const ncoi = await recognise({ issuer: 'ncoi' });
    expect(ncoi.status, ncoi.text).toBe(201);
  }, 30_000);

  it('a did:key issuer counts toward NED-2G with NCOI module credentials once HAN recognises it', async () => {
    const academie = await didKeyIssuer('Pedagogische Academie Oost');
    const learner = await learnerWithNcoiModules();
    const external = await externalCredential(s, academie, learner.email, PEDAGOGIEK);
    const parts = [...learner.parts, external];

    // The credential itself verifies anywhere: a did:key resolves from the key it names.
    const verified = await verify(external);
    expect(verified.status, verified.text).toBe(200);
    expect(issuerCheck(verified.body)).toEqual({ check: 'issuer', ok: true, message: 'did:key issuer' });

    // HAN does not trust the academie yet: only its credential is refused, naming the issuer.
    const before = s.t.rowCounts();
    const untrusted = await award(learner.id, parts);
    expect(untrusted.status, untrusted.text).toBe(422);
    expect(untrusted.body.errors).toEqual([
      { path: 'body.credentials[4].issuer', message: `issuer ${academie.did} is not recognised by 'han'` },
    ]);
    expect(s.t.rowCounts()).toEqual(before);

    const recognised = await recognise({ issuer: academie.did });
    expect(recognised.status, recognised.text).toBe(201);
    expect(recognised.body).toMatchObject({ institutionId: 'han', issuer: { did: academie.did } });
    expect(recognised.body.issuer.institutionId).toBeUndefined();
    expect(recognised.body.didDocument).toBeUndefined();

    const res = await award(learner.id, parts);
    expect(res.status, res.text).toBe(201);
    const clr = res.body.verifiableCredential as Json;
    expect(clr.issuer.id).toBe('did:web:localhost%3A8787:institutions:han');
    expect(clr.credentialSubject.verifiableCredential).toEqual(parts);
    expect(clr.credentialSubject.association[4]).toEqual({
      type: 'Association',
      associationType: 'isPartOf',
      sourceId: (external.credentialSubject as Json).achievement.id,
      targetId: `${base}/qualifications/${nedId}`,
    });
    const clrVerified = await verify(clr);
    expect(clrVerified.status, clrVerified.text).toBe(200);
    expect((await verify(clr.credentialSubject.verifiableCredential[4])).status).toBe(200);

    // The audit says how each part was bound to the learner: ours by email too, as the academie's.
    const audit = s.t.db.sqlite
      .prepare("SELECT detail FROM audit_event WHERE action = 'qualification.awarded' AND resource_id = ?")
      .get(clr.id) as { detail: string };
    expect(JSON.parse(audit.detail).parts[4]).toEqual({
      id: external.id,
      issuer: academie.did,
      binding: 'identifier',
    });
  });

  it('an external did:web verifies for HAN from the DID document HAN pinned, stacks, and survives a key rotation; the pin counts for HAN only', async () => {
    const did = 'did:web:academie.example:nl';
    const key1 = await didWebIssuer(did, 'Academie voor Onderwijs', 'key-1');
    const first = await learnerWithNcoiModules();
    const signedBefore = await externalCredential(s, key1, first.email, PEDAGOGIEK);
    const unreachable = `${did} cannot be resolved: https://academie.example/nl/did.json could not be fetched: this test app reaches no network`;

    // Nobody pinned it: its DID is resolved from its host, which this test app cannot reach.
    const unknown = await verify(signedBefore);
    expect(unknown.status).toBe(422);
    expect(failedChecks(unknown.body)).toEqual(['signature', 'issuer']);
    expect(issuerCheck(unknown.body).message).toBe(unreachable);

    const recognised = await recognise({ issuer: did, didDocument: didDocumentOf(key1) });
    expect(recognised.status, recognised.text).toBe(201);
    expect(recognised.body.issuer).toEqual({ did });
    expect(recognised.body.didDocument).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        {
          id: `${did}#key-1`,
          type: 'Multikey',
          controller: did,
          publicKeyMultibase: key1.key.publicKeyMultibase,
        },
      ],
      assertionMethod: [`${did}#key-1`],
    });
    const listed = await s.t.call('GET', '/institutions/han/recognitions', { as: han });
    expect(listed.body.items.find((r: Json) => r.issuer.did === did).didDocument).toEqual(
      recognised.body.didDocument,
    );

    const verified = await verify(signedBefore, 'han');
    expect(verified.status, verified.text).toBe(200);
    expect(issuerCheck(verified.body)).toEqual({
      check: 'issuer',
      ok: true,
      message: "the DID document 'han' pinned with its recognition",
    });
    expect(verified.body.issuer).toBe(did);
    expect(verified.body.trust).toMatchObject({ institutionId: 'han', trusted: true });
    // HAN's pin is HAN's: the public verifier and KW1C still resolve the DID from its host.
    expect(issuerCheck((await verify(signedBefore)).body).message).toBe(unreachable);
    expect(issuerCheck((await verify(signedBefore, 'kw1c')).body).message).toBe(unreachable);

    const awarded = await award(first.id, [...first.parts, signedBefore]);
    expect(awarded.status, awarded.text).toBe(201);
    expect(awarded.body.verifiableCredential.credentialSubject.verifiableCredential[4]).toEqual(signedBefore);
    expect((await verify(awarded.body.verifiableCredential)).status).toBe(200);

    // The academie rotates to key-2: until HAN pins the new document, key-2 is not its key for HAN.
    const key2 = await didWebIssuer(did, 'Academie voor Onderwijs', 'key-2');
    const second = await learnerWithNcoiModules();
    const signedAfter = await externalCredential(s, key2, second.email, PEDAGOGIEK);
    const notYet = await verify(signedAfter, 'han');
    expect(failedChecks(notYet.body)).toEqual(['signature', 'issuer', 'trust']);
    expect(issuerCheck(notYet.body).message).toBe(
      `${did}#key-2 is not an assertion key of ${did} (the DID document 'han' pinned with its recognition)`,
    );

    const auditsBefore = s.t.rowCounts().audit_event ?? 0;
    const rotated = await pin('han', recognised.body.id, didDocumentOf(key1, key2));
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.didDocument.assertionMethod).toEqual([`${did}#key-1`, `${did}#key-2`]);
    expect(rotated.body.createdAt).toBe(recognised.body.createdAt);
    expect(s.t.rowCounts().audit_event).toBe(auditsBefore + 1);
    const audit = s.t.db.sqlite
      .prepare("SELECT actor, detail FROM audit_event WHERE action = 'recognition.did-document-pinned'")
      .get() as { actor: string; detail: string };
    expect(audit.actor).toBe('opleider:opleider-han');
    expect(JSON.parse(audit.detail)).toEqual({
      institutionId: 'han',
      issuer: did,
      before: [`${did}#key-1`],
      after: [`${did}#key-1`, `${did}#key-2`],
    });

    expect((await verify(signedAfter, 'han')).status).toBe(200);
    expect((await verify(signedBefore, 'han')).status).toBe(200);
    const awardedAfter = await award(second.id, [...second.parts, signedAfter]);
    expect(awardedAfter.status, awardedAfter.text).toBe(201);

    // A document without key-1 withdraws it: what it signed no longer verifies, key-2's still does.
    expect((await pin('han', recognised.body.id, didDocumentOf(key2))).status).toBe(200);
    expect(failedChecks((await verify(signedBefore, 'han')).body)).toEqual(['signature', 'issuer', 'trust']);
    expect((await verify(signedAfter, 'han')).status).toBe(200);
  });

  it('recognises an external did:web with or without a pinned document, and refuses a document where none belongs; nothing changes', async () => {
    const did = 'did:web:scholing.example';
    const key = await didWebIssuer(did, 'Scholing');
    const document = didDocumentOf(key);
    const kw1c = (body: unknown) => recognise(body, 'kw1c');
    const withDocument = (change: (d: Json) => void) => {
      const changed = structuredClone(document) as Json;
      change(changed);
      return kw1c({ issuer: did, didDocument: changed });
    };
    const vm = 'body.didDocument.verificationMethod[0]';

    // Without a document it is resolved from its host when it is verified; one can be pinned later.
    const unpinned = await kw1c({ issuer: 'did:web:ongepind.example' });
    expect(unpinned.status, unpinned.text).toBe(201);
    expect(unpinned.body.didDocument).toBeUndefined();
    const later = await pin('kw1c', unpinned.body.id, {
      ...document,
      id: 'did:web:ongepind.example',
      verificationMethod: [
        {
          ...document.verificationMethod[0],
          id: 'did:web:ongepind.example#key-1',
          controller: 'did:web:ongepind.example',
        },
      ],
      assertionMethod: ['did:web:ongepind.example#key-1'],
    });
    expect(later.status, later.text).toBe(200);
    await refused(
      withDocument((d) => {
        d.id = 'did:web:iemand-anders.example';
      }),
      [{ path: 'body.didDocument.id', message: `must be the recognised DID ${did}` }],
    );
    await refused(
      withDocument((d) => {
        d.verificationMethod[0].controller = 'did:web:iemand-anders.example';
      }),
      [{ path: `${vm}.controller`, message: `must be ${did}` }],
    );
    await refused(
      withDocument((d) => {
        d.verificationMethod[0].id = 'did:web:iemand-anders.example#key-1';
        d.assertionMethod = ['did:web:iemand-anders.example#key-1'];
      }),
      [{ path: `${vm}.id`, message: `must be a key of ${did}: ${did}#…` }],
    );
    await refused(
      withDocument((d) => {
        d.assertionMethod = [`${did}#key-9`];
      }),
      [
        {
          path: 'body.didDocument.assertionMethod[0]',
          message: `${did}#key-9 is not the id of a verificationMethod of this document`,
        },
      ],
    );
    const typeRefused = await withDocument((d) => {
      d.verificationMethod[0].type = 'JsonWebKey2020';
    });
    expect(typeRefused.status).toBe(422);
    expect(typeRefused.body.errors.map((e: Json) => e.path)).toEqual([`${vm}.type`]);
    // An X25519 key (z6LS…), and a z6Mk key one character short: neither is an Ed25519 Multikey.
    for (const publicKeyMultibase of [
      'z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc',
      key.key.publicKeyMultibase.slice(0, -1),
    ])
      await refused(
        withDocument((d) => {
          d.verificationMethod[0].publicKeyMultibase = publicKeyMultibase;
        }),
        [
          {
            path: `${vm}.publicKeyMultibase`,
            message: 'an Ed25519 public key as a multibase Multikey (z6Mk…)',
          },
        ],
      );
    const extra = await withDocument((d) => {
      d.service = [{ id: `${did}#linked`, type: 'LinkedDomains', serviceEndpoint: 'https://x.example' }];
    });
    expect(extra.status).toBe(422);
    expect(extra.body.errors[0].path).toBe('body.didDocument');
    expect(extra.body.errors[0].message).toContain('service');

    const didKey = await didKeyIssuer('Elders');
    await refused(kw1c({ issuer: didKey.did, didDocument: document }), [
      { path: 'body.didDocument', message: 'a did:key is resolved from the key it names; send none' },
    ]);
    await refused(kw1c({ issuer: 'ncoi', didDocument: document }), [
      {
        path: 'body.didDocument',
        message: "the DID document of instelling 'ncoi' is served by this service; send none",
      },
    ]);
    await refused(kw1c({ issuer: 'did:web:localhost%3A8787:verzonnen' }), [
      { path: 'body.issuer', message: 'a did:web of this service that names no instelling' },
    ]);
    expect((await kw1c({ issuer: `${did}#key-1`, didDocument: document })).status).toBe(422);

    // Pinned once; a second POST is a 409 that says how to replace the document.
    const recognised = await kw1c({ issuer: did, didDocument: document });
    expect(recognised.status, recognised.text).toBe(201);
    const again = await kw1c({ issuer: did, didDocument: document });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(
      `'kw1c' already recognises ${did} (recognition '${recognised.body.id}'). To pin or replace its ` +
        `DID document: PUT /institutions/kw1c/recognitions/${recognised.body.id}/did-document.`,
    );

    // Replacing it: the same checks, on the instelling's own did:web recognitions only.
    const badController = structuredClone(document) as Json;
    badController.verificationMethod[0].controller = 'did:web:iemand-anders.example';
    await refused(pin('kw1c', recognised.body.id, badController), [
      { path: 'body.verificationMethod[0].controller', message: `must be ${did}` },
    ]);
    const ncoi = await kw1c({ issuer: 'ncoi' });
    expect(ncoi.status, ncoi.text).toBe(201);
    await refused(pin('kw1c', ncoi.body.id, document), [
      {
        path: 'path.recognitionId',
        message:
          "it recognises did:web:localhost%3A8787:institutions:ncoi: the DID document of instelling 'ncoi' " +
          'is served by this service; nothing is pinned',
      },
    ]);
    const before = s.t.rowCounts();
    expect((await pin('kw1c', recognised.body.id, document, han)).status).toBe(403);
    expect((await pin('han', recognised.body.id, document)).status).toBe(404);
    expect((await pin('kw1c', 'onbekend', document)).status).toBe(404);
    expect(s.t.rowCounts()).toEqual(before);
    const stored = s.t.db.sqlite
      .prepare('SELECT did_document FROM recognition WHERE id = ?')
      .get(recognised.body.id) as { did_document: string };
    expect(JSON.parse(stored.did_document)).toEqual(recognised.body.didDocument);
  });

  it("a different pin by one instelling never breaks a genuine issuer for another, and a credential forged under another's pin is trusted by nobody else", async () => {
    const did = 'did:web:gedeeld.example';
    const genuine = await didWebIssuer(did, 'Gedeelde Academie', 'key-1');
    // A key only KW1C's document lists: one KW1C's opleider made up, to sign under the academie's DID.
    const forger = await didWebIssuer(did, 'Gedeelde Academie', 'key-x');
    const hanPin = await recognise({ issuer: did, didDocument: didDocumentOf(genuine) });
    expect(hanPin.status, hanPin.text).toBe(201);
    const kw1cPin = await recognise({ issuer: did, didDocument: didDocumentOf(forger) }, 'kw1c');
    expect(kw1cPin.status, kw1cPin.text).toBe(201);

    const real = await externalCredential(s, genuine, 'iemand@example.nl', PEDAGOGIEK);
    const forged = await externalCredential(s, forger, 'iemand@example.nl', PEDAGOGIEK);

    // The genuine credential verifies for HAN, whatever KW1C pinned.
    const forHan = await verify(real, 'han');
    expect(forHan.status, forHan.text).toBe(200);
    expect(forHan.body.trust).toMatchObject({ institutionId: 'han', trusted: true });

    // The forged one: KW1C's own pin is KW1C's decision, and nobody else's.
    expect((await verify(forged, 'kw1c')).status).toBe(200);
    const forgedForHan = await verify(forged, 'han');
    expect(forgedForHan.status).toBe(422);
    expect(failedChecks(forgedForHan.body)).toEqual(['signature', 'issuer', 'trust']);
    expect(issuerCheck(forgedForHan.body).message).toBe(
      `${did}#key-x is not an assertion key of ${did} (the DID document 'han' pinned with its recognition)`,
    );
    expect(forgedForHan.body.checks.find((c: Json) => c.check === 'trust')).toEqual({
      check: 'trust',
      ok: false,
      message: 'not established: the credential does not verify, so who issued it is not proven',
    });
    const forgedPublicly = await verify(forged);
    expect(forgedPublicly.status).toBe(422);
    expect(forgedPublicly.body.checks.map((c: Json) => c.check)).not.toContain('trust');
    expect(failedChecks(forgedPublicly.body)).toEqual(['signature', 'issuer']);
    const forgedForRivor = await verify(forged, 'roc-rivor');
    expect(failedChecks(forgedForRivor.body)).toEqual(['signature', 'issuer', 'trust']);

    // KW1C replacing its pin changes nothing for HAN either.
    expect((await pin('kw1c', kw1cPin.body.id, didDocumentOf(genuine, forger))).status).toBe(200);
    expect((await verify(real, 'han')).status).toBe(200);
    expect((await verify(forged, 'han')).status).toBe(422);
  });

  it('a did:web recognised without a pinned document is resolved from its host: unreachable here, it is refused naming the URL, until HAN pins one', async () => {
    const did = 'did:web:vroeger.example';
    const key = await didWebIssuer(did, 'Vroeger Erkend');
    const learner = await learnerWithNcoiModules();
    const external = await externalCredential(s, key, learner.email, PEDAGOGIEK);
    // KW1C pinned the document; HAN's recognition has none (as all did before migration 0010).
    expect((await recognise({ issuer: did, didDocument: didDocumentOf(key) }, 'kw1c')).status).toBe(201);
    s.t.db.sqlite
      .prepare(
        "INSERT INTO recognition (id, institution_id, issuer_did, created_at, created_by) VALUES ('oud', 'han', ?, '2026-01-05T10:00:00.000Z', 'opleider:opleider-han')",
      )
      .run(did);
    expect((await verify(external, 'kw1c')).status).toBe(200);
    expect((await verify(external)).status).toBe(422);

    const refusedAward = await award(learner.id, [...learner.parts, external]);
    expect(refusedAward.status, refusedAward.text).toBe(422);
    expect(refusedAward.body.errors).toContainEqual({
      path: 'body.credentials[4]',
      message:
        "check 'issuer' failed: did:web:vroeger.example cannot be resolved: " +
        'https://vroeger.example/.well-known/did.json could not be fetched: this test app reaches no network',
    });

    expect((await pin('han', 'oud', didDocumentOf(key))).status).toBe(200);
    const res = await award(learner.id, [...learner.parts, external]);
    expect(res.status, res.text).toBe(201);
  });

  it('withdraws a recognition: that instelling trusts the issuer no longer, another as before', async () => {
    const academie = await didKeyIssuer('Academie Noord');
    const learner = await learnerWithNcoiModules();
    const external = await externalCredential(s, academie, learner.email, PEDAGOGIEK);
    const recognised = await recognise({ issuer: academie.did });
    expect(recognised.status, recognised.text).toBe(201);
    expect((await recognise({ issuer: academie.did }, 'kw1c')).status).toBe(201);
    expect((await verify(external, 'han')).body.trust).toMatchObject({ institutionId: 'han', trusted: true });

    const path = `/institutions/han/recognitions/${recognised.body.id}/withdraw`;
    const before = s.t.rowCounts();
    expect((await s.t.call('POST', path, { as: opleider('kw1c') })).status).toBe(403);
    expect(s.t.rowCounts()).toEqual(before);
    const withdrawn = await s.t.call('POST', path, { as: han });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: recognised.body.id, issuer: { did: academie.did } });

    const untrusted = await verify(external, 'han');
    expect(failedChecks(untrusted.body)).toEqual(['trust']);
    expect(untrusted.body.checks.find((c: Json) => c.check === 'trust').message).toBe(
      `issuer ${academie.did} is not recognised by 'han'`,
    );
    expect((await verify(external, 'kw1c')).body.trust).toMatchObject({
      institutionId: 'kw1c',
      trusted: true,
    });
    expect((await s.t.call('POST', path, { as: han })).status).toBe(404);
    const audit = s.t.db.sqlite
      .prepare("SELECT detail FROM audit_event WHERE action = 'recognition.withdrawn' AND resource_id = ?")
      .get(recognised.body.id) as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ institutionId: 'han', issuer: academie.did });
    // Trusting it again is a new decision, and a new recognition.
    expect((await recognise({ issuer: academie.did })).status).toBe(201);
  });

  it('answers a withdrawal with the recognition withdrawn, as the list and its OpenAPI schema have it', async () => {
    const academie = await didKeyIssuer('Academie West');
    const recognised = await recognise({ issuer: academie.did });
    expect(recognised.status, recognised.text).toBe(201);
    const listed = async () =>
      (await s.t.call('GET', '/institutions/han/recognitions', { as: han })).body.items.map(
        (r: Json) => r.id,
      );
    expect(await listed()).toContain(recognised.body.id);

    const path = `/institutions/han/recognitions/${recognised.body.id}/withdraw`;
    const withdrawn = await s.t.call('POST', path, { as: han });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.body).toEqual({ ...recognised.body, withdrawnAt: '2026-11-22T09:00:00.000Z' });
    // Withdrawn is gone from what HAN trusts: the list no longer names it.
    expect(await listed()).not.toContain(recognised.body.id);

    const doc = (await s.t.call('GET', '/openapi.json')).body;
    const answer = doc.paths['/institutions/{id}/recognitions/{recognitionId}/withdraw'].post.responses[200];
    expect(answer.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/WithdrawnRecognition',
    });
    // The recognition's own schema, and withdrawnAt required beside it.
    const { allOf } = doc.components.schemas.WithdrawnRecognition;
    expect(allOf).toContainEqual({ $ref: '#/components/schemas/Recognition' });
    expect(allOf).toContainEqual(expect.objectContaining({ required: ['withdrawnAt'] }));
  });
});
