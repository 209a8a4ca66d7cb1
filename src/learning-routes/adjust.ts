import type { z } from '@hono/zod-openapi';
import type { Route, RouteChange } from '../../schemas/routes.js';
import type { Principal } from '../auth/principal.js';
import { today } from '../kernel/ports.js';
import { assertVerifiedCredentials } from '../learners/index.js';
import { operationFacts } from './change-facts.js';
import { nextVersion } from './next-version.js';
import { assertMayPlanOn, type RouteDeps } from './planning.js';
import { applyOperations } from './route-inputs.js';
import { assertNotCompleted, statusAfterChange } from './route-status.js';
import { currentInputs, loadVersion, openRoute } from './route-versions.js';

/**
 * The opleider's adjustments: move, add, remove, exempt, refuse an exemption, record a completion.
 * Makes a new version that needs approval again. An exemption naming a credential needs that
 * credential verified for the learner at the route's institution.
 * @example await adjustRoute(deps, opleider, routeId, { operations: [{ op: 'remove', moduleId }], reason: 'Niet nodig' })
 */
export async function adjustRoute(
  deps: RouteDeps,
  actor: Principal,
  id: string,
  input: z.infer<typeof RouteChange>,
): Promise<Route> {
  const row = await openRoute(deps, id);
  assertNotCompleted(row.status);
  await assertMayPlanOn(deps, actor, row.learner_id);
  await assertVerifiedCredentials(
    deps,
    row.learner_id,
    row.institution_id,
    input.operations.flatMap((o, i) =>
      o.op === 'exempt' && o.evidence.kind === 'verifiable-credential'
        ? [{ field: `operations[${i}].evidence.id`, id: o.evidence.id }]
        : [],
    ),
  );
  const [inputs, route] = await Promise.all([currentInputs(deps, row), loadVersion(deps, row)]);
  const codes = new Map(route.plan.items.map((i) => [i.moduleId, i.code]));
  const planned = route.plan.items.filter((i) => i.status === 'planned').map((i) => i.moduleId);
  return nextVersion(deps, actor, row, {
    inputs: applyOperations(inputs, input.operations, planned),
    status: statusAfterChange(row.status, inputs, today(deps)),
    facts: operationFacts(input.operations, (m) => codes.get(m) ?? m),
    reason: input.reason,
    action: 'route.changed',
  });
}
