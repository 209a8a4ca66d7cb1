import { credentialsApiSuite } from '../../tests/suites/credentials-api.suite.js';
import { sqlite } from '../../tests/support/test-app.js';

// The VC-API of issuance on Node with SQLite; the same suite runs on workerd with D1 in
// tests/workers/credentials-api.test.ts.
credentialsApiSuite(sqlite);
