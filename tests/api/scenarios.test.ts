import { scenariosSuite } from '../suites/scenarios.suite.js';
import { sqlite } from '../support/test-app.js';

// The same suite runs on workerd with D1: tests/workers/scenarios.test.ts.
scenariosSuite(sqlite);
