import { issueRoutes } from './issue-routes.js';
import { jobRoutes } from './job-routes.js';
import { publishedRoutes } from './published-routes.js';
import { statusRoutes } from './status-routes.js';
import { storedCredentialRoutes } from './stored-credential-routes.js';

/**
 * Every operation of issuance: the public documents verifiers read, issuing and key rotation, status
 * changes, and reading issued credentials (verifying is src/verification's).
 * @example for (const router of issuanceRoutes()) app.route('/', router);
 */
export const issuanceRoutes = () => [
  publishedRoutes(),
  issueRoutes(),
  statusRoutes(),
  storedCredentialRoutes(),
  jobRoutes(),
];
