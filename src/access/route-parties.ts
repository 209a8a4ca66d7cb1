import type { Principal } from '../auth/principal.js';
import { isLearnerWithSubject, isOpleiderOf, isWerkgeverOf, rule } from './rule.js';

/** What access to a route depends on, loaded in one query. */
export interface RouteFacts {
  id: string;
  institutionId: string;
  employerId: string;
  /** The token subject of the route's learner; null once they erased themselves. */
  learnerSubject: string | null;
  /** The token subjects of the praktijkopleiders assigned to the route. */
  assessorSubjects: readonly string[];
  /** The name of the route's learner, which its parties see (learnerNameSeenBy); null once erased. */
  learnerName: string | null;
}

/** How someone takes part in a route: the three who agree on it, and the employer's werkgever. */
export type RouteParty = 'learner' | 'opleider' | 'praktijkopleider' | 'werkgever';

/**
 * Every way the principal takes part in the route. A praktijkopleider takes part only once assigned to
 * it: working for the route's employer is not enough.
 * @example partiesOf({ sub: 'pol', role: 'praktijkopleider', employer: 'ksu' }, route) // ['praktijkopleider'] when assigned
 */
export function partiesOf(p: Principal, route: RouteFacts): RouteParty[] {
  const parties: RouteParty[] = [];
  if (isLearnerWithSubject(p, route.learnerSubject)) parties.push('learner');
  if (isOpleiderOf(p, route.institutionId)) parties.push('opleider');
  if (
    p.role === 'praktijkopleider' &&
    p.employer === route.employerId &&
    route.assessorSubjects.includes(p.sub)
  )
    parties.push('praktijkopleider');
  if (isWerkgeverOf(p, route.employerId)) parties.push('werkgever');
  return parties;
}

/**
 * Which routes a principal may list: exactly those whose `routeRules.read` lets them in, as a filter a
 * query can apply, and the party the principal is in each of them. A learner their own (by subject), an
 * opleider their institution's, a werkgever their employer's, a praktijkopleider those of their employer
 * they are assigned to; an admin none.
 * @example listableRoutes({ sub: 'pol-ksu-1', role: 'praktijkopleider', employer: 'ksu' }) // { by: 'assessor', party: 'praktijkopleider', subject: 'pol-ksu-1', employerId: 'ksu' }
 */
export function listableRoutes(
  p: Principal,
):
  | { by: 'learner'; party: 'learner'; subject: string }
  | { by: 'institution'; party: 'opleider'; institutionId: string }
  | { by: 'employer'; party: 'werkgever'; employerId: string }
  | { by: 'assessor'; party: 'praktijkopleider'; subject: string; employerId: string }
  | { by: 'none' } {
  if (p.role === 'learner') return { by: 'learner', party: 'learner', subject: p.sub };
  if (p.role === 'opleider' && p.institution !== undefined)
    return { by: 'institution', party: 'opleider', institutionId: p.institution };
  if (p.role === 'werkgever' && p.employer !== undefined)
    return { by: 'employer', party: 'werkgever', employerId: p.employer };
  if (p.role === 'praktijkopleider' && p.employer !== undefined)
    return { by: 'assessor', party: 'praktijkopleider', subject: p.sub, employerId: p.employer };
  return { by: 'none' };
}

/**
 * The name of a route's learner as someone taking part in the route as `parties` sees it, in a list of
 * routes or on the route. Every party sees it: the learner agreed the route with its opleider, its
 * werkgever and its praktijkopleider, and a praktijkopleider must know whom they assess. It is the name
 * alone: the learner's profile and data still open only by their grant (learnerRules). Someone who is
 * no party sees none, and a learner who erased themselves has no name left (`name` is null).
 * @example learnerNameSeenBy(['praktijkopleider'], 'Willem Jansen') // 'Willem Jansen'
 * @example learnerNameSeenBy([], 'Willem Jansen') // undefined
 */
export function learnerNameSeenBy(parties: readonly RouteParty[], name: string | null): string | undefined {
  return parties.length > 0 && name !== null ? name : undefined;
}

/**
 * The party in which the principal approves a route version, if they are one of the three who agree:
 * the learner, the instelling (its opleider) and the workplace. The workplace agrees through a
 * praktijkopleider assigned to the route or through the werkgever of its employer, as a leerbedrijf
 * signs the praktijkovereenkomst; either fills the workplace's one approval (stored as
 * `praktijkopleider`, with who approved beside it).
 * @example approvingParty({ sub: 'hr-ksu', role: 'werkgever', employer: 'ksu' }, route) // 'praktijkopleider' when the route is KSU's
 */
export function approvingParty(
  p: Principal,
  route: RouteFacts,
): 'learner' | 'opleider' | 'praktijkopleider' | undefined {
  const [party] = partiesOf(p, route);
  return party === 'werkgever' ? 'praktijkopleider' : party;
}

/**
 * Composing (or previewing) a route through an institution: an opleider of it, the one named or else
 * their own. Not an admin: a route is planned on a learner's profile, which only their grant opens.
 */
export const composeRule = rule<{ institutionId?: string | undefined }>(
  "an opleider of the institution the route is planned through (the one named, or the opleider's own)",
  (p, target) => isOpleiderOf(p, target.institutionId ?? p.institution),
  (target) =>
    target.institutionId === undefined
      ? 'Only an opleider composes a route.'
      : `Only an opleider of '${target.institutionId}' composes a route through it.`,
);

const among = (p: Principal, route: RouteFacts, allowed: readonly RouteParty[]) =>
  partiesOf(p, route).some((party) => allowed.includes(party));

const routeRule = (who: string, allowed: readonly RouteParty[], what: string) =>
  rule<RouteFacts>(
    who,
    (p, route) => among(p, route, allowed),
    (route) => `${what} route '${route.id}' is for ${who}.`,
  );

/** Who may do what with a route and what hangs from it (rule 8: nobody else sees it). */
export const routeRules = {
  read: routeRule(
    "the route's learner, its opleider, a praktijkopleider assigned to it, or the werkgever of its employer",
    ['learner', 'opleider', 'praktijkopleider', 'werkgever'],
    'Reading',
  ),
  approve: routeRule(
    "the route's learner, its opleider, a praktijkopleider assigned to it or the werkgever of its employer",
    ['learner', 'opleider', 'praktijkopleider', 'werkgever'],
    'Approving',
  ),
  adjust: routeRule("the opleider of the route's institution", ['opleider'], 'Adjusting or replanning'),
  pause: routeRule("the route's learner or its opleider", ['learner', 'opleider'], 'Pausing or resuming'),
  assignAssessor: routeRule(
    "the werkgever of the route's employer or the opleider of its institution",
    ['werkgever', 'opleider'],
    'Assigning a praktijkopleider to',
  ),
  signOff: routeRule('a praktijkopleider assigned to the route', ['praktijkopleider'], 'Signing off'),
  readSignoffs: routeRule(
    "the route's learner, its opleider or a praktijkopleider assigned to it",
    ['learner', 'opleider', 'praktijkopleider'],
    'Reading the sign-offs of',
  ),
  reconcile: routeRule(
    "the route's opleider or a praktijkopleider assigned to it",
    ['opleider', 'praktijkopleider'],
    'Reconciling the completions of',
  ),
};
