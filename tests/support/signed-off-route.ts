import { learner } from './principals.js';
import type { Scenario } from './scenario.js';
import type { TestTarget } from './target.js';

/**
 * A learner with a credential, built through the API as it happens: Willem (a learner the
 * development provider knows) on an agreed route from HAN toward a role at KSU, pol-ksu-1 assigned to
 * it (pol-ksu-2 is not), and ALO-KM signed off, so a credential was issued to him.
 * @example const { credential, routeId } = await willemsRoute(s); // s: a Scenario on any target
 */
export async function willemsRoute(
  s: Pick<Scenario, 'agreedRoute' | 'signOff' | 'expectStatus'> & { t: Pick<TestTarget, 'call'> },
) {
  const { learner: willem, routeId } = await s.agreedRoute({
    sub: 'willem',
    institution: 'han',
    employer: 'ksu',
    role: 'ksu/Leerkracht bewegingsonderwijs',
    assessors: ['pol-ksu-1'],
  });
  await s.signOff(routeId, {
    employer: 'ksu',
    assessor: 'pol-ksu-1',
    institution: 'han',
    outcome: 'ALO-LU-KM1',
    date: '2026-11-20',
    text: 'Drie lessen geobserveerd in groep 5.',
  });
  const credentials = await s.expectStatus(
    s.t.call('GET', `/learners/${willem.id}/credentials`, { as: willem.as }),
    200,
  );
  const [credential] = credentials.items as { id: string; verifiableCredential: Record<string, unknown> }[];
  if (!credential) throw new Error('no credential was issued for ALO-KM');
  return { routeId, learnerId: willem.id, willem: learner('willem'), credential };
}

/**
 * A learner `sub` on an agreed route at De Hoven toward Zorgondersteuner / mantelzorger, pol-de-hoven-1
 * assigned, who passed DH-LU-WAK on 2026-11-20, so its module credential was issued: where every story
 * of a correction after issuing starts.
 * @example const { routeId, passed } = await wakPassed(s, 'ria-page'); // passed.signoff.id to correct
 */
export async function wakPassed(s: Pick<Scenario, 'agreedRoute' | 'signOff'>, sub: string) {
  const { learner, routeId } = await s.agreedRoute({
    sub,
    institution: 'de-hoven',
    employer: 'de-hoven',
    role: 'de-hoven/Zorgondersteuner / mantelzorger',
    assessors: ['pol-de-hoven-1'],
  });
  const passed = await s.signOff(routeId, {
    employer: 'de-hoven',
    assessor: 'pol-de-hoven-1',
    institution: 'de-hoven',
    outcome: 'DH-LU-WAK',
    date: '2026-11-20',
    text: 'Observatie bij mevrouw De Vries thuis.',
  });
  return { learner, routeId, passed };
}
