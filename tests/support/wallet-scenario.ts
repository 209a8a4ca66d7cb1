import type { Scenario } from './scenario.js';
import { expectStatus, type Json, type TestTarget } from './target.js';

/**
 * A learner with a module microcredential, earned the way it happens: a route at ROC Rivor toward
 * Helpende plus at Santé, agreed by the three parties, and VIG-OBS signed off by the assigned
 * praktijkopleider, which issues its credential.
 * @example const { learner, routeId, credential } = await learnerWithModuleCredential(s, 'sanne');
 */
export async function learnerWithModuleCredential(
  s: Pick<Scenario, 'agreedRoute' | 'signOff'> & { t: Pick<TestTarget, 'call'> },
  sub: string,
) {
  const { learner, routeId } = await s.agreedRoute({
    sub,
    institution: 'roc-rivor',
    employer: 'sante',
    role: 'sante/Helpende plus',
    assessors: ['pol-sante-1'],
  });
  await s.signOff(routeId, {
    employer: 'sante',
    assessor: 'pol-sante-1',
    institution: 'roc-rivor',
    outcome: 'VIG-LU-OR',
    date: '2026-11-20',
    text: 'Geobserveerd op de afdeling.',
  });
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
