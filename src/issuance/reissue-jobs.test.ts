import { reissueSuite } from '../../tests/suites/reissue.suite.js';
import { sqlite } from '../../tests/support/test-app.js';

// The reissue suite on Node with SQLite; tests/workers/reissue.test.ts runs it on workerd with D1.
reissueSuite(sqlite);
