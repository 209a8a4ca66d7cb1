import { applyD1Migrations, env } from 'cloudflare:test';

// The same SQL migrations as the Node runtime, applied to this test's D1 database.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
