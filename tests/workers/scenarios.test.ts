import { scenariosSuite } from '../suites/scenarios.suite.js';
import { d1 } from './d1-target.js';

// The scenario suite of tests/api/scenarios.test.ts, on workerd with D1.
scenariosSuite(d1);
