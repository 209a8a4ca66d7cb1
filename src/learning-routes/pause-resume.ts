import type { z } from '@hono/zod-openapi';
import type { PauseRequest, ResumeRequest, Route } from '../../schemas/routes.js';
import type { Actor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import { today } from '../kernel/ports.js';
import { nextVersion } from './next-version.js';
import type { RouteDeps } from './planning.js';
import { statusOn } from './route-status.js';
import { currentInputs, loadRoute } from './route-versions.js';

/**
 * Pauses an agreed or running route; later modules shift past the pause, nothing is lost, and the
 * approvals stay (a pause needs no new agreement).
 * @example await pauseRoute(deps, learner, routeId, { from: '2027-02-01', until: '2027-06-01', reason: 'Zwangerschapsverlof' })
 */
export async function pauseRoute(
  deps: RouteDeps,
  actor: Actor,
  id: string,
  pause: z.infer<typeof PauseRequest>,
): Promise<Route> {
  const row = await loadRoute(deps, id);
  const inputs = await currentInputs(deps, row);
  const status = statusOn(row.status, inputs.startDate, today(deps));
  if (status !== 'agreed' && status !== 'active')
    throw fail.conflict(`A ${status} route cannot be paused; it must be agreed or active.`);
  if (inputs.pauses.some((p) => p.from < pause.until && pause.from < p.until))
    throw fail.invalid('from', 'overlaps a pause the route already has');
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, pauses: [...inputs.pauses, pause] },
    status: 'paused',
    summary: `paused from ${pause.from} until ${pause.until}`,
    reason: pause.reason,
    action: 'route.paused',
    keepApprovals: true,
  });
}

/**
 * Resumes a paused route on `on` (today by default): the pause ends then and the dates follow.
 * @example await resumeRoute(deps, learner, routeId, { on: '2027-05-03' })
 */
export async function resumeRoute(
  deps: RouteDeps,
  actor: Actor,
  id: string,
  input: z.infer<typeof ResumeRequest>,
): Promise<Route> {
  const row = await loadRoute(deps, id);
  if (row.status !== 'paused') throw fail.conflict('Only a paused route can be resumed.');
  const inputs = await currentInputs(deps, row);
  const on = input.on ?? today(deps);
  const last = inputs.pauses.reduce((a, b) => (b.from > a.from ? b : a));
  if (on <= last.from) throw fail.invalid('on', `resume after the pause began on ${last.from}`);
  const pauses = inputs.pauses.map((p) => (p === last ? { ...p, until: on } : p));
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, pauses },
    status: 'active',
    summary: `resumed on ${on}`,
    action: 'route.resumed',
    keepApprovals: true,
  });
}
