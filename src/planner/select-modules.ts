import { type CatalogIndex, compareByCost, compareModules } from './catalog.js';
import { PlannerInputError } from './errors.js';
import { Heap } from './heap.js';
import { type CoverTarget, greedyCover, moduleNumbering } from './set-cover.js';
import type { PlannerModule, Priority } from './types.js';

/**
 * Weight of an essential competency relative to a 'later' one in the set-cover score. Large enough that
 * a module teaching one essential competency beats one teaching a handful of later ones at equal load,
 * small enough that study load still matters.
 */
export const ESSENTIAL_WEIGHT = 10;

export interface SelectionInput {
  catalog: CatalogIndex;
  /** Required competencies (de-duplicated, essential wins) in the caller's order. */
  required: ReadonlyMap<string, Priority>;
  /** Competencies already demonstrated: held evidence plus those of exempt and completed modules. */
  held: ReadonlySet<string>;
  /** Exempt or completed module ids: never planned, their prerequisites count as met. */
  settled: ReadonlySet<string>;
  /** Opleider-added module ids (known, not settled): always planned, never dropped as redundant. */
  added?: ReadonlySet<string>;
  /** Opleider-removed module ids: never planned. */
  removed?: ReadonlySet<string>;
}

export interface Selection {
  /** Planned modules, sorted by code then id. */
  planned: PlannerModule[];
  /** Required, not held, and no module that is not settled teaches it. */
  uncovered: string[];
  /** Required, not held, and only removed modules teach it. */
  uncoveredByRemoval: string[];
  /** Competency prerequisites of planned modules that nothing held or in the catalog provides. */
  unmetPrerequisites: { moduleId: string; competency: string }[];
}

/**
 * Picks the planned modules in three steps:
 *
 * 1. Greedy weighted set cover (greedyCover) over the required competencies the learner does not
 *    hold, weighting essential ones ESSENTIAL_WEIGHT and later ones 1: each step takes the module with
 *    the highest weight of still-open competencies per study hour; ties go by code, then id.
 * 2. Prerequisite closure: module prerequisites are added unless exempt/completed; a competency
 *    prerequisite that is neither held nor taught by another planned module adds the cheapest module
 *    teaching it (load, code, id).
 * 3. Redundancy pass: repeatedly drop the most expensive planned module whose required contributions
 *    are all covered by other planned modules and that no other planned module needs.
 *
 * Opleider adjustments: `added` modules are planned before step 1 (their competencies are no set-cover
 * targets) and never dropped in step 3. `removed` modules are never candidates; neither, where another
 * teacher exists, are modules that need a removed module as a (transitive) module prerequisite. If a
 * planned module still needs a removed module, this throws PlannerInputError naming both codes.
 *
 * @example
 * selectModules({ catalog: indexCatalog([ksu1]), required: new Map([['klas', 'essential']]),
 *   held: new Set(), settled: new Set() }).planned // [ksu1]
 */
export function selectModules(input: SelectionInput): Selection {
  const { catalog, required, held, settled } = input;
  const added = input.added ?? new Set<string>();
  const removed = input.removed ?? new Set<string>();
  const selectable = (m: PlannerModule) => !settled.has(m.id) && !removed.has(m.id);
  const blocked = blockedByRemoval(catalog, settled, removed);
  /** Teachers that can be taken; those needing a removed module only when nothing else teaches it. */
  const candidates = (modules: readonly PlannerModule[]): PlannerModule[] => {
    const open = modules.filter(selectable);
    if (removed.size === 0) return open;
    const free = open.filter((m) => !blocked(m));
    return free.length > 0 ? free : open;
  };
  // With an index of the whole catalog, a competency's teachers come as ranks, and only settled ones
  // need leaving out; with removed modules, whose dependents are candidates only as a last resort,
  // the modules themselves are asked (see candidates).
  const numbering = moduleNumbering(catalog.ranks);
  const ranks = removed.size === 0 ? catalog.ranks : undefined;
  const settledRanks = new Set<number>();
  if (ranks)
    for (const id of settled) {
      const module = catalog.byId.get(id);
      if (module) settledRanks.add(ranks.of(module));
    }
  /** The numbers of the teachers of `competency` that can be taken. */
  const teachersOf = (competency: string): ArrayLike<number> => {
    const ranked = ranks?.teaching(competency);
    if (ranked) return settledRanks.size === 0 ? ranked : ranked.filter((r) => !settledRanks.has(r));
    return candidates(catalog.byCompetency.get(competency) ?? []).map(numbering.number);
  };

  const pinned = [...added]
    .filter((id) => !settled.has(id))
    .map((id) => catalog.byId.get(id))
    .filter((m): m is PlannerModule => m !== undefined)
    .sort(compareModules);
  const taughtByAdded = new Set(pinned.flatMap((m) => m.competencies));

  const needed = new Map<string, Priority>();
  const uncovered: string[] = [];
  const uncoveredByRemoval: string[] = [];
  const targets: CoverTarget[] = [];
  for (const [competency, priority] of required) {
    if (held.has(competency)) continue;
    const teachers = teachersOf(competency);
    if (teachers.length === 0) {
      const all = catalog.byCompetency.get(competency) ?? [];
      if (removed.size > 0 && all.some((m) => removed.has(m.id) && !settled.has(m.id))) {
        uncoveredByRemoval.push(competency);
      } else uncovered.push(competency);
      continue;
    }
    needed.set(competency, priority);
    if (taughtByAdded.has(competency)) continue;
    targets.push({ competency, weight: priority === 'essential' ? ESSENTIAL_WEIGHT : 1, teachers });
  }

  const planned = new Map<string, PlannerModule>(pinned.map((m) => [m.id, m]));
  for (const module of greedyCover(targets, numbering)) planned.set(module.id, module);
  const { unmet: unmetPrerequisites, removedPrerequisites } = closePrerequisites(
    planned,
    catalog,
    held,
    settled,
    removed,
    candidates,
  );
  removeRedundant(planned, needed, held, added);
  for (const { module, prerequisite } of removedPrerequisites) {
    if (planned.has(module.id)) {
      throw new PlannerInputError(
        `cannot remove ${prerequisite.code}: it is a prerequisite of ${module.code}, which the route needs`,
      );
    }
  }

  return {
    planned: [...planned.values()].sort(compareModules),
    uncovered,
    uncoveredByRemoval,
    unmetPrerequisites: unmetPrerequisites.filter((u) => planned.has(u.moduleId)),
  };
}

/**
 * Whether a module needs a removed module as a (transitive) module prerequisite; settled prerequisites
 * are met and end the walk. Memoised and iterative (prerequisite chains in big catalogs are long).
 */
function blockedByRemoval(
  catalog: CatalogIndex,
  settled: ReadonlySet<string>,
  removed: ReadonlySet<string>,
): (module: PlannerModule) => boolean {
  const memo = new Map<string, boolean>();
  return (root) => {
    if (removed.size === 0) return false;
    const cached = memo.get(root.id);
    if (cached !== undefined) return cached;
    // Post-order DFS; a module on the stack counts as unblocked if reached again (cycles are
    // reported later by orderPlanned).
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    const onStack = new Set([root.id]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; next: number };
      const prerequisites = catalog.byId.get(frame.id)?.prerequisites.modules ?? [];
      let result = false;
      let descended = false;
      while (frame.next < prerequisites.length) {
        const p = prerequisites[frame.next++] as string;
        if (settled.has(p) || onStack.has(p) || !catalog.byId.has(p)) continue;
        const known = removed.has(p) || memo.get(p);
        if (known === true) {
          result = true;
          break;
        }
        if (known === undefined) {
          // Look at `p` again once its own answer is memoised.
          frame.next--;
          stack.push({ id: p, next: 0 });
          onStack.add(p);
          descended = true;
          break;
        }
      }
      if (descended) continue;
      memo.set(frame.id, result);
      onStack.delete(frame.id);
      stack.pop();
    }
    return memo.get(root.id) ?? false;
  };
}

function closePrerequisites(
  planned: Map<string, PlannerModule>,
  catalog: CatalogIndex,
  held: ReadonlySet<string>,
  settled: ReadonlySet<string>,
  removed: ReadonlySet<string>,
  candidates: (modules: readonly PlannerModule[]) => PlannerModule[],
): {
  unmet: { moduleId: string; competency: string }[];
  removedPrerequisites: { module: PlannerModule; prerequisite: PlannerModule }[];
} {
  const unmet: { moduleId: string; competency: string }[] = [];
  const removedPrerequisites: { module: PlannerModule; prerequisite: PlannerModule }[] = [];
  const queue = [...planned.values()].sort(compareModules);
  const add = (module: PlannerModule) => {
    planned.set(module.id, module);
    queue.push(module);
  };

  for (let i = 0; i < queue.length; i++) {
    const module = queue[i] as PlannerModule;
    for (const prerequisiteId of module.prerequisites.modules) {
      if (settled.has(prerequisiteId) || planned.has(prerequisiteId)) continue;
      const prerequisite = catalog.byId.get(prerequisiteId);
      if (!prerequisite) {
        throw new PlannerInputError(`module ${module.code}: unknown prerequisite module '${prerequisiteId}'`);
      }
      if (removed.has(prerequisiteId)) removedPrerequisites.push({ module, prerequisite });
      else add(prerequisite);
    }
    for (const competency of module.prerequisites.competencies) {
      if (held.has(competency)) continue;
      // Another planned module teaching it provides it. Asking the competency's few teachers is cheaper
      // than counting every competency of every planned module.
      const all = catalog.byCompetency.get(competency) ?? [];
      if (all.some((m) => m.id !== module.id && planned.has(m.id))) continue;
      let cheapest: PlannerModule | undefined;
      for (const m of candidates(all.filter((m) => m.id !== module.id)))
        if (!cheapest || compareByCost(m, cheapest) < 0) cheapest = m;
      if (cheapest === undefined) unmet.push({ moduleId: module.id, competency });
      else add(cheapest);
    }
  }
  // Deterministic first error: by dependent, then prerequisite.
  removedPrerequisites.sort(
    (a, b) => compareModules(a.module, b.module) || compareModules(a.prerequisite, b.prerequisite),
  );
  return { unmet, removedPrerequisites };
}

function removeRedundant(
  planned: Map<string, PlannerModule>,
  needed: ReadonlyMap<string, Priority>,
  held: ReadonlySet<string>,
  pinned: ReadonlySet<string>,
): void {
  // Which planned modules teach each competency, which need it as a prerequisite, and how many planned
  // modules list each module as a prerequisite. Kept in sync on every removal. Only a needed competency
  // or one a planned module needs (and does not hold) can keep a module, so only those have teachers
  // listed, not the many other competencies planned modules teach.
  const teachers = new Map<string, Set<string>>();
  const needers = new Map<string, Set<string>>();
  const dependents = new Map<string, number>();
  for (const competency of needed.keys()) teachers.set(competency, new Set());
  for (const module of planned.values()) {
    for (const c of module.prerequisites.competencies) {
      if (held.has(c)) continue;
      const set = needers.get(c);
      if (set) set.add(module.id);
      else {
        needers.set(c, new Set([module.id]));
        if (!teachers.has(c)) teachers.set(c, new Set());
      }
    }
    for (const p of module.prerequisites.modules) dependents.set(p, (dependents.get(p) ?? 0) + 1);
  }
  for (const module of planned.values()) for (const c of module.competencies) teachers.get(c)?.add(module.id);

  const removable = (module: PlannerModule): boolean => {
    if (pinned.has(module.id)) return false;
    if ((dependents.get(module.id) ?? 0) > 0) return false;
    for (const competency of module.competencies) {
      const others = (teachers.get(competency)?.size ?? 0) - 1;
      if (needed.has(competency) && others < 1) return false;
      for (const needer of needers.get(competency) ?? []) {
        if (needer === module.id) continue;
        const neederTeaches = teachers.get(competency)?.has(needer) ? 1 : 0;
        if (others - neederTeaches < 1) return false;
      }
    }
    return true;
  };

  // Always drop the most expensive redundant module first. Every module that is redundant right now is
  // in the heap: all start there, and a removal re-queues exactly the modules it may have freed (its
  // prerequisite modules and the providers of its competency prerequisites). So this stays
  // O(k log k) even for long prerequisite chains, where repeated full passes would be quadratic.
  const pending = new Heap<PlannerModule>(
    (a, b) =>
      a.studyLoadHours > b.studyLoadHours ||
      (a.studyLoadHours === b.studyLoadHours && compareModules(a, b) < 0),
  );
  for (const module of planned.values()) pending.push(module);
  for (let module = pending.pop(); module !== undefined; module = pending.pop()) {
    if (!planned.has(module.id) || !removable(module)) continue;
    planned.delete(module.id);
    for (const c of module.competencies) teachers.get(c)?.delete(module.id);
    for (const c of module.prerequisites.competencies) {
      needers.get(c)?.delete(module.id);
      for (const id of teachers.get(c) ?? []) pending.push(planned.get(id) as PlannerModule);
    }
    for (const p of module.prerequisites.modules) {
      dependents.set(p, (dependents.get(p) ?? 1) - 1);
      const prerequisite = planned.get(p);
      if (prerequisite) pending.push(prerequisite);
    }
  }
}
