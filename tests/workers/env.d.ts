import type { D1Migration } from 'cloudflare:test';
import type { FixtureSet } from '../../src/fixtures/fixture-set.js';
import type { WorkerEnv } from '../../src/runtime/workers/worker-deps.js';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_PRIVATE_JWK: string;
      TEST_MIGRATIONS: D1Migration[];
      TEST_FIXTURES: FixtureSet;
    }
  }
}
