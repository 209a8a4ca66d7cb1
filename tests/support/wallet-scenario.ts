import { praktijkopleider } from './principals.js';
import type { openScenario } from './scenario.js';
import { expectStatus, type Json, type TestTarget } from './target.js';

type Scenario = Awaited<ReturnType<typeof openScenario>>;

/**
 * A learner with a module microcredential, earned the way it happens: a route at ROC Rivor toward
 * Helpende plus at Santé, agreed by the three parties, and VIG-OBS signed off by the assigned
 * praktijkopleider, which issues its credential.
 * @example const { learner, routeId, credential } = await learnerWithModuleCredential(s, 'sanne');
 */
export async function learnerWithModuleCredential(
  s: Pick<Scenario, 'agreedRoute' | 'outcomeId'> & { t: Pick<TestTarget, 'call'> },
  sub: string,
) {
  const { learner, routeId } = await s.agreedRoute({
    sub,
    institution: 'roc-rivor',
    employer: 'sante',
    role: 'sante/Helpende plus',
    assessors: ['pol-sante-1'],
  });
  await expectStatus(
    s.t.call('POST', `/routes/${routeId}/signoffs`, {
      as: praktijkopleider('sante', 'pol-sante-1'),
      body: {
        outcomeId: s.outcomeId('roc-rivor', 'VIG-LU-OR'),
        result: 'passed',
        date: '2026-11-20',
        evidence: [{ kind: 'text', text: 'Geobserveerd op de afdeling.' }],
      },
    }),
    201,
  );
  const held = await expectStatus(
    s.t.call('GET', `/learners/${learner.id}/credentials`, { as: learner.as }),
    200,
  );
  const credential = (held.items as Json[])[0] as Json;
  return {
    learner,
    routeId,
    credential: credential.verifiableCredential as Json,
    credentialId: credential.id as string,
  };
}
