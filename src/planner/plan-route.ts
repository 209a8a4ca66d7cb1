import { type CatalogIndex, compareModules, indexForOnePlan } from './catalog.js';
import { summarizeCoverage } from './coverage.js';
import { credentialExemptions, credentialStanding } from './credential-standing.js';
import { fromDay, toDay } from './dates.js';
import { PlannerInputError } from './errors.js';
import { applyRequestedOrder, markEssential, orderPlanned, prerequisiteEdges } from './order-items.js';
import { attachRefusals } from './refusals.js';
import { assertHoursPerWeek, scheduleModules } from './schedule.js';
import { selectModules } from './select-modules.js';
import type {
  Evidence,
  PlannedRoute,
  PlannerInput,
  PlannerModule,
  Priority,
  Reason,
  RouteItem,
} from './types.js';

/**
 * Plans a learner's route: which modules, in which order, when, and why. Pure and deterministic: the
 * same input (in any catalog order) gives a deep-equal route. Throws PlannerInputError only for input
 * that cannot be planned at all (bad dates, hoursPerWeek <= 0, unknown module ids, prerequisite cycles);
 * competencies nobody teaches are reported in `uncovered` instead.
 *
 * Item order: completed modules (by completion date), then exempt modules, then planned modules
 * essential-first in prerequisite order, or in the opleider's requested order (`adjustments.order`, see
 * applyRequestedOrder) where prerequisites allow it; otherwise MoveRefusedError.
 *
 * Opleider adjustments (`input.adjustments`, see RouteAdjustments): added modules are planned and carry
 * `added-by-opleider` as their first reason; removed ones are never planned.
 *
 * Verified credentials (`input.credentials`, their status read for this plan): an active one holds the
 * competencies it is aligned to, and a module the route would plan without them whose competencies
 * they all prove is exempt with them as evidence. A revoked, suspended or unreadable one holds nothing:
 * a planned module it would have covered (or whose exemption named it) says why with a
 * `credential-revoked`, `credential-suspended` or `status-unavailable` reason. An exemption naming a
 * credential that is not listed is refused. Completed modules never change.
 *
 * @example
 * planRoute({ today: '2026-01-05', startDate: '2026-01-05', hoursPerWeek: 8,
 *   requirements: [{ competency: 'urn:klassenmanagement', priority: 'essential' }],
 *   held: [], exemptions: [], refusedExemptions: [], completed: [], pauses: [], catalog: [klas] })
 * // { items: [{ moduleId: 'klas', status: 'planned', essential: true, order: 1, plannedStart: '2026-01-05', ... }], ... }
 */
export function planRoute(input: PlannerInput): PlannedRoute {
  return planRouteWithCatalog(input, indexForOnePlan(input.catalog));
}

/**
 * planRoute with a catalog index the caller built once with `indexCatalog(modules)` and reuses across
 * learners; `input.catalog` is ignored. Indexing is the largest single cost for big catalogs, so a
 * service planning many routes against the same catalog version should keep the index.
 *
 * @example
 * const index = indexCatalog(modules);
 * planRouteWithCatalog(input, index); // input.catalog is not read
 */
export function planRouteWithCatalog(
  input: Omit<PlannerInput, 'catalog'>,
  catalog: CatalogIndex,
): PlannedRoute {
  assertHoursPerWeek(input.hoursPerWeek);
  const routeStart = fromDay(Math.max(toDay(input.startDate, 'startDate'), toDay(input.today, 'today')));
  const moduleById = (id: string, what: string): PlannerModule => {
    const module = catalog.byId.get(id);
    if (!module) throw new PlannerInputError(`${what}: unknown module '${id}'`);
    return module;
  };

  const required = new Map<string, Priority>();
  for (const { competency, priority } of input.requirements) {
    if (required.get(competency) !== 'essential') required.set(competency, priority);
  }

  // A module completed twice keeps its first completion; completion beats exemption.
  const completedOn = new Map<string, string>();
  for (const { moduleId, completedOn: on } of input.completed) {
    moduleById(moduleId, 'completed');
    toDay(on, `completed ${moduleId}`);
    const earlier = completedOn.get(moduleId);
    if (earlier === undefined || on < earlier) completedOn.set(moduleId, on);
  }
  for (const { moduleId } of input.exemptions) moduleById(moduleId, 'exemption');
  const standing = credentialStanding(input.credentials ?? [], input.exemptions);
  const exemptions = new Map<string, Evidence[]>();
  for (const { moduleId, evidence } of standing.exemptions) {
    if (completedOn.has(moduleId)) continue;
    const list = exemptions.get(moduleId);
    if (list) list.push(evidence);
    else exemptions.set(moduleId, [evidence]);
  }

  const completedModules = [...completedOn.keys()]
    .map((id) => moduleById(id, 'completed'))
    .sort((a, b) => compareDates(completedOn.get(a.id), completedOn.get(b.id)) || compareModules(a, b));

  const heldEvidence = new Map<string, Evidence>();
  for (const { competency, evidence } of input.held) {
    if (!heldEvidence.has(competency)) heldEvidence.set(competency, evidence);
  }
  const held = new Set(heldEvidence.keys());
  for (const module of completedModules) for (const competency of module.competencies) held.add(competency);
  for (const id of exemptions.keys())
    for (const competency of moduleById(id, 'exemption').competencies) held.add(competency);
  const settled = new Set([...completedOn.keys(), ...exemptions.keys()]);
  const adjustments = input.adjustments ?? {};
  const idList = (ids: readonly string[] | undefined, what: string): Set<string> => {
    const set = new Set<string>();
    for (const id of ids ?? []) {
      moduleById(id, `adjustments.${what}`);
      if (set.has(id)) throw new PlannerInputError(`adjustments.${what}: module '${id}' listed twice`);
      set.add(id);
    }
    return set;
  };
  const added = idList(adjustments.added, 'added');
  const removed = idList(adjustments.removed, 'removed');
  for (const id of added) {
    if (removed.has(id)) {
      throw new PlannerInputError(
        `adjustments: module ${moduleById(id, 'added').code} both added and removed`,
      );
    }
  }

  // What active credentials prove is held; the modules the route would plan without them that they
  // prove entirely are exempt, with the credentials as their evidence.
  if (standing.proven.size > 0) {
    const without = selectModules({ catalog, required, held, settled, added, removed });
    for (const [id, evidence] of credentialExemptions(without.planned, standing.proven)) {
      exemptions.set(id, evidence);
      settled.add(id);
    }
    for (const [competency, evidence] of standing.proven) {
      if (!heldEvidence.has(competency)) heldEvidence.set(competency, evidence);
      held.add(competency);
    }
  }
  const exemptModules = [...exemptions.keys()].map((id) => moduleById(id, 'exemption')).sort(compareModules);
  const requestedOrder = [...idList(adjustments.order, 'order')];

  const selection = selectModules({ catalog, required, held, settled, added, removed });
  const edges = prerequisiteEdges(selection.planned, held);
  const essentialLacking = new Set(
    [...required].filter(([c, p]) => p === 'essential' && !held.has(c)).map(([c]) => c),
  );
  const essential = markEssential(selection.planned, edges, essentialLacking);
  const computed = orderPlanned(selection.planned, edges, essential);
  const ordered =
    requestedOrder.length === 0 ? computed : applyRequestedOrder(computed, edges, requestedOrder);
  const schedule = scheduleModules(
    ordered.map((m) => ({ moduleId: m.id, studyLoadHours: m.studyLoadHours, startPattern: m.startPattern })),
    {
      from: routeStart,
      hoursPerWeek: input.hoursPerWeek,
      pauses: input.pauses,
    },
  );

  const position = new Map(ordered.map((m, i) => [m.id, i]));
  const teachesEssential = (m: PlannerModule) => m.competencies.some((c) => required.get(c) === 'essential');
  const coversReasons = (m: PlannerModule, onlyLacking: boolean): Reason[] =>
    m.competencies
      .filter((c) => required.has(c) && !(onlyLacking && held.has(c)))
      .map((c): Reason => ({ kind: 'covers', competency: c, priority: required.get(c) as Priority }))
      .sort(compareCovers);

  const items: RouteItem[] = [];
  for (const module of completedModules) {
    const reasons: Reason[] = [
      { kind: 'completed', on: completedOn.get(module.id) as string },
      ...coversReasons(module, false),
    ];
    items.push(makeItem(module, 'completed', teachesEssential(module), items.length + 1, reasons));
  }
  for (const module of exemptModules) {
    const evidence = exemptions.get(module.id) ?? [];
    const reasons: Reason[] = [
      ...evidence.map((e): Reason => ({ kind: 'exempt', evidence: e })),
      ...coversReasons(module, false),
    ];
    items.push(makeItem(module, 'exempt', teachesEssential(module), items.length + 1, reasons));
  }

  const dependentReasons = new Map<string, { at: number; reason: Reason }[]>();
  for (const edge of edges) {
    const reason: Reason =
      edge.kind === 'module'
        ? { kind: 'prerequisite-of', moduleId: edge.to }
        : { kind: 'provides-prerequisite', moduleId: edge.to, competency: edge.competency };
    const list = dependentReasons.get(edge.from) ?? [];
    list.push({ at: position.get(edge.to) ?? 0, reason });
    dependentReasons.set(edge.from, list);
  }
  const unmetByModule = new Map<string, Reason[]>();
  for (const { moduleId, competency } of selection.unmetPrerequisites) {
    const list = unmetByModule.get(moduleId) ?? [];
    list.push({ kind: 'prerequisite-unavailable', competency });
    unmetByModule.set(moduleId, list);
  }

  const unscheduled: string[] = [];
  // ISO dates with four-digit years order like strings, so no parsing is needed to find the latest.
  let endDate = routeStart;
  let independentFrom = routeStart;
  for (let i = 0; i < ordered.length; i++) {
    const module = ordered[i] as PlannerModule;
    const slot = schedule[i];
    const reasons = [...coversReasons(module, true), ...standing.lapsedReasons(module, held)];
    if (added.has(module.id)) reasons.unshift({ kind: 'added-by-opleider' });
    const dependents = dependentReasons.get(module.id);
    if (dependents) {
      dependents.sort((x, y) => x.at - y.at || compareReasons(x.reason, y.reason));
      for (const d of dependents) reasons.push(d.reason);
    }
    for (const reason of unmetByModule.get(module.id) ?? []) reasons.push(reason);
    const isEssential = essential.has(module.id);
    const order = items.length + 1;
    if (slot?.scheduled) {
      for (const pause of slot.pauses)
        reasons.push({ kind: 'extended-by-pause', from: pause.from, until: pause.until });
      items.push(makeItem(module, 'planned', isEssential, order, reasons, slot));
      if (slot.end > endDate) endDate = slot.end;
      if (isEssential && slot.end > independentFrom) independentFrom = slot.end;
    } else {
      reasons.push({ kind: 'no-start-moment' });
      items.push(makeItem(module, 'planned', isEssential, order, reasons));
      unscheduled.push(module.id);
    }
  }

  const refusals = attachRefusals([...input.refusedExemptions, ...standing.refused], items, catalog.byId);
  const { covered, uncovered } = summarizeCoverage({
    required,
    uncovered: selection.uncovered,
    uncoveredByRemoval: selection.uncoveredByRemoval,
    heldEvidence,
    exempt: exemptModules.map((module) => ({
      module,
      evidence: (exemptions.get(module.id) ?? [])[0] as Evidence,
    })),
    completed: completedModules,
    planned: ordered,
  });

  return {
    items,
    covered,
    uncovered,
    refusals,
    routeStart,
    endDate,
    independentFrom,
    unscheduled,
  };
}

/** Object literals rather than spreads: spreading a base item was the hottest line of the planner. */
function makeItem(
  module: PlannerModule,
  status: RouteItem['status'],
  essential: boolean,
  order: number,
  reasons: Reason[],
  slot?: { start: string; end: string; weeks: number },
): RouteItem {
  const { id: moduleId, code, title } = module;
  if (!slot) return { moduleId, code, title, status, essential, order, reasons };
  const { start: plannedStart, end: plannedEnd, weeks } = slot;
  return { moduleId, code, title, status, essential, order, plannedStart, plannedEnd, weeks, reasons };
}

function compareDates(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

function compareCovers(a: Reason, b: Reason): number {
  if (a.kind !== 'covers' || b.kind !== 'covers') return 0;
  if (a.priority !== b.priority) return a.priority === 'essential' ? -1 : 1;
  return a.competency < b.competency ? -1 : a.competency > b.competency ? 1 : 0;
}

function compareReasons(a: Reason, b: Reason): number {
  const ka = JSON.stringify(a);
  const kb = JSON.stringify(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
