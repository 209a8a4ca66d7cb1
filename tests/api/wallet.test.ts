import { walletSuite } from '../suites/wallet.suite.js';
import { sqlite } from '../support/test-app.js';

// The wallet suite on Node with SQLite; tests/workers/wallet.test.ts runs it on workerd with D1.
walletSuite(sqlite);
