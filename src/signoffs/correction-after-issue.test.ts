import { correctionsSuite } from '../../tests/suites/corrections.suite.js';
import { sqlite } from '../../tests/support/test-app.js';

// A correction after a module's credential was issued, on Node with SQLite; the same suite runs on
// workerd with D1 in tests/workers/corrections.test.ts.
correctionsSuite(sqlite);
