import type { z } from '@hono/zod-openapi';
import type { ReplanRequest, Route } from '../../schemas/routes.js';
import type { Principal } from '../auth/principal.js';
import { findQualification, findRole } from '../catalog/index.js';
import { today } from '../kernel/ports.js';
import { nextVersion } from './next-version.js';
import { assertMayPlanOn, type RouteDeps } from './planning.js';
import type { RouteInputs } from './route-inputs.js';
import { assertNotCompleted, statusAfterChange } from './route-status.js';
import { currentInputs, openRoute } from './route-versions.js';

/**
 * Replans toward a new role, qualification or pace; completed modules and exemptions stay.
 * @example await replanRoute(deps, opleider, routeId, { roleId: newRoleId, reason: 'Overstap naar Cordaan' })
 */
export async function replanRoute(
  deps: RouteDeps,
  actor: Principal,
  id: string,
  input: z.infer<typeof ReplanRequest>,
): Promise<Route> {
  const row = await openRoute(deps, id);
  assertNotCompleted(row.status);
  await assertMayPlanOn(deps, actor, row.learner_id);
  const inputs = await currentInputs(deps, row);
  // The opleider's order and additions were made for the old target; completions and exemptions stay.
  const next: RouteInputs = {
    ...inputs,
    hoursPerWeek: input.hoursPerWeek ?? inputs.hoursPerWeek,
    adjustments: { added: [], removed: inputs.adjustments.removed, order: [] },
  };
  // The change log names the new target by its titles, as the people on the route know it.
  const [role, qualification] = await Promise.all([
    input.roleId ? findRole(deps, input.roleId) : undefined,
    input.qualificationId ? findQualification(deps, input.qualificationId) : undefined,
  ]);
  return nextVersion(deps, actor, row, {
    inputs: next,
    status: statusAfterChange(row.status, inputs, today(deps)),
    facts: {
      kind: 'replanned',
      ...(input.roleId ? { role: role?.title ?? input.roleId } : {}),
      ...(input.qualificationId !== undefined
        ? {
            qualification:
              input.qualificationId === null ? null : (qualification?.title ?? input.qualificationId),
          }
        : {}),
      ...(input.hoursPerWeek ? { hoursPerWeek: input.hoursPerWeek } : {}),
    },
    reason: input.reason,
    action: 'route.replanned',
    target: {
      roleId: input.roleId ?? row.role_id,
      qualificationId: input.qualificationId === undefined ? row.qualification_id : input.qualificationId,
    },
  });
}
