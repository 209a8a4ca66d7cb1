import type { Principal } from '../../src/auth/principal.js';

/**
 * The principals tests call the API as, the same on every target.
 * @example await t.call('POST', '/institutions', { as: admin, body })
 */
export const admin: Principal = { sub: 'beheer', role: 'admin' };

/**
 * An opleider of `institution`.
 * @example opleider('han') // { sub: 'opleider-han', role: 'opleider', institution: 'han' }
 */
export const opleider = (institution: string, sub = `opleider-${institution}`): Principal => ({
  sub,
  role: 'opleider',
  institution,
});

/**
 * A werkgever (HR) of `employer`.
 * @example werkgever('ksu') // { sub: 'hr-ksu', role: 'werkgever', employer: 'ksu' }
 */
export const werkgever = (employer: string, sub = `hr-${employer}`): Principal => ({
  sub,
  role: 'werkgever',
  employer,
});

/**
 * A praktijkopleider's principal: their `sub` is the `subject` of their assessor record.
 * @example praktijkopleider('ksu', 'pol-ksu-2')
 */
export const praktijkopleider = (employer: string, sub: string): Principal => ({
  sub,
  role: 'praktijkopleider',
  employer,
});

/**
 * A learner, known by the `sub` of their token.
 * @example learner('ria') // { sub: 'ria', role: 'learner' }
 */
export const learner = (sub: string): Principal => ({ sub, role: 'learner' });
