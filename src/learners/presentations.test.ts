import { beforeAll, describe, expect, it } from 'vitest';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import type { Json } from '../../tests/support/target.js';
import { opleider } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential, type JsonObject } from '../credentials/index.js';
import { present } from '../verification/holder.test-support.js';
import { didKeyWallet, registerDid } from './holder-wallet.test-support.js';

const TAAL = 'https://id.loopbrug.nl/kd/generiek-nederlands';
const NEDERLANDS_2F = [`${TAAL}/2f-lezen`, `${TAAL}/2f-schrijven`, `${TAAL}/2f-mondeling`];

type Wallet = Awaited<ReturnType<typeof didKeyWallet>>;

describe('presenting credentials to an instelling (one deployment: ROC Rivor issues, KW1C verifies)', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const kw1c = opleider('kw1c');
  const rivor = opleider('roc-rivor');

  /** A learner who granted KW1C their profile and evidence and registered a did:key. */
  async function learnerWithDid(sub: string) {
    const enrolled = await s.enrol(sub, `Lerende ${sub}`, { grants: [{ kind: 'institution', id: 'kw1c' }] });
    const wallet = await didKeyWallet();
    await registerDid(s.t, enrolled, wallet);
    return { ...enrolled, wallet };
  }

  /** A Nederlands 2F microcredential an instelling issues (VC-API) to a holder DID. */
  async function nederlands2F(institution: string, holder: string): Promise<JsonObject> {
    const input = sampleInput(s.t.deps, institution);
    const credential = buildModuleCredential({
      ...input,
      issuer: { ...input.issuer, name: institution === 'roc-rivor' ? 'ROC Rivor' : input.issuer.name },
      learner: { ...input.learner, id: holder },
      moduleVersion: {
        ...input.moduleVersion,
        code: 'RIV-NL2F',
        title: 'Nederlands 2F',
        competencies: NEDERLANDS_2F.map((uri) => ({ uri, title: uri.split('/').at(-1) ?? uri })),
      },
      outcomes: [{ ...(input.outcomes[0] as (typeof input.outcomes)[number]), competencies: NEDERLANDS_2F }],
    });
    const res = await s.t.call('POST', '/credentials/issue', {
      as: opleider(institution),
      body: { credential },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.verifiableCredential;
  }

  const ask = async (learner: { id: string; as: Principal }, institution = 'kw1c') =>
    s.expectStatus(
      s.t.call('POST', `/institutions/${institution}/presentation-requests`, {
        as: learner.as,
        body: { learnerId: learner.id },
      }),
      201,
    );
  const answer = (learner: { as: Principal }, request: Json, vp: JsonObject) =>
    s.t.call('POST', `/institutions/${request.institutionId}/presentation-requests/${request.id}/responses`, {
      as: learner.as,
      body: { verifiablePresentation: vp },
    });
  const vpFor = (wallet: Wallet, request: Json, credentials: JsonObject[], options = {}) =>
    present(s.t.deps, wallet, credentials, {
      challenge: request.challenge,
      domain: request.domain,
      ...options,
    });
  const preview = async (learnerId: string) =>
    s.expectStatus(
      s.t.call('POST', '/routes/preview', {
        as: kw1c,
        body: {
          learnerId,
          roleId: s.roleId('hoppenbrouwers/Installatiemedewerker'),
          hoursPerWeek: 24,
          startDate: '2027-01-04',
        },
      }),
      200,
    );
  const nl2f = (plan: Json) => plan.plan.items.find((i: Json) => i.code === 'KW-NL2F');
  const refusedAt = (body: Json) => (body.errors as Json[]).map((e) => e.path);

  beforeAll(async () => {
    s = await startScenarioApp();
    await s.expectStatus(
      s.t.call('POST', '/institutions/kw1c/recognitions', { as: kw1c, body: { issuer: 'roc-rivor' } }),
      201,
    );
  }, 60_000);

  it('the learner presents; KW1C keeps the credential as verified evidence and exempts what it proves', async () => {
    const sanne = await learnerWithDid('sanne-vp');
    const vc = await nederlands2F('roc-rivor', sanne.wallet.did);
    expect(nl2f(await preview(sanne.id)).status).toBe('planned');

    const request = await ask(sanne);
    expect(request).toMatchObject({
      institutionId: 'kw1c',
      learnerId: sanne.id,
      domain: s.t.deps.urls.base,
      holder: sanne.wallet.did,
      expiresAt: '2026-11-22T09:15:00.000Z',
    });
    const res = await answer(sanne, request, await vpFor(sanne.wallet, request, [vc]));
    expect(res.status, res.text).toBe(201);
    expect(res.body.credentials).toEqual([
      expect.objectContaining({
        credentialId: vc.id,
        institutionId: 'kw1c',
        issuer: s.t.deps.urls.issuerDid('roc-rivor'),
        title: 'Nederlands 2F',
        competencies: expect.arrayContaining(NEDERLANDS_2F),
        parts: [],
      }),
    ]);
    for (const as of [sanne.as, kw1c]) {
      const list = await s.t.call('GET', `/learners/${sanne.id}/verified-credentials`, { as });
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: Json) => c.credentialId)).toEqual([vc.id]);
    }
    expect((await s.t.call('GET', `/learners/${sanne.id}/verified-credentials`, { as: rivor })).status).toBe(
      403,
    );

    const item = nl2f(await preview(sanne.id));
    expect(item.status).toBe('exempt');
    expect(item.reasons[0]).toEqual({
      kind: 'exempt',
      evidence: {
        kind: 'verifiable-credential',
        id: vc.id,
        description: expect.stringMatching(/^Nederlands 2F \(ROC Rivor\), verified by kw1c on 2026-11-22$/),
      },
    });
    const exported = await s.t.call('GET', `/learners/${sanne.id}/export`, { as: sanne.as });
    expect(exported.body.verifiedCredentials.map((c: Json) => c.credentialId)).toEqual([vc.id]);
    expect(exported.body.auditEvents.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['presentation.requested', 'presentation.accepted']),
    );
  });

  it('every plan reads the status again: revoked, suspended and reinstated at the issuer', async () => {
    const kees = await learnerWithDid('kees-vp');
    const vc = await nederlands2F('roc-rivor', kees.wallet.did);
    const request = await ask(kees);
    expect((await answer(kees, request, await vpFor(kees.wallet, request, [vc]))).status).toBe(201);
    const id = encodeURIComponent(vc.id as string);
    const status = (action: string) =>
      s.expectStatus(
        s.t.call('POST', `/credentials/${id}/${action}`, { as: rivor, body: { reason: 'test' } }),
        200,
      );

    await status('suspend');
    const suspended = nl2f(await preview(kees.id));
    expect(suspended.status).toBe('planned');
    expect(suspended.reasons).toContainEqual(
      expect.objectContaining({ kind: 'credential-suspended', credentialId: vc.id }),
    );
    await status('reinstate');
    expect(nl2f(await preview(kees.id)).status).toBe('exempt');
    await status('revoke');
    const revoked = nl2f(await preview(kees.id));
    expect(revoked.status).toBe('planned');
    expect(revoked.reasons).toContainEqual(
      expect.objectContaining({ kind: 'credential-revoked', credentialId: vc.id }),
    );
  });

  it('refuses a replay, another challenge or domain, and a holder that is not the learner, storing nothing', async () => {
    const lotte = await learnerWithDid('lotte-vp');
    const vc = await nederlands2F('roc-rivor', lotte.wallet.did);
    const request = await ask(lotte);
    const vp = await vpFor(lotte.wallet, request, [vc]);

    const before = await s.t.rowCounts();
    for (const [why, presentation, path] of [
      [
        'another challenge',
        await vpFor(lotte.wallet, request, [vc], { challenge: 'c-elders' }),
        'body.verifiablePresentation',
      ],
      [
        'another domain',
        await vpFor(lotte.wallet, request, [vc], { domain: 'https://elders.example' }),
        'body.verifiablePresentation',
      ],
      [
        'a stranger’s proof',
        await vpFor(await didKeyWallet(), request, [vc]),
        'body.verifiablePresentation.holder',
      ],
    ] as const) {
      const res = await answer(lotte, request, presentation);
      expect(res.status, why).toBe(422);
      expect(res.body.title, why).toBe('The presentation is not accepted');
      expect(refusedAt(res.body), why).toContain(path);
    }
    expect(await s.t.rowCounts()).toEqual(before);

    expect((await answer(lotte, request, vp)).status).toBe(201);
    const after = await s.t.rowCounts();
    const replay = await answer(lotte, request, vp);
    expect(replay.status).toBe(409);
    expect(replay.body.detail).toMatch(/already answered/);
    expect(await s.t.rowCounts()).toEqual(after);
  });

  it("refuses another learner's credential, a revoked one and one of an issuer KW1C does not trust, naming each", async () => {
    const jan = await learnerWithDid('jan-vp');
    const piet = await learnerWithDid('piet-vp');
    const ofPiet = await nederlands2F('roc-rivor', piet.wallet.did);
    const revoked = await nederlands2F('roc-rivor', jan.wallet.did);
    await s.expectStatus(
      s.t.call('POST', `/credentials/${encodeURIComponent(revoked.id as string)}/revoke`, {
        as: rivor,
        body: { reason: 'ten onrechte afgegeven' },
      }),
      200,
    );
    const untrusted = await nederlands2F('han', jan.wallet.did);
    const request = await ask(jan);
    const before = await s.t.rowCounts();
    const res = await answer(jan, request, await vpFor(jan.wallet, request, [ofPiet, revoked, untrusted]));
    expect(res.status).toBe(422);
    expect(refusedAt(res.body)).toEqual(
      expect.arrayContaining([
        'body.verifiablePresentation.verifiableCredential[0].credentialSubject.id',
        'body.verifiablePresentation.verifiableCredential[1]',
        'body.verifiablePresentation.verifiableCredential[2]',
      ]),
    );
    const messages = (res.body.errors as Json[]).map((e) => `${e.path}: ${e.message}`).join('\n');
    expect(messages).toMatch(/verifiableCredential\[1\]: status: .*revoked/);
    expect(messages).toMatch(/verifiableCredential\[2\]: trust: .*not recognised by 'kw1c'/);
    expect(messages).toContain(`not to ${jan.wallet.did}`);
    expect(await s.t.rowCounts()).toEqual(before);
  });

  it('an exemption naming a credential needs it verified for the learner there', async () => {
    const anna = await learnerWithDid('anna-vp');
    const vc = await nederlands2F('roc-rivor', anna.wallet.did);
    const body = (id: string) => ({
      learnerId: anna.id,
      roleId: s.roleId('hoppenbrouwers/Installatiemedewerker'),
      hoursPerWeek: 24,
      startDate: '2027-01-04',
      exemptions: [
        {
          moduleId: s.moduleId('kw1c/KW-NL2F'),
          evidence: { kind: 'verifiable-credential', id, description: 'Nederlands 2F (ROC Rivor)' },
        },
      ],
    });
    for (const id of ['urn:uuid:00000000-0000-0000-0000-000000000000', vc.id as string]) {
      const res = await s.t.call('POST', '/routes', { as: kw1c, body: body(id) });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        {
          path: 'body.exemptions[0].evidence.id',
          message: expect.stringContaining('not verified for this learner'),
        },
      ]);
    }
    const request = await ask(anna);
    expect((await answer(anna, request, await vpFor(anna.wallet, request, [vc]))).status).toBe(201);
    const route = await s.t.call('POST', '/routes', { as: kw1c, body: body(vc.id as string) });
    expect(route.status, route.text).toBe(201);
    expect(nl2f(route.body).status).toBe('exempt');
  });

  it('a learner without a DID cannot be asked; an answer after fifteen minutes is refused', async () => {
    const nodid = await s.enrol('zonder-did', 'Zonder DID', { grants: [] });
    const res = await s.t.call('POST', '/institutions/kw1c/presentation-requests', {
      as: nodid.as,
      body: { learnerId: nodid.id },
    });
    expect(res.status).toBe(422);
    expect(res.body.title).toBe('No holder DID');
    const unnamed = await s.t.call('POST', '/institutions/kw1c/presentation-requests', {
      as: nodid.as,
      body: {},
    });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors).toEqual([
      { path: 'body.learnerId', message: 'expected a non-empty string, got nothing' },
    ]);
    const lisa = await learnerWithDid('lisa-vp');
    const vc = await nederlands2F('roc-rivor', lisa.wallet.did);
    const request = await ask(lisa);
    s.t.db.sqlite
      .prepare('UPDATE presentation_request SET expires_at = ? WHERE id = ?')
      .run('2026-11-22T08:59:00.000Z', request.id);
    const late = await answer(lisa, request, await vpFor(lisa.wallet, request, [vc]));
    expect(late.status).toBe(422);
    expect(late.body.errors).toEqual([
      { path: 'path.requestId', message: expect.stringContaining('expired') },
    ]);
  });
});
