// Child process of route-preview.bench.ts: serves the real app on the generated database and, beside
// it, a bare Hono route that plans the same input with the planner on the same kept catalog index and
// answers the same JSON, the inputs read once: what HTTP and the planner cost without the service.
import { Hono } from 'hono';
import type { Principal } from '../../src/auth/principal.js';
import { loadPlanning, planVersion, type RouteTarget } from '../../src/learning-routes/planning.js';
import type { RouteInputs } from '../../src/learning-routes/route-inputs.js';
import { planRouteWithCatalog } from '../../src/planner/plan-route.js';
import { benchApp } from './support/bench-app.js';
import { servePair } from './support/serve-pair.js';

const [databasePath, principal, target, inputs] = process.argv.slice(2) as [string, string, string, string];
const { app, deps, token } = await benchApp(databasePath);
const routeTarget = JSON.parse(target) as RouteTarget;
const routeInputs = JSON.parse(inputs) as RouteInputs;
const { employerId: _employer, ...outcome } = await planVersion(deps, routeTarget, routeInputs);
const { input, catalog } = await loadPlanning(deps, routeTarget, routeInputs);
const bare = new Hono();
bare.post('/routes/preview', async (c) => {
  await c.req.json();
  return c.json({ ...outcome, plan: planRouteWithCatalog(input, catalog.index) }, 200);
});

servePair(app, bare, { token: await token(JSON.parse(principal) as Principal) });
// Stopped by the parent: exiting (rather than dying of the signal) writes a CPU profile when one is asked for.
process.on('SIGTERM', () => process.exit(0));
