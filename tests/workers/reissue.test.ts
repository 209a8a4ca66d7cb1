import { reissueSuite } from '../suites/reissue.suite.js';
import { d1 } from './d1-target.js';

// The reissue suite of src/issuance/reissue-jobs.test.ts, on workerd with D1.
reissueSuite(d1);
