import type { PlannerModule, RefusalOutcome, RefusedExemption, RouteItem } from './types.js';

/**
 * Records refused exemptions on the route. A refusal naming a module lands on that module's item; one
 * naming only a competency lands on the planned items teaching it. A refusal never changes the
 * selection, and one that matches nothing in the route is still reported, so no refusal goes unseen.
 * Mutates `items` (appends `exemption-refused` reasons).
 *
 * @example
 * attachRefusals([{ moduleId: 'kw1-ned', reason: 'Levenservaring is geen bewijs van 2F' }], items, byId)
 * // [{ refusal: { moduleId: 'kw1-ned', reason: '...' }, appliesTo: ['kw1-ned'] }]
 */
export function attachRefusals(
  refused: readonly RefusedExemption[],
  items: RouteItem[],
  byId: Pick<ReadonlyMap<string, PlannerModule>, 'get'>,
): RefusalOutcome[] {
  return refused.map((r) => {
    const targets = items.filter((item) => {
      if (r.moduleId !== undefined) return item.moduleId === r.moduleId;
      if (r.competency === undefined || item.status !== 'planned') return false;
      return byId.get(item.moduleId)?.competencies.includes(r.competency) ?? false;
    });
    for (const item of targets) item.reasons.push({ kind: 'exemption-refused', reason: r.reason });
    // Copy only the fields that were given, so the output never carries `undefined` keys.
    const refusal: RefusedExemption = { reason: r.reason };
    if (r.moduleId !== undefined) refusal.moduleId = r.moduleId;
    if (r.competency !== undefined) refusal.competency = r.competency;
    return { refusal, appliesTo: targets.map((t) => t.moduleId) };
  });
}
