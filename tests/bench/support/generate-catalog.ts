import type { Principal } from '../../../src/auth/principal.js';
import {
  createCompetency,
  createFramework,
  createInstitution,
  createLearningOutcome,
  createModule,
  publishModule,
} from '../../../src/catalog/index.js';
import type { WriteDeps } from '../../../src/kernel/ports.js';

const admin: Principal = { sub: 'bench', role: 'admin' };
export const competencyUri = (i: number) => `https://id.loopbrug.nl/bench/c${i}`;

/**
 * Fills a database through the real store functions: `competencies` competencies, one outcome
 * each, and `modules` published modules of one to three outcomes, so that every competency is
 * taught by about modules × 2 / competencies modules.
 */
export async function generateCatalog(deps: WriteDeps, { modules = 10_000, competencies = 500 } = {}) {
  await createInstitution(deps, admin, {
    id: 'bench',
    name: 'Benchmark',
    kind: 'mbo',
    country: 'NL',
    qualityAssurance: 'n.v.t.',
  });
  const fw = await createFramework(deps, admin, {
    uri: 'https://id.loopbrug.nl/bench',
    title: 'Bench',
    kind: 'eigen',
  });
  const outcomes: string[] = [];
  for (let i = 0; i < competencies; i++) {
    await createCompetency(deps, admin, {
      frameworkId: fw.id,
      uri: competencyUri(i),
      title: `Competentie ${i}`,
    });
    const outcome = await createLearningOutcome(deps, admin, {
      institutionId: 'bench',
      code: `LO-${i}`,
      title: `Leeruitkomst ${i}`,
      description: `Beschrijving ${i}`,
      competencies: [competencyUri(i)],
      assessmentMethod: 'praktijktoets',
      requiresExaminer: false,
    });
    outcomes.push(outcome.id);
  }
  for (let i = 0; i < modules; i++) {
    const count = 1 + (i % 3);
    const picked = Array.from(
      { length: count },
      (_, k) => outcomes[(i * 7 + k * 131) % competencies] as string,
    );
    const created = await createModule(deps, admin, benchModule('bench', `M-${i}`, [...new Set(picked)]));
    await publishModule(deps, admin, created.id);
  }
}

/** A module body as the API takes it. */
export const benchModule = (institutionId: string, code: string, outcomes: string[]) => ({
  institutionId,
  code,
  title: `Module ${code}`,
  description: 'Gegenereerde module voor de benchmark.',
  language: 'nl' as const,
  outcomes,
  studyLoad: { hours: 40 },
  level: 'mbo-3' as const,
  deliveryModes: ['blended' as const],
  startPattern: { kind: 'monthly' as const, dayOfMonth: 1 },
  price: { amountCents: 50000, currency: 'EUR' as const },
  prerequisites: { modules: [], competencies: [] },
});
