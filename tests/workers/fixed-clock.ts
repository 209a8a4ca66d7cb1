import { vi } from 'vitest';
import { TEST_NOW } from '../support/target.js';

// The worker reads the real clock (its deps' `now` is `new Date()`); the suites shared with Node plan
// routes from today and assert the times the app stamps, at TEST_NOW. The worker runs in this isolate,
// so pinning the isolate's Date pins the worker's clock, and nothing in the app changes for the test.
// Only Date: timers and timeouts run as usual.
vi.useFakeTimers({ toFake: ['Date'], now: new Date(TEST_NOW) });
