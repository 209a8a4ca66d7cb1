import type { z } from '@hono/zod-openapi';
import type { Completion, Exemption, Pause, RefusedExemption, RouteOperation } from '../../schemas/routes.js';

/** Everything a route version is planned from, besides the catalog, the role and the learner's evidence. */
export interface RouteInputs {
  hoursPerWeek: number;
  startDate: string;
  exemptions: z.infer<typeof Exemption>[];
  refusedExemptions: z.infer<typeof RefusedExemption>[];
  pauses: z.infer<typeof Pause>[];
  completed: z.infer<typeof Completion>[];
  adjustments: { added: string[]; removed: string[]; order: string[] };
  admissionOverride?: { reason: string; by: string };
}

type Operation = z.infer<typeof RouteOperation>;

const without = (ids: string[], id: string) => ids.filter((x) => x !== id);

/**
 * Applies an opleider's operations to a version's inputs, giving the inputs of the next version.
 * `plannedOrder` is the current order of the planned items, so that a move can name a position.
 * Pure: whether the result can be planned (a move before a prerequisite, say) is the planner's call.
 *
 * @example
 * applyOperations(inputs, [{ op: 'exempt', moduleId: 'm1', evidence }], ['m1', 'm2']).exemptions
 * // [...inputs.exemptions, { moduleId: 'm1', evidence }]
 */
export function applyOperations(
  inputs: RouteInputs,
  operations: Operation[],
  plannedOrder: string[],
): RouteInputs {
  let next: RouteInputs = structuredClone(inputs);
  let order = [...plannedOrder];
  for (const operation of operations) {
    const { adjustments } = next;
    switch (operation.op) {
      case 'add':
        adjustments.added = [...without(adjustments.added, operation.moduleId), operation.moduleId];
        adjustments.removed = without(adjustments.removed, operation.moduleId);
        break;
      case 'remove':
        adjustments.removed = [...without(adjustments.removed, operation.moduleId), operation.moduleId];
        adjustments.added = without(adjustments.added, operation.moduleId);
        order = without(order, operation.moduleId);
        adjustments.order = without(adjustments.order, operation.moduleId);
        break;
      case 'move': {
        const rest = without(order, operation.moduleId);
        rest.splice(Math.min(operation.position - 1, rest.length), 0, operation.moduleId);
        order = rest;
        adjustments.order = [...order];
        break;
      }
      case 'exempt':
        // Granting an exemption settles an earlier refusal for the same module.
        next = {
          ...next,
          exemptions: [
            ...next.exemptions.filter((e) => e.moduleId !== operation.moduleId),
            { moduleId: operation.moduleId, evidence: operation.evidence },
          ],
          refusedExemptions: next.refusedExemptions.filter((r) => r.moduleId !== operation.moduleId),
        };
        break;
      case 'refuse-exemption': {
        const { op: _op, ...refusal } = operation;
        next = {
          ...next,
          refusedExemptions: [...next.refusedExemptions, refusal],
          exemptions: next.exemptions.filter((e) => e.moduleId !== operation.moduleId),
        };
        break;
      }
      case 'record-completion':
        if (!next.completed.some((c) => c.moduleId === operation.moduleId))
          next = {
            ...next,
            completed: [
              ...next.completed,
              { moduleId: operation.moduleId, completedOn: operation.completedOn },
            ],
          };
        break;
      case 'set-hours':
        next = { ...next, hoursPerWeek: operation.hoursPerWeek };
        break;
    }
  }
  return next;
}
