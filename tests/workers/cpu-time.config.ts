import workers from '../../vitest.workers.config.js';

// The Workers test setup (workerd, D1, the bindings) for the CPU-time measurement alone, with the real
// clock: no fixed Date.
export default {
  ...workers,
  test: {
    ...workers.test,
    include: ['tests/workers/cpu-time.measure.ts'],
    setupFiles: ['./tests/workers/apply-migrations.ts'],
  },
};
