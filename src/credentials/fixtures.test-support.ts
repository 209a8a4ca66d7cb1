import { admin, startTestApp } from '../../tests/support/test-app.js';
import type { Deps } from '../kernel/ports.js';
import type { ModuleCredentialInput } from './module-credential.js';

/**
 * A complete module-credential input for tests, issued by `institution` under the deps' public URLs.
 * @example buildModuleCredential(sampleInput(t.deps, 'han', { validUntil: '2026-12-31T00:00:00Z' }))
 */
export function sampleInput(
  deps: Pick<Deps, 'urls'>,
  institution = 'han',
  overrides: Partial<ModuleCredentialInput> = {},
) {
  const { urls } = deps;
  const input: ModuleCredentialInput = {
    credentialId: `urn:uuid:${crypto.randomUUID()}`,
    issuer: {
      did: urls.issuerDid(institution),
      name: 'Hogeschool van Arnhem en Nijmegen',
      country: 'NL',
      qualityAssurance: 'NVAO-geaccrediteerd (instellingstoets kwaliteitszorg)',
      url: 'https://www.han.nl',
    },
    learner: {
      name: 'Sanne Vos',
      identifier: {
        type: 'IdentityObject',
        identityType: 'emailAddress',
        hashed: true,
        identityHash: 'sha256$0f2c6a1e4b',
        salt: 'pepper',
      },
    },
    moduleVersion: {
      id: urls.moduleVersion('m-obs', 1),
      code: 'VIG-OBS',
      version: 1,
      title: 'Observeren en signaleren',
      description: 'De lerende observeert de zorgvrager en signaleert veranderingen.',
      studyLoad: { hours: 84, ec: 3 },
      level: { name: 'mbo-3', nlqf: 3, eqf: 3 },
      deliveryModes: ['werkplek', 'online'],
      competencies: [
        {
          uri: 'https://loopbrug.example/kd/vig/b1-k1-w3',
          title: 'Signaleert veranderingen',
          framework: 'KD VIG',
        },
      ],
    },
    outcomes: [
      {
        id: 'lo-1',
        title: 'Signaleert veranderingen in de gezondheid',
        description: 'Herkent en rapporteert veranderingen.',
        competencies: ['https://loopbrug.example/kd/vig/b1-k1-w3'],
        assessmentMethod: 'praktijkbeoordeling',
      },
    ],
    signoffs: [
      {
        outcomeId: 'lo-1',
        date: '2026-11-20',
        result: 'voldoende',
        assessorName: 'Petra de Wit',
        evidence: { description: 'Observatieverslag' },
      },
    ],
    employer: { id: urls.employer('sante'), name: 'Zorggroep Santé' },
    stackability: [{ id: urls.qualification('vig'), title: 'Verzorgende IG' }],
    validFrom: '2026-11-22T09:00:00Z',
    ...overrides,
  };
  return input;
}

/**
 * The real app with HAN and ROC Rivor registered, as the credential tests start from.
 * @example const t = await startCredentialsApp();
 */
export async function startCredentialsApp() {
  const t = await startTestApp();
  for (const id of ['han', 'roc-rivor']) {
    const res = await t.call('POST', '/institutions', {
      as: admin,
      body: { id, name: id.toUpperCase(), kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
    });
    if (res.status !== 201) throw new Error(`registering ${id} gave ${res.status}: ${res.text}`);
  }
  return t;
}

/**
 * The names of the checks a verification answer failed.
 * @example failedChecks(res.body) // ['signature', 'issuer']
 */
export const failedChecks = (body: { checks: { check: string; ok: boolean }[] }) =>
  body.checks.filter((c) => !c.ok).map((c) => c.check);
