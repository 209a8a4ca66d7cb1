import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { didKeyIssuer, externalCredential, MODULES, moduleCredential, NL } from './stacking.test-support.js';

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

  /** A new learner who granted NCOI and HAN access, with the four NCOI credentials toward NED-2G. */
  async function learnerWithNcoiModules() {
    const sub = `extern-${++enrolled}`;
    const learner = await s.enrol(sub, `Leerling ${enrolled}`, {
      grants: [
        { kind: 'institution', id: 'ncoi' },
        { kind: 'institution', id: 'han' },
      ],
    });
    const parts = [];
    for (const key of NCOI_MODULES) parts.push(await moduleCredential(s, key, `${sub}@example.nl`));
    return { id: learner.id, email: `${sub}@example.nl`, parts };
  }
  const award = (learnerId: string, credentials: unknown[]) =>
    s.t.call('POST', `/qualifications/${nedId}/awards`, { as: han, body: { learnerId, credentials } });
  const verify = (verifiableCredential: unknown) =>
    s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const recognise = (body: unknown, institution = 'han') =>
    s.t.call('POST', `/institutions/${institution}/recognitions`, { as: opleider(institution), body });
  const issuerCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'issuer');

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
});
