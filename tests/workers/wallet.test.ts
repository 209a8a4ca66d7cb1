import { walletSuite } from '../suites/wallet.suite.js';
import { d1 } from './d1-target.js';

// The wallet suite of tests/api/wallet.test.ts, on workerd with D1: pickup and presentation.
walletSuite(d1);
