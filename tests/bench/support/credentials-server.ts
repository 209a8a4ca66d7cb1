// Child process of the credentials benchmark: serves the real app on the prepared database with the
// parent's keys (JSON in env BENCH_KEYS) and prints its port and a token for the principal given as JSON.
import { serve } from '@hono/node-server';
import type { Principal } from '../../../src/auth/principal.js';
import { credentialsBenchApp, type SharedKeys } from './credentials-app.js';

const [databasePath, principal] = process.argv.slice(2) as [string, string];
const keys = JSON.parse(process.env.BENCH_KEYS ?? '') as SharedKeys;
const { app, token } = await credentialsBenchApp(databasePath, keys);
const bearer = await token(JSON.parse(principal) as Principal);
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) =>
  console.log(JSON.stringify({ port, token: bearer })),
);
