/**
 * Putting credentials in a wallet with OpenID4VCI 1.0 (pre-authorized code flow): one credential issuer
 * per instelling, offers of a learner's credentials, and pickups that issue holder-bound copies through
 * issuance. What other features use of it; they import it from here.
 */
export { credentialOfferRoutes } from './offer-routes.js';
export { makeOffer, offerRefusal } from './offers.js';
export { walletIssuanceProtocolRoutes } from './protocol-routes.js';
export { type WalletCopy, walletCopies } from './wallet-copies.js';
