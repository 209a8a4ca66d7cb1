import { correctionsSuite } from '../suites/corrections.suite.js';
import { d1 } from './d1-target.js';

// The corrections suite of src/signoffs/correction-after-issue.test.ts, on workerd with D1.
correctionsSuite(d1);
