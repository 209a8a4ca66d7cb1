import { credentialsApiSuite } from '../suites/credentials-api.suite.js';
import { d1 } from './d1-target.js';

// The VC-API suite of src/issuance/credentials-api.test.ts, on workerd with D1.
credentialsApiSuite(d1);
