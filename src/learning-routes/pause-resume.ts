import type { z } from '@hono/zod-openapi';
import type { PauseRequest, ResumeRequest, Route } from '../../schemas/routes.js';
import type { Actor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import { today } from '../kernel/ports.js';
import { nextVersion } from './next-version.js';
import type { RouteDeps } from './planning.js';
import { assertNotCompleted, statusOn, statusToStore } from './route-status.js';
import { currentInputs, openRoute } from './route-versions.js';

/**
 * Records a pause of an agreed or running route (also one inside another pause, or one planned months
 * ahead); later modules shift past the pause, nothing is lost, and the approvals stay (a pause needs no
 * new agreement). The stored status does not change: the route reads as paused only while the pause
 * lasts (statusOn). A pause overlapping one the route already has is refused.
 * @example await pauseRoute(deps, learner, routeId, { from: '2027-02-01', until: '2027-06-01', reason: 'Zwangerschapsverlof' })
 */
export async function pauseRoute(
  deps: RouteDeps,
  actor: Actor,
  id: string,
  pause: z.infer<typeof PauseRequest>,
): Promise<Route> {
  const row = await openRoute(deps, id);
  const inputs = await currentInputs(deps, row);
  const day = today(deps);
  const status = statusOn(row.status, inputs, day);
  if (status !== 'agreed' && status !== 'active' && status !== 'paused')
    throw fail.conflict(`A ${status} route cannot be paused; it must be agreed or active.`);
  if (inputs.pauses.some((p) => p.from < pause.until && pause.from < p.until))
    throw fail.invalid('from', 'overlaps a pause the route already has');
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, pauses: [...inputs.pauses, pause] },
    status: statusToStore(row.status, inputs.startDate, day),
    facts: { kind: 'paused', from: pause.from, until: pause.until },
    reason: pause.reason,
    action: 'route.paused',
    keepApprovals: true,
  });
}

/**
 * Study resumes on `on` (today by default). The pause resumed is the one `on` falls in, or else the
 * current pause, or else the next one planned (a pause that is over cannot be resumed; a route with no
 * current or planned pause is a conflict). When `on` comes after the pause began, the pause now ends
 * on `on` (early, or later than planned as long as it overlaps no other pause); when `on` is on or
 * before its first day, the pause is cancelled. Either way a new version, with the approvals kept.
 * @example await resumeRoute(deps, learner, routeId, { on: '2027-05-03' })
 * @example await resumeRoute(deps, learner, routeId, {}) // before a planned pause: cancels it
 */
export async function resumeRoute(
  deps: RouteDeps,
  actor: Actor,
  id: string,
  input: z.infer<typeof ResumeRequest>,
): Promise<Route> {
  const row = await openRoute(deps, id);
  assertNotCompleted(row.status);
  const inputs = await currentInputs(deps, row);
  const day = today(deps);
  const on = input.on ?? day;
  const open = inputs.pauses.filter((p) => p.until > day).sort((a, b) => a.from.localeCompare(b.from));
  const pause = open.find((p) => p.from <= on && on < p.until) ?? open[0];
  if (!pause) throw fail.conflict('The route has no current or planned pause to resume from.');
  const cancel = on <= pause.from;
  if (!cancel && inputs.pauses.some((p) => p !== pause && p.from < on && pause.from < p.until))
    throw fail.invalid('on', `would stretch the pause from ${pause.from} over another pause of the route`);
  const pauses = cancel
    ? inputs.pauses.filter((p) => p !== pause)
    : inputs.pauses.map((p) => (p === pause ? { ...p, until: on } : p));
  return nextVersion(deps, actor, row, {
    inputs: { ...inputs, pauses },
    status: statusToStore(row.status, inputs.startDate, day),
    facts: cancel
      ? { kind: 'pause-cancelled', from: pause.from, until: pause.until, planned: pause.from > day }
      : { kind: 'resumed', on },
    action: 'route.resumed',
    keepApprovals: true,
  });
}
