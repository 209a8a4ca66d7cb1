// Child process of the route-preview benchmark: the planner alone, in a process like the server's (the
// app opened on the same database, no generated catalog left in its heap). It loads the preview's input
// as the service does, then plans it one plan after another for as long as the HTTP load runs, so that
// its throughput counts garbage collection as the server's does. Argument: a PlannerOrder as JSON.
// Prints { rps, p50ms, p99ms } as one JSON line.
import { loadPlanning, type RouteTarget } from '../../../src/learning-routes/planning.js';
import type { RouteInputs } from '../../../src/learning-routes/route-inputs.js';
import { planRouteWithCatalog } from '../../../src/planner/plan-route.js';
import { benchApp } from './bench-app.js';

export interface PlannerOrder {
  databasePath: string;
  target: RouteTarget;
  inputs: RouteInputs;
  seconds: number;
}

const order = JSON.parse(process.argv[2] as string) as PlannerOrder;
const { deps } = await benchApp(order.databasePath);
const { input, catalog } = await loadPlanning(deps, order.target, order.inputs);
for (let i = 0; i < 20; i++) planRouteWithCatalog(input, catalog.index);
const times: number[] = [];
const started = performance.now();
while (performance.now() - started < order.seconds * 1000) {
  const t0 = performance.now();
  planRouteWithCatalog(input, catalog.index);
  times.push(performance.now() - t0);
}
const rps = Math.round(times.length / ((performance.now() - started) / 1000));
times.sort((a, b) => a - b);
const at = (p: number) => Number((times[Math.floor(times.length * p)] ?? 0).toFixed(2));
console.log(JSON.stringify({ rps, p50ms: at(0.5), p99ms: at(0.99) }));
