import { beforeAll, describe, expect, it } from 'vitest';
import { didKeyWallet, registerDid } from '../../src/learners/holder-wallet.test-support.js';
import { present } from '../../src/verification/holder.test-support.js';
import { praktijkopleider, startScenarioApp } from '../support/scenario-app.js';
import type { Json } from '../support/target.js';
import { opleider, werkgever } from '../support/test-app.js';

const VIG = 'https://id.loopbrug.nl/kd/verzorgende-ig';

// An overstapper without an obtainable diploma (issue 9, "How it is checked"): an mbo 2 route at ROC Rivor
// ends in module credentials through real sign-offs at Santé; they stack into an mbo 2 award (a
// ClrCredential); she presents the award to ROC Rivor, and the mbo 3 route (Verzorgende IG at Cordaan)
// admits her on the award's level and exempts the modules its parts prove. Through the HTTP API only.
describe('the stack chain: mbo 2 route → module credentials → award → mbo 3 route', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  beforeAll(async () => {
    s = await startScenarioApp();
  }, 60_000);

  it('admits to mbo 3 on the verified mbo 2 award, and exempts what its parts prove', async () => {
    const rivor = opleider('roc-rivor');
    const call = (method: string, path: string, as: Json, body?: unknown) =>
      s.t.call(method, path, { as, ...(body === undefined ? {} : { body }) });

    // ROC Rivor's own mbo 2 certificate, stacked from two VIG modules.
    const hzw = await s.expectStatus(
      call('POST', '/qualifications', rivor, {
        institutionId: 'roc-rivor',
        code: 'HZW-2',
        title: 'Helpende Zorg en Welzijn (mbo 2, certificaat)',
        level: 'mbo-2',
        admission: { entryLevel: 'mbo-1' },
        stackRule: {
          groups: [
            { title: 'Basiszorg', kind: 'all-of', competencies: [`${VIG}/b1-k1-w2`, `${VIG}/b1-k1-w3`] },
          ],
        },
      }),
      201,
    );

    // Ilse: no diploma, a cognitive test at mbo 1; she registers the DID of her wallet.
    const ilse = await s.enrol('ilse', 'Ilse Koster', {
      grants: [{ kind: 'institution', id: 'roc-rivor' }],
      profile: {
        talenten: ['Zorgzaam'],
        skills: [],
        drijfveren: ['Mensen helpen'],
        werkEnDenkniveau: {
          level: 'mbo-1',
          evidence: [{ kind: 'cognitive-test', description: 'Capaciteitentest: mbo 1', date: '2026-09-01' }],
        },
        accommodations: [],
      },
    });
    const wallet = await didKeyWallet();
    await registerDid(s.t, ilse, wallet);

    // The mbo 2 route: Helpende plus at Santé toward HZW-2, admitted on her tested level.
    const first = await s.expectStatus(
      call('POST', '/routes', rivor, {
        learnerId: ilse.id,
        roleId: s.roleId('sante/Helpende plus'),
        qualificationId: hzw.id,
        hoursPerWeek: 8,
        startDate: '2026-11-02',
      }),
      201,
    );
    expect(first.admission).toMatchObject({ admitted: true, basis: 'tested-level' });
    await s.expectStatus(
      call('POST', `/routes/${first.id}/assessors`, werkgever('sante'), {
        assessorId: s.assessorId('pol-sante-1'),
      }),
      201,
    );
    const assessor = praktijkopleider('sante', 'pol-sante-1');
    for (const as of [rivor, assessor, ilse.as])
      await s.expectStatus(call('POST', `/routes/${first.id}/approvals`, as), 200);
    for (const outcome of ['VIG-LU-OR', 'VIG-LU-PV'])
      await s.expectStatus(
        call('POST', `/routes/${first.id}/signoffs`, assessor, {
          outcomeId: s.outcomeId('roc-rivor', outcome),
          result: 'passed',
          date: '2026-11-20',
          evidence: [{ kind: 'text', text: 'Geobserveerd op de afdeling.' }],
        }),
        201,
      );
    const wallet_ = await s.expectStatus(call('GET', `/learners/${ilse.id}/credentials`, ilse.as), 200);
    const modules = (wallet_.items as Json[]).map((c) => c.verifiableCredential);
    expect(modules).toHaveLength(2);
    for (const vc of modules) expect(vc.credentialSubject.id).toBe(wallet.did);

    // The module credentials stack into the mbo 2 award.
    const award = await s.expectStatus(
      call('POST', `/qualifications/${hzw.id}/awards`, rivor, { learnerId: ilse.id, credentials: modules }),
      201,
    );
    const clr = award.verifiableCredential as Json;
    expect(clr.type).toContain('ClrCredential');
    expect(clr.credentialSubject.id).toBe(wallet.did);

    // Before she presents it: not admitted to VIG-3 (entry mbo 2) on an mbo 1 test.
    const mbo3 = {
      learnerId: ilse.id,
      roleId: s.roleId('cordaan/Verzorgende IG'),
      qualificationId: s.qualificationId('roc-rivor/VIG-3'),
      hoursPerWeek: 8,
      startDate: '2027-02-01',
    };
    const before = await s.expectStatus(call('POST', '/routes/preview', rivor, mbo3), 200);
    expect(before.admission).toMatchObject({ admitted: false, basis: 'none' });
    expect((await call('POST', '/routes', rivor, mbo3)).status).toBe(422);

    // She presents the award to ROC Rivor, which verifies it and keeps it with its parts.
    const request = await s.expectStatus(
      call('POST', '/institutions/roc-rivor/presentation-requests', ilse.as, { learnerId: ilse.id }),
      201,
    );
    const vp = await present(s.t.deps, wallet, [clr], {
      challenge: request.challenge,
      domain: request.domain,
    });
    const accepted = await s.expectStatus(
      call('POST', `/institutions/roc-rivor/presentation-requests/${request.id}/responses`, ilse.as, {
        verifiablePresentation: vp,
      }),
      201,
    );
    expect(accepted.credentials).toEqual([
      expect.objectContaining({
        credentialId: clr.id,
        level: { name: 'mbo-2', nlqf: 2, eqf: 2 },
        parts: modules.map((vc) => expect.objectContaining({ credentialId: vc.id })),
      }),
    ]);

    // The mbo 3 route: admitted on the award's level; its parts exempt VIG-OBS and VIG-ADL.
    const second = await s.expectStatus(call('POST', '/routes', rivor, mbo3), 201);
    expect(second.admission).toMatchObject({ admitted: true, basis: 'diploma' });
    expect(second.admission.explanation).toContain('Helpende Zorg en Welzijn');
    expect(second.admission.explanation).toContain('mbo-2');
    const byCode = new Map((second.plan.items as Json[]).map((i) => [i.code, i]));
    const partOf = (code: string) =>
      modules.find((vc) => vc.credentialSubject.achievement.humanCode === code)?.id as string;
    for (const code of ['VIG-OBS', 'VIG-ADL']) {
      expect(byCode.get(code)?.status, code).toBe('exempt');
      expect(byCode.get(code)?.reasons[0]).toMatchObject({
        kind: 'exempt',
        evidence: { kind: 'verifiable-credential', id: partOf(code) },
      });
    }
    expect(byCode.get('VIG-MED')?.status).toBe('planned');

    const audit = await s.expectStatus(call('GET', `/routes/${second.id}/audit`, ilse.as), 200);
    expect(
      (audit.items as Json[])
        .filter((e) => e.action === 'route.exemption-granted')
        .map((e) => e.detail.code)
        .sort(),
    ).toEqual(['VIG-ADL', 'VIG-OBS']);
  }, 120_000);
});
