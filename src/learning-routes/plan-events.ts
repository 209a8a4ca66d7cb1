import type { Compilable } from 'kysely';
import { type Actor, auditEvent } from '../kernel/audit.js';
import type { WriteDeps } from '../kernel/ports.js';
import type { Evidence, Reason, RouteItem } from '../planner/index.js';
import type { PlanOutcome } from './planning.js';
import type { RouteInputs } from './route-inputs.js';

/** An exemption a new route version granted or dropped, with its evidence, and why it was dropped. */
export interface ExemptionChange {
  moduleId: string;
  code: string;
  evidence: Evidence[];
  why?: string;
}

const evidenceOf = (item: RouteItem | undefined): Evidence[] =>
  (item?.reasons ?? []).flatMap((r) => (r.kind === 'exempt' ? [r.evidence] : []));

/** Why an item that was exempt is not any more, in the words of its reasons now. */
function whyDropped(item: RouteItem | undefined): string {
  if (item === undefined) return 'no longer in the route';
  if (item.status === 'completed') return 'completed';
  const said = item.reasons.flatMap((r: Reason) =>
    'credentialId' in r
      ? [`${r.kind}: ${r.credentialId} (${r.message})`]
      : r.kind === 'exemption-refused'
        ? [`exemption-refused: ${r.reason}`]
        : [],
  );
  return said.length > 0 ? said.join('; ') : 'no longer exempt';
}

/**
 * The exemptions a new plan grants (exempt now, not before) and drops (exempt before, not now), in
 * route order, each with its evidence and a dropped one with why: a credential revoked, suspended or
 * unreadable, a refusal, a completion, or the module leaving the route. Pure.
 * @example exemptionChanges(before.items, after.items).dropped // [{ moduleId, code: 'VIG-OBS', evidence, why: 'credential-revoked: urn:uuid:… (revoked)' }]
 */
export function exemptionChanges(
  before: readonly RouteItem[],
  after: readonly RouteItem[],
): { granted: ExemptionChange[]; dropped: ExemptionChange[] } {
  const exempt = (items: readonly RouteItem[]) =>
    new Map(items.filter((i) => i.status === 'exempt').map((i) => [i.moduleId, i]));
  const was = exempt(before);
  const is = exempt(after);
  const byId = new Map(after.map((i) => [i.moduleId, i]));
  return {
    granted: [...is.values()]
      .filter((i) => !was.has(i.moduleId))
      .map((i) => ({ moduleId: i.moduleId, code: i.code, evidence: evidenceOf(i) })),
    dropped: [...was.values()]
      .filter((i) => !is.has(i.moduleId))
      .map((i) => ({
        moduleId: i.moduleId,
        code: i.code,
        evidence: evidenceOf(i),
        why: whyDropped(byId.get(i.moduleId)),
      })),
  };
}

/**
 * The audit events of planning a route version, beside the version's own: an admission override (its
 * reason, who gave it and what it overrode) when this version is the first admitted by it, and each
 * exemption it grants or drops.
 * @example db.atomically([versionInsert(…), ...planEvents(deps, actor, routeId, 2, before, outcome, inputs)])
 */
export function planEvents(
  deps: WriteDeps,
  actor: Actor,
  routeId: string,
  version: number,
  before: PlanOutcome | undefined,
  after: PlanOutcome,
  inputs: RouteInputs,
): Compilable[] {
  const event = (action: string, detail: object) =>
    auditEvent(deps, actor, action, 'route', routeId, { version, ...detail });
  // A stored outcome's items are the planner's RouteItems, typed by the response schema.
  const itemsOf = (outcome: PlanOutcome | undefined) => (outcome?.plan.items ?? []) as RouteItem[];
  const { granted, dropped } = exemptionChanges(itemsOf(before), itemsOf(after));
  const overridden =
    after.admission?.basis === 'override' &&
    before?.admission?.basis !== 'override' &&
    inputs.admissionOverride !== undefined;
  return [
    ...(overridden
      ? [
          event('route.admission-overridden', {
            reason: inputs.admissionOverride?.reason,
            by: inputs.admissionOverride?.by,
            explanation: after.admission?.explanation,
          }),
        ]
      : []),
    ...granted.map((change) => event('route.exemption-granted', change)),
    ...dropped.map((change) => event('route.exemption-dropped', change)),
  ];
}
