import { describe, expect, it } from 'vitest';
import { planRoute } from './plan-route.js';
import { mod, plannerInput } from './test-support.js';
import type { CredentialState, PlannerInput, VerifiedCredential } from './types.js';

const C = (name: string) => `https://id.loopbrug.nl/kd/verzorgende-ig/${name}`;

/** ROC Rivor's VIG modules for a Helpende plus at Santé: ADL is a prerequisite of VTH. */
const catalog = [
  mod('vig-obs', [C('observeren')], { code: 'VIG-OBS' }),
  mod('vig-adl', [C('adl')], { code: 'VIG-ADL' }),
  mod('vig-vth', [C('wondzorg')], {
    code: 'VIG-VTH',
    prerequisites: { modules: ['vig-adl'], competencies: [] },
  }),
  mod('vig-med', [C('medicatie'), C('rapporteren')], { code: 'VIG-MED' }),
];

const helpendePlus = (credentials: VerifiedCredential[], extra: Partial<PlannerInput> = {}) =>
  plannerInput({
    requirements: [
      { competency: C('observeren'), priority: 'essential' },
      { competency: C('wondzorg'), priority: 'essential' },
      { competency: C('medicatie'), priority: 'essential' },
    ],
    catalog,
    credentials,
    ...extra,
  });

/** A module credential of KW1C or ROC Rivor, as the loader hands it over once its status was read. */
const vc = (id: string, competencies: string[], state: CredentialState = 'active'): VerifiedCredential => ({
  id,
  description: `Microcredential ${id} (roc-rivor), verified by roc-rivor`,
  competencies,
  state,
  message:
    state === 'unavailable' ? 'status list https://a.example/status-lists/1 could not be reached' : state,
});
const evidence = (c: VerifiedCredential) => ({
  kind: 'verifiable-credential',
  id: c.id,
  description: c.description,
});

const observeren = vc('urn:uuid:obs', [C('observeren')]);
const adl = vc('urn:uuid:adl', [C('adl')]);

describe('planRoute with verified credentials', () => {
  it('exempts the modules the route would plan that active credentials prove, naming them as evidence', () => {
    const route = planRoute(helpendePlus([observeren, adl]));
    expect(route.items.map((i) => [i.code, i.status])).toEqual([
      ['VIG-ADL', 'exempt'],
      ['VIG-OBS', 'exempt'],
      ['VIG-MED', 'planned'],
      ['VIG-VTH', 'planned'],
    ]);
    // VIG-ADL is not required by the role: it is exempt because the route needed it as VTH's prerequisite.
    expect(route.items[0]?.reasons).toEqual([{ kind: 'exempt', evidence: evidence(adl) }]);
    expect(route.items[1]?.reasons).toEqual([
      { kind: 'exempt', evidence: evidence(observeren) },
      { kind: 'covers', competency: C('observeren'), priority: 'essential' },
    ]);
    expect(route.covered).toContainEqual({
      competency: C('observeren'),
      priority: 'essential',
      by: { kind: 'evidence', evidence: evidence(observeren) },
    });
  });

  it('holds what a credential proves of a module it does not prove entirely; the module stays for the rest', () => {
    const medicatie = vc('urn:uuid:med', [C('medicatie')]);
    const route = planRoute(
      helpendePlus([medicatie], {
        requirements: [
          { competency: C('medicatie'), priority: 'essential' },
          { competency: C('rapporteren'), priority: 'later' },
        ],
      }),
    );
    expect(route.items.map((i) => [i.code, i.status])).toEqual([['VIG-MED', 'planned']]);
    expect(route.items[0]?.reasons).toEqual([
      { kind: 'covers', competency: C('rapporteren'), priority: 'later' },
    ]);
    expect(route.covered[0]).toEqual({
      competency: C('medicatie'),
      priority: 'essential',
      by: { kind: 'evidence', evidence: evidence(medicatie) },
    });
  });

  it('exempts nothing the route does not need', () => {
    const route = planRoute(helpendePlus([vc('urn:uuid:bhv', [C('bhv')])]));
    expect(route.items.every((i) => i.status === 'planned')).toBe(true);
  });

  it('a revoked, suspended or unreadable credential exempts nothing, and the module it covered says why', () => {
    for (const [state, kind] of [
      ['revoked', 'credential-revoked'],
      ['suspended', 'credential-suspended'],
      ['unavailable', 'status-unavailable'],
    ] as const) {
      const lapsed = vc('urn:uuid:obs', [C('observeren')], state);
      const route = planRoute(helpendePlus([lapsed]));
      const obs = route.items.find((i) => i.code === 'VIG-OBS');
      expect(obs?.status).toBe('planned');
      expect(obs?.reasons).toEqual([
        { kind: 'covers', competency: C('observeren'), priority: 'essential' },
        { kind, credentialId: lapsed.id, message: lapsed.message },
      ]);
      expect(route.items.filter((i) => i.status === 'exempt')).toEqual([]);
      expect(JSON.stringify(route.covered)).not.toContain(lapsed.id);
      // Dropping the lapsed credential plans the same modules, only without the reason.
      expect(planRoute(helpendePlus([])).items.map((i) => i.code)).toEqual(route.items.map((i) => i.code));
    }
  });

  it('never changes a completed module, whatever becomes of the credential', () => {
    const completed = [{ moduleId: 'vig-obs', completedOn: '2026-01-02' }];
    for (const state of ['active', 'revoked'] as const) {
      const route = planRoute(helpendePlus([vc('urn:uuid:obs', [C('observeren')], state)], { completed }));
      expect(route.items[0]).toMatchObject({
        code: 'VIG-OBS',
        status: 'completed',
        reasons: [
          { kind: 'completed', on: '2026-01-02' },
          { kind: 'covers', competency: C('observeren'), priority: 'essential' },
        ],
      });
    }
  });

  it('an exemption naming a credential holds while it is active, and is refused when it is not verified here', () => {
    const named = (credentialId: string) => ({
      moduleId: 'vig-med',
      evidence: {
        kind: 'verifiable-credential' as const,
        id: credentialId,
        description: 'Medicatie (elders)',
      },
    });
    const elsewhere = vc('urn:uuid:med-elders', [C('medicatie-elders')]);
    const exempt = planRoute(helpendePlus([elsewhere], { exemptions: [named(elsewhere.id)] }));
    expect(exempt.items.find((i) => i.code === 'VIG-MED')?.status).toBe('exempt');

    const revoked = { ...elsewhere, state: 'revoked' as const, message: 'revoked by its issuer' };
    const dropped = planRoute(helpendePlus([revoked], { exemptions: [named(elsewhere.id)] }));
    expect(dropped.items.find((i) => i.code === 'VIG-MED')).toMatchObject({
      status: 'planned',
      reasons: expect.arrayContaining([
        { kind: 'credential-revoked', credentialId: elsewhere.id, message: 'revoked by its issuer' },
      ]),
    });

    const madeUp = 'urn:uuid:00000000-0000-0000-0000-000000000000';
    const refused = planRoute(helpendePlus([], { exemptions: [named(madeUp)] }));
    const med = refused.items.find((i) => i.code === 'VIG-MED');
    expect(med?.status).toBe('planned');
    expect(refused.refusals).toEqual([
      { refusal: { moduleId: 'vig-med', reason: expect.stringContaining(madeUp) }, appliesTo: ['vig-med'] },
    ]);
    expect(med?.reasons).toContainEqual({
      kind: 'exemption-refused',
      reason: expect.stringContaining('not verified for this learner here'),
    });
  });
});
