import { compareByCost, compareModules } from './catalog.js';
import { PrerequisiteCycleError } from './errors.js';
import { Heap } from './heap.js';
import type { PlannerModule } from './types.js';

/** `from` must be finished before `to` starts. */
export type PrerequisiteEdge =
  | { kind: 'module'; from: string; to: string }
  | { kind: 'competency'; from: string; to: string; competency: string };

/**
 * Prerequisite edges between planned modules. Module prerequisites that are exempt or completed are
 * already met and give no edge. A competency prerequisite that is not held is provided by one planned
 * module: the cheapest other planned module teaching it (load, code, id). One provider rather than all of
 * them, because the learner only needs to have learned the competency once.
 *
 * @example prerequisiteEdges([basis, verdieping], new Set()) // [{ kind: 'module', from: 'basis', to: 'verdieping' }]
 */
export function prerequisiteEdges(
  planned: readonly PlannerModule[],
  held: ReadonlySet<string>,
): PrerequisiteEdge[] {
  const ids = new Set(planned.map((m) => m.id));
  const teachers = new Map<string, PlannerModule[]>();
  for (const module of planned) {
    for (const c of module.competencies) {
      const list = teachers.get(c);
      if (list) list.push(module);
      else teachers.set(c, [module]);
    }
  }

  const edges: PrerequisiteEdge[] = [];
  for (const module of [...planned].sort(compareModules)) {
    for (const prerequisite of new Set(module.prerequisites.modules)) {
      if (ids.has(prerequisite)) edges.push({ kind: 'module', from: prerequisite, to: module.id });
    }
    for (const competency of new Set(module.prerequisites.competencies)) {
      if (held.has(competency)) continue;
      const provider = (teachers.get(competency) ?? [])
        .filter((m) => m.id !== module.id)
        .sort(compareByCost)[0];
      if (provider && !module.prerequisites.modules.includes(provider.id)) {
        edges.push({ kind: 'competency', from: provider.id, to: module.id, competency });
      }
    }
  }
  return edges;
}

/**
 * Essential modules: those teaching an essential competency the learner lacks, plus everything they
 * (transitively) depend on, since the learner cannot take an essential module without it.
 *
 * @example markEssential([klas, zwem], [], new Set(['urn:klassenmanagement'])) // Set { 'klas' }
 */
export function markEssential(
  planned: readonly PlannerModule[],
  edges: readonly PrerequisiteEdge[],
  essentialCompetencies: ReadonlySet<string>,
): Set<string> {
  const prerequisitesOf = groupPrerequisites(edges);
  const essential = new Set<string>();
  const stack = planned
    .filter((m) => m.competencies.some((c) => essentialCompetencies.has(c)))
    .map((m) => m.id);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (essential.has(id)) continue;
    essential.add(id);
    for (const prerequisite of prerequisitesOf.get(id) ?? []) stack.push(prerequisite);
  }
  return essential;
}

/**
 * Topological order of the planned modules (Kahn). Among the modules whose prerequisites are done it
 * always takes an essential one first, then code, then id. Because every prerequisite of an essential
 * module is itself essential, this puts all essential modules before all others.
 * Throws PrerequisiteCycleError (codes) when competency prerequisites form a cycle.
 *
 * @example orderPlanned([verdieping, basis], edges, new Set()) // [basis, verdieping]
 */
export function orderPlanned(
  planned: readonly PlannerModule[],
  edges: readonly PrerequisiteEdge[],
  essential: ReadonlySet<string>,
): PlannerModule[] {
  const byId = new Map(planned.map((m) => [m.id, m]));
  const indegree = new Map<string, number>(planned.map((m) => [m.id, 0]));
  const dependentsOf = new Map<string, string[]>();
  for (const edge of edges) {
    indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1);
    const list = dependentsOf.get(edge.from);
    if (list) list.push(edge.to);
    else dependentsOf.set(edge.from, [edge.to]);
  }

  const ready = new Heap<PlannerModule>((a, b) => {
    const ea = essential.has(a.id);
    if (ea !== essential.has(b.id)) return ea;
    return compareModules(a, b) < 0;
  });
  for (const module of planned) if (indegree.get(module.id) === 0) ready.push(module);

  const ordered: PlannerModule[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    ordered.push(next);
    for (const dependent of dependentsOf.get(next.id) ?? []) {
      const left = (indegree.get(dependent) ?? 0) - 1;
      indegree.set(dependent, left);
      if (left === 0) ready.push(byId.get(dependent) as PlannerModule);
    }
  }
  if (ordered.length < planned.length) {
    const done = new Set(ordered.map((m) => m.id));
    throw new PrerequisiteCycleError(findCycle(planned, edges, done));
  }
  return ordered;
}

function groupPrerequisites(edges: readonly PrerequisiteEdge[]): Map<string, string[]> {
  const prerequisitesOf = new Map<string, string[]>();
  for (const edge of edges) {
    const list = prerequisitesOf.get(edge.to);
    if (list) list.push(edge.from);
    else prerequisitesOf.set(edge.to, [edge.from]);
  }
  return prerequisitesOf;
}

/** Every module left after Kahn has a prerequisite that is also left, so walking prerequisites must loop. */
function findCycle(
  planned: readonly PlannerModule[],
  edges: readonly PrerequisiteEdge[],
  done: ReadonlySet<string>,
): string[] {
  const prerequisitesOf = groupPrerequisites(edges);
  const byId = new Map(planned.map((m) => [m.id, m]));
  const left = planned.filter((m) => !done.has(m.id)).sort(compareModules);
  const path: string[] = [];
  const seen = new Map<string, number>();
  let current = left[0]?.id;
  while (current !== undefined && !seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    current = [...(prerequisitesOf.get(current) ?? [])].filter((id) => !done.has(id)).sort()[0];
  }
  const start = current === undefined ? 0 : (seen.get(current) ?? 0);
  const cycle = [...path.slice(start), ...(current === undefined ? [] : [current])];
  return cycle.map((id) => byId.get(id)?.code ?? id);
}
