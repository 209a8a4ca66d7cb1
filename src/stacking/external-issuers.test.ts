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
  const verify = (verifiableCredential: unknown) =>
    s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
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

  it('an external did:web verifies from the DID document pinned with its recognition, stacks, and survives a key rotation', async () => {
    const did = 'did:web:academie.example:nl';
    const key1 = await didWebIssuer(did, 'Academie voor Onderwijs', 'key-1');
    const first = await learnerWithNcoiModules();
    const signedBefore = await externalCredential(s, key1, first.email, PEDAGOGIEK);

    // Not recognised by anyone: its DID is not resolved (never fetched) and it is no known issuer.
    const unknown = await verify(signedBefore);
    expect(unknown.status).toBe(422);
    expect(failedChecks(unknown.body)).toEqual(['signature', 'issuer']);
    expect(issuerCheck(unknown.body).message).toBe(
      `${did} is not a known issuer: not an instelling of this service, and no instelling recognised it ` +
        'with a pinned DID document',
    );

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

    const verified = await verify(signedBefore);
    expect(verified.status, verified.text).toBe(200);
    expect(issuerCheck(verified.body)).toEqual({
      check: 'issuer',
      ok: true,
      message: 'issuer recognised by han (pinned DID document)',
    });

    const awarded = await award(first.id, [...first.parts, signedBefore]);
    expect(awarded.status, awarded.text).toBe(201);
    expect(awarded.body.verifiableCredential.credentialSubject.verifiableCredential[4]).toEqual(signedBefore);
    expect((await verify(awarded.body.verifiableCredential)).status).toBe(200);

    // The academie rotates to key-2: until HAN pins the new document, key-2 is nobody's key.
    const key2 = await didWebIssuer(did, 'Academie voor Onderwijs', 'key-2');
    const second = await learnerWithNcoiModules();
    const signedAfter = await externalCredential(s, key2, second.email, PEDAGOGIEK);
    const notYet = await verify(signedAfter);
    expect(failedChecks(notYet.body)).toEqual(['signature', 'issuer']);
    expect(issuerCheck(notYet.body).message).toBe(
      `${did}#key-2 is not an assertion key of ${did}: not in the DID document pinned by han`,
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

    expect((await verify(signedAfter)).status).toBe(200);
    expect((await verify(signedBefore)).status).toBe(200);
    const awardedAfter = await award(second.id, [...second.parts, signedAfter]);
    expect(awardedAfter.status, awardedAfter.text).toBe(201);

    // A document without key-1 withdraws it: what it signed no longer verifies, key-2's still does.
    expect((await pin('han', recognised.body.id, didDocumentOf(key2))).status).toBe(200);
    expect(failedChecks((await verify(signedBefore)).body)).toEqual(['signature', 'issuer']);
    expect((await verify(signedAfter)).status).toBe(200);
  });

  it('refuses an external did:web without its own DID document, and a document where none belongs; nothing changes', async () => {
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

    await refused(kw1c({ issuer: did }), [
      {
        path: 'body.didDocument',
        message:
          `required for ${did}: this service never fetches a DID, so the DID document of a did:web ` +
          'outside it is pinned with the recognition (and replaced when the issuer rotates its keys)',
      },
    ]);
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
      `'kw1c' already recognises ${did} (recognition '${recognised.body.id}'). To replace its pinned ` +
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

  it('two instellingen pinning different documents for one DID: only the keys both list alike verify', async () => {
    const did = 'did:web:gedeeld.example';
    const key1 = await didWebIssuer(did, 'Gedeelde Academie', 'key-1');
    // A key only KW1C's document lists: a rotation HAN has not pinned yet, or a key KW1C made up.
    const keyX = await didWebIssuer(did, 'Gedeelde Academie', 'key-x');
    const hanPin = await recognise({ issuer: did, didDocument: didDocumentOf(key1) });
    expect(hanPin.status, hanPin.text).toBe(201);
    const kw1cPin = await recognise({ issuer: did, didDocument: didDocumentOf(key1, keyX) }, 'kw1c');
    expect(kw1cPin.status, kw1cPin.text).toBe(201);

    const byKey1 = await externalCredential(s, key1, 'iemand@example.nl', PEDAGOGIEK);
    const byKeyX = await externalCredential(s, keyX, 'iemand@example.nl', PEDAGOGIEK);
    const agreed = await verify(byKey1);
    expect(agreed.status, agreed.text).toBe(200);
    expect(issuerCheck(agreed.body).message).toBe('issuer recognised by han, kw1c (pinned DID document)');
    const disputed = await verify(byKeyX);
    expect(failedChecks(disputed.body)).toEqual(['signature', 'issuer']);
    expect(issuerCheck(disputed.body).message).toBe(
      `${did}#key-x is not an assertion key of ${did}: not listed alike in every pinned DID document (han, kw1c)`,
    );
    expect(disputed.body.checks.find((c: Json) => c.check === 'signature').message).toContain(
      'not listed alike in every pinned DID document (han, kw1c)',
    );

    // The same key id with another public key counts as disagreement too.
    const forged = { ...key1, key: keyX.key };
    expect((await pin('kw1c', kw1cPin.body.id, didDocumentOf(forged))).status).toBe(200);
    expect(failedChecks((await verify(byKey1)).body)).toEqual(['signature', 'issuer']);

    // Once both list both keys alike, both verify.
    expect((await pin('han', hanPin.body.id, didDocumentOf(key1, keyX))).status).toBe(200);
    expect((await pin('kw1c', kw1cPin.body.id, didDocumentOf(key1, keyX))).status).toBe(200);
    expect((await verify(byKey1)).status).toBe(200);
    expect((await verify(byKeyX)).status).toBe(200);
  });

  it('a did:web recognised before documents were pinned counts for the award only once pinned', async () => {
    const did = 'did:web:vroeger.example';
    const key = await didWebIssuer(did, 'Vroeger Erkend');
    const learner = await learnerWithNcoiModules();
    const external = await externalCredential(s, key, learner.email, PEDAGOGIEK);
    // KW1C pinned the document; HAN's recognition dates from before migration 0010 and has none.
    expect((await recognise({ issuer: did, didDocument: didDocumentOf(key) }, 'kw1c')).status).toBe(201);
    s.t.db.sqlite
      .prepare(
        "INSERT INTO recognition (id, institution_id, issuer_did, created_at, created_by) VALUES ('oud', 'han', ?, '2026-01-05T10:00:00.000Z', 'opleider:opleider-han')",
      )
      .run(did);
    expect((await verify(external)).status).toBe(200);

    const refusedAward = await award(learner.id, [...learner.parts, external]);
    expect(refusedAward.status, refusedAward.text).toBe(422);
    expect(refusedAward.body.errors).toEqual([
      { path: 'body.credentials[4].issuer', message: `issuer ${did} is not recognised by 'han'` },
    ]);

    expect((await pin('han', 'oud', didDocumentOf(key))).status).toBe(200);
    const res = await award(learner.id, [...learner.parts, external]);
    expect(res.status, res.text).toBe(201);
  });
});
