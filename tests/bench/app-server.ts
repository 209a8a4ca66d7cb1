// Child process of a benchmark: serves the real app on a prepared database and prints its port and
// a token for the principal given as JSON.
import { serve } from '@hono/node-server';
import type { Principal } from '../../src/auth/principal.js';
import { benchApp } from './support/bench-app.js';

const [databasePath, principal] = process.argv.slice(2) as [string, string];
const { app, token } = await benchApp(databasePath);
const bearer = await token(JSON.parse(principal) as Principal);
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) =>
  console.log(JSON.stringify({ port, token: bearer })),
);
// Stopped by the parent: exiting (rather than dying of the signal) writes a CPU profile when one is asked for.
process.on('SIGTERM', () => process.exit(0));
