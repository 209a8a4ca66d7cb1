import type { Principal } from '../../src/auth/principal.js';
import { admin, type startTestApp } from './test-app.js';

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** The base of the competency URIs the scenarios use. */
export const KD = 'https://loopbrug.example/kd';

const institutionNames: Record<string, string> = {
  'roc-rivor': 'ROC Rivor',
  han: 'Hogeschool van Arnhem en Nijmegen',
  'hu-pabo': 'Hogeschool Utrecht, Pabo',
  loi: 'LOI',
};

/** Posts and insists on the expected status, so a broken setup fails where it happens. */
async function post(t: TestApp, path: string, as: Principal, body: unknown) {
  const res = await t.call('POST', path, { as, body });
  if (res.status !== 201) throw new Error(`POST ${path} gave ${res.status}: ${res.text}`);
  return res.body;
}

/** Registers an instelling as the admin; the name and kind follow from well-known ids. */
export function createInstitution(t: TestApp, id: string, body: Record<string, unknown> = {}) {
  return post(t, '/institutions', admin, {
    id,
    name: institutionNames[id] ?? `Instelling ${id}`,
    kind: id.startsWith('roc') ? 'mbo' : 'hbo',
    qualityAssurance: 'NVAO-accreditatie',
    ...body,
  });
}

/** Defines a framework; as an opleider it belongs to their instelling, as the admin it is shared. */
export function createFramework(t: TestApp, as: Principal, body: Record<string, unknown> = {}) {
  return post(t, '/frameworks', as, {
    uri: `${KD}/vig`,
    title: 'Kwalificatiedossier Verzorgende IG',
    kind: 'kwalificatiedossier',
    ...body,
  });
}

export function createCompetency(t: TestApp, as: Principal, body: Record<string, unknown>) {
  return post(t, '/competencies', as, body);
}

export interface CompetencySeed {
  code: string;
  title: string;
  level?: string;
}

/**
 * One call for the usual start of a scenario: the instellingen, a shared kwalificatiedossier and
 * its competencies (URI `${KD}/vig/<code in lowercase>`), all written by the admin.
 * @example const { uris } = await seedCatalog(t, { institutions: ['roc-rivor'], competencies })
 */
export async function seedCatalog(
  t: TestApp,
  options: { institutions?: string[]; competencies?: CompetencySeed[] } = {},
) {
  for (const id of options.institutions ?? ['roc-rivor']) await createInstitution(t, id);
  const framework = await createFramework(t, admin);
  const competencies = [];
  for (const c of options.competencies ?? VIG_COMPETENCIES) {
    competencies.push(
      await createCompetency(t, admin, {
        frameworkId: framework.id,
        uri: `${framework.uri}/${c.code.toLowerCase()}`,
        ...c,
      }),
    );
  }
  const uris: string[] = competencies.map((c: { uri: string }) => c.uri);
  return { framework, competencies, uris };
}

/** A few werkprocessen of the kwalificatiedossier Verzorgende IG. */
export const VIG_COMPETENCIES: CompetencySeed[] = [
  { code: 'B1-K1-W1', title: 'Onderkent gezondheidsrisico’s bij de zorgvrager', level: 'mbo-3' },
  { code: 'B1-K1-W2', title: 'Stelt een zorgplan op', level: 'mbo-3' },
  { code: 'B1-K1-W3', title: 'Voert verpleegtechnische handelingen uit', level: 'mbo-3' },
  { code: 'B1-K2-W1', title: 'Werkt samen met naasten en vrijwilligers', level: 'mbo-2' },
];
