import type { CredentialFacts } from './credentials.js';
import { partiesOf, type RouteFacts } from './route-parties.js';
import { isLearnerWithSubject, isOpleiderOf, rule } from './rule.js';

/** What access to a credential offer depends on: the instelling that makes it, and whose it is. */
export interface CredentialOfferFacts {
  id: string;
  institutionId: string;
  /** The token subject of the learner it is for; null once they erased themselves. */
  learnerSubject: string | null;
}

/**
 * Who may offer credentials to a wallet and ask a wallet for credentials. An offer puts a learner's
 * credential in their wallet: the learner does, or the opleider of the issuing instelling on their
 * behalf (at the desk, the QR code on the screen). Asking a learner's wallet for credentials is planning
 * their route: the opleider of the route's instelling; the learner may see the request too, to scan it.
 */
export const walletRules = {
  offer: rule<CredentialFacts>(
    'the learner it was issued to, or an opleider of the issuing instelling',
    (p, vc) => isLearnerWithSubject(p, vc.holderSubject) || isOpleiderOf(p, vc.institutionId),
    (vc) => `Credential '${vc.id}' is offered to a wallet only by its learner or its issuing instelling.`,
  ),
  manageOffer: rule<CredentialOfferFacts>(
    'the learner it is for, or an opleider of the instelling that made it',
    (p, offer) => isLearnerWithSubject(p, offer.learnerSubject) || isOpleiderOf(p, offer.institutionId),
    (offer) => `Credential offer '${offer.id}' is its learner's or its instelling's.`,
  ),
  askWallet: rule<RouteFacts>(
    "the opleider of the route's instelling",
    (p, route) => partiesOf(p, route).includes('opleider'),
    (route) => `Only the opleider of route '${route.id}' asks its learner's wallet for credentials.`,
  ),
  readWalletRequest: rule<RouteFacts>(
    "the route's learner or its opleider",
    (p, route) => partiesOf(p, route).some((party) => party === 'learner' || party === 'opleider'),
    (route) => `The wallet requests of route '${route.id}' are its learner's and its opleider's.`,
  ),
};
