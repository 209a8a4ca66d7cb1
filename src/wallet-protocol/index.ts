/**
 * What both wallet protocols share (OpenID4VCI pickups in src/wallet-issuance, OpenID4VP requests in
 * src/wallet-presentation): the @openid4vc libraries' crypto callbacks, refusals in the protocols' own
 * error format, QR codes, secrets and the settings.
 */
export { didJwkOf, HOLDER_ALGORITHMS, protocolCallbacks } from './callbacks.js';
export { protocolError, protocolErrorResponse } from './protocol-errors.js';
export { type QrCodes, qrCodes } from './qr-code.js';
export { randomSecret, sha256Hex, transactionCode } from './secrets.js';
export { allowDevelopmentUrls, walletSettings } from './settings.js';
