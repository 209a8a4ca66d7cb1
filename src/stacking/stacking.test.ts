import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential, CLR_VOCAB, canonize, hashedEmailIdentity } from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';
import { holderDidKey, present } from '../verification/holder.test-support.js';
import { learnerBinding } from './learner-binding.js';
import { moduleCredential as issueModuleCredential, MODULES, NL } from './stacking.test-support.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;

describe('stacking credentials from several instellingen into a qualification', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let nedId: string;
  let krista: { id: string; as: Json };
  /** Krista holds NED-2G after the first test; the refusals are about Kees, who holds nothing yet. */
  let kees: { id: string; as: Json };
  const han = opleider('han');
  const base = 'http://localhost:8787';

  const moduleCredential = (key: string, email: string, holder?: string) =>
    issueModuleCredential(s, key, email, holder);
  const award = (credentials: unknown[], learnerId = krista.id, as = han) =>
    s.t.call('POST', `/qualifications/${nedId}/awards`, { as, body: { learnerId, credentials } });
  const verify = (verifiableCredential: unknown) =>
    s.t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

  beforeAll(async () => {
    s = await startScenarioApp();
    nedId = s.qualificationId('han/NED-2G');
    const grants = [
      { kind: 'institution' as const, id: 'ncoi' },
      { kind: 'institution' as const, id: 'han' },
    ];
    krista = await s.enrol('krista', 'Krista de Boer', { grants });
    kees = await s.enrol('kees', 'Kees Visser', { grants });
  }, 30_000);

  it('a stack from two instellingen gives a ClrCredential that verifies with all its parts', async () => {
    const holder = await holderDidKey();
    const parts = [];
    for (const key of Object.keys(MODULES))
      parts.push(await moduleCredential(key, 'krista@example.nl', holder.did));

    // HAN does not (yet) trust NCOI: the NCOI credentials are refused, each named.
    const untrusted = await award(parts);
    expect(untrusted.status, untrusted.text).toBe(422);
    expect(untrusted.body.errors).toHaveLength(4);
    expect(untrusted.body.errors[0]).toEqual({
      path: 'body.credentials[0].issuer',
      message: "issuer did:web:localhost%3A8787:institutions:ncoi is not recognised by 'han'",
    });

    const recognised = await s.t.call('POST', '/institutions/han/recognitions', {
      as: han,
      body: { issuer: 'ncoi' },
    });
    expect(recognised.status, recognised.text).toBe(201);
    expect(recognised.body.issuer).toEqual({
      institutionId: 'ncoi',
      did: 'did:web:localhost%3A8787:institutions:ncoi',
    });

    const before = s.t.rowCounts();
    const res = await award(parts);
    expect(res.status, res.text).toBe(201);
    const clr = res.body.verifiableCredential as Json;
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(clr.issuer.id).toBe('did:web:localhost%3A8787:institutions:han');
    expect(clr.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    const subject = clr.credentialSubject;
    expect(subject.type).toEqual(['ClrSubject']);
    expect(subject.id).toBe(holder.did);
    expect(subject.achievement[0].id).toBe(`${base}/qualifications/${nedId}`);
    expect(subject.verifiableCredential).toEqual(parts);
    expect(subject.association).toEqual(
      parts.map((p: Json) => ({
        type: 'Association',
        associationType: 'isPartOf',
        sourceId: p.credentialSubject.achievement.id,
        targetId: `${base}/qualifications/${nedId}`,
      })),
    );

    // The CLR terms expand to the CLR 2.0 vocabulary; nothing falls back to `issuer-dependent`.
    const nquads = await canonize(clr, signingDocumentLoader(s.t.deps));
    for (const term of [
      'ClrCredential',
      'ClrSubject',
      'association',
      'verifiableCredential',
      'sourceId',
      'targetId',
    ])
      expect(nquads).toContain(`<${CLR_VOCAB}${term}>`);
    expect(nquads).not.toContain('issuer-dependent');

    const verified = await verify(clr);
    expect(verified.status, verified.text).toBe(200);
    for (const part of subject.verifiableCredential) expect((await verify(part)).status).toBe(200);

    // Stored for the learner (not for a route or module), and audited.
    const row = s.t.db.sqlite.prepare('SELECT * FROM credential WHERE id = ?').get(clr.id) as Json;
    expect(row).toMatchObject({
      institution_id: 'han',
      learner_id: krista.id,
      route_id: null,
      module_id: null,
    });
    expect(JSON.parse(row.document)).toEqual(clr);
    expect(s.t.rowCounts().audit_event).toBe((before.audit_event ?? 0) + 1);
    const wallet = await s.t.call('GET', `/learners/${krista.id}/credentials`, { as: krista.as });
    expect(wallet.body.items.map((c: Json) => c.id)).toContain(clr.id);

    // Changing an embedded part breaks the CLR's own signature.
    const tampered = structuredClone(clr);
    tampered.credentialSubject.verifiableCredential[0].credentialSubject.achievement.name = 'Iets anders';
    expect((await verify(tampered)).body.checks).toContainEqual(
      expect.objectContaining({ check: 'signature', ok: false }),
    );

    // Krista presents it from her wallet; the verifier checks her proof and the CLR with all its parts.
    const vp = await present(s.t.deps, holder, [clr], {
      challenge: 'n-0451',
      domain: 'https://yuverta.example',
    });
    const presented = await s.t.call('POST', '/presentations/verify', {
      body: {
        verifiablePresentation: vp,
        options: { challenge: 'n-0451', domain: 'https://yuverta.example' },
      },
    });
    expect(presented.status, presented.text).toBe(200);
    expect(presented.body.checks.map((c: Json) => c.target)).toContain(
      'verifiableCredential[0].credentialSubject.verifiableCredential[4]',
    );
  });

  it('lists what the stack rule still misses', async () => {
    const ncoiOnly = [];
    for (const key of Object.keys(MODULES).filter((k) => k.startsWith('ncoi/')))
      ncoiOnly.push(await moduleCredential(key, 'kees@example.nl'));
    const res = await award(ncoiOnly, kees.id);
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('The stack rule is not met');
    expect(res.body.errors).toEqual([
      {
        path: 'body.credentials',
        message: `Pedagogiek en klassenmanagement: missing competency ${NL('pedagogiek')}, competency ${NL('klassenmanagement')}`,
      },
    ]);
  });

  it("refuses a credential that does not verify, is someone else's, repeats, or does not count", async () => {
    const pk = await moduleCredential('han/NED-PK', 'kees@example.nl');
    const tampered = structuredClone(pk) as Json;
    tampered.credentialSubject.achievement.name = 'Iets anders';
    const bad = await award([tampered], kees.id);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toEqual({
      path: 'body.credentials[0]',
      message: expect.stringMatching(/^check 'signature' failed/),
    });

    const someoneElse = await moduleCredential('han/NED-PK', 'iemand@example.nl');
    const notHis = await award([someoneElse], kees.id);
    expect(notHis.status).toBe(422);
    expect(notHis.body.errors[0].path).toBe('body.credentials[0].credentialSubject');

    expect((await award([pk, pk], kees.id)).body.errors[0]).toEqual({
      path: 'body.credentials[1]',
      message: 'the same credential as body.credentials[0]',
    });

    const others = [];
    for (const key of Object.keys(MODULES)) others.push(await moduleCredential(key, 'kees@example.nl'));
    const unrelated = await s.t.call('POST', '/credentials/issue', {
      as: han,
      body: {
        credential: buildModuleCredential({
          ...sampleInput(s.t.deps, 'han'),
          learner: { name: 'Kees', identifier: hashedEmailIdentity('kees@example.nl', 'x') },
        }),
      },
    });
    const extra = await award([...others, unrelated.body.verifiableCredential], kees.id);
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([
      { path: 'body.credentials[5]', message: "does not count toward qualification 'NED-2G'" },
    ]);
  });

  it('binds a credential to the learner by their wallet here, with the same proof, or by their email', async () => {
    const learner = s.t.db.sqlite.prepare('SELECT * FROM learner WHERE id = ?').get(krista.id) as Json;
    const byEmail = await moduleCredential('han/NED-PK', 'Krista@Example.nl');
    expect(await learnerBinding(s.t.deps, learner, byEmail)).toBe('identifier');
    const other = await moduleCredential('han/NED-PK', 'iemand@example.nl');
    expect(await learnerBinding(s.t.deps, learner, other)).toBeUndefined();
    s.t.db.sqlite.prepare('UPDATE credential SET learner_id = ? WHERE id = ?').run(krista.id, other.id);
    expect(await learnerBinding(s.t.deps, learner, other)).toBe('wallet');
    const otherProof = { ...other, proof: { ...(other.proof as Json), proofValue: 'z3FXQ' } };
    expect(await learnerBinding(s.t.deps, learner, otherProof)).toBeUndefined();
  });

  it('only an opleider of the awarding instelling, for a learner who granted it access', async () => {
    const pk = await moduleCredential('han/NED-PK', 'krista@example.nl');
    expect((await award([pk], krista.id, opleider('ncoi'))).status).toBe(403);
    expect((await award([pk], krista.id, krista.as)).status).toBe(403);
    const stranger = await s.enrol('stranger', 'Zonder Toestemming', { grants: [] });
    expect((await award([pk], stranger.id)).status).toBe(403);
    expect(
      (
        await s.t.call('POST', '/qualifications/nope/awards', {
          as: han,
          body: { learnerId: krista.id, credentials: [pk] },
        })
      ).status,
    ).toBe(404);
  });

  it("recognitions: by the instelling's own opleider, never itself, once each, slugs or DIDs", async () => {
    const add = (issuer: string, as = opleider('kw1c')) =>
      s.t.call('POST', '/institutions/kw1c/recognitions', { as, body: { issuer } });
    expect((await add('roc-rivor')).status).toBe(201);
    expect((await add('did:web:localhost%3A8787:institutions:roc-rivor')).status).toBe(409);
    expect((await add('kw1c')).status).toBe(422);
    expect((await add('nope')).status).toBe(422);
    expect((await add('NOT A DID')).status).toBe(422);
    expect((await add('roc-rivor', opleider('han'))).status).toBe(403);
    const external = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    expect((await add(external)).status).toBe(201);
    const list = await s.t.call('GET', '/institutions/kw1c/recognitions', { as: opleider('han') });
    expect(list.status).toBe(200);
    expect(list.body.self).toEqual({
      institutionId: 'kw1c',
      did: 'did:web:localhost%3A8787:institutions:kw1c',
    });
    expect(list.body.items.map((r: Json) => r.issuer.did).sort()).toEqual(
      [external, 'did:web:localhost%3A8787:institutions:roc-rivor'].sort(),
    );
  });
});
