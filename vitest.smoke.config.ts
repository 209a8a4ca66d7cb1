import { defineConfig } from 'vitest/config';

// The worker smoke test: starts the real worker with `wrangler dev` (tests/worker-smoke), apart from
// the Node suite (vitest.config.ts) and the Workers test pool (vitest.workers.config.ts).
export default defineConfig({
  test: {
    include: ['tests/worker-smoke/**/*.test.ts'],
    pool: 'forks',
  },
});
