import { issueRoutes } from './issue-routes.js';
import { publishedRoutes } from './published-routes.js';
import { statusRoutes } from './status-routes.js';
import { storedCredentialRoutes } from './stored-credential-routes.js';
import { verifyRoutes } from './verify-routes.js';

/**
 * Every operation of issuance: the public documents verifiers read, issuing and key rotation, verifying,
 * status changes, and reading issued credentials.
 * @example for (const router of issuanceRoutes()) app.route('/', router);
 */
export const issuanceRoutes = () => [
  publishedRoutes(),
  issueRoutes(),
  verifyRoutes(),
  statusRoutes(),
  storedCredentialRoutes(),
];
