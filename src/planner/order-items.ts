import { compareByCost, compareModules } from './catalog.js';
import { MoveRefusedError, PrerequisiteCycleError } from './errors.js';
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
  // Only the competencies some planned module needs and does not hold have providers to find: a plan of
  // a thousand modules has a hundred of them, not the two thousand competencies its modules teach.
  const teachers = new Map<string, PlannerModule[]>();
  for (const module of planned)
    for (const c of module.prerequisites.competencies) if (!held.has(c)) teachers.set(c, []);
  if (teachers.size > 0)
    for (const module of planned) for (const c of module.competencies) teachers.get(c)?.push(module);

  const edges: PrerequisiteEdge[] = [];
  // Planned modules usually arrive sorted already, which makes this sort a single linear check.
  for (const module of [...planned].sort(compareModules)) {
    const { modules, competencies } = module.prerequisites;
    for (const [i, prerequisite] of modules.entries()) {
      if (ids.has(prerequisite) && !listedBefore(modules, prerequisite, i))
        edges.push({ kind: 'module', from: prerequisite, to: module.id });
    }
    for (const [i, competency] of competencies.entries()) {
      if (held.has(competency) || listedBefore(competencies, competency, i)) continue;
      let provider: PlannerModule | undefined;
      for (const m of teachers.get(competency) ?? [])
        if (m.id !== module.id && (!provider || compareByCost(m, provider) < 0)) provider = m;
      if (provider && !modules.includes(provider.id)) {
        edges.push({ kind: 'competency', from: provider.id, to: module.id, competency });
      }
    }
  }
  return edges;
}

/** Whether `value` occurs in `list` before position `at`: prerequisite lists are short, a Set costs more. */
function listedBefore(list: readonly string[], value: string, at: number): boolean {
  const first = list.indexOf(value);
  return first !== -1 && first < at;
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
  // Modules are numbered by rank (code, then id), so the heap compares numbers, not strings and sets.
  const sorted = [...planned].sort(compareModules);
  const rank = new Map(sorted.map((m, i) => [m.id, i]));
  const isEssential = Uint8Array.from(sorted, (m) => (essential.has(m.id) ? 1 : 0));
  const indegree = new Int32Array(sorted.length);
  const dependentsOf: number[][] = sorted.map(() => []);
  for (const edge of edges) {
    const from = rank.get(edge.from);
    const to = rank.get(edge.to);
    if (to === undefined) continue;
    indegree[to] = (indegree[to] as number) + 1;
    if (from !== undefined) (dependentsOf[from] as number[]).push(to);
  }

  const ready = new Heap<number>((a, b) =>
    isEssential[a] !== isEssential[b] ? isEssential[a] === 1 : a < b,
  );
  for (let r = 0; r < sorted.length; r++) if (indegree[r] === 0) ready.push(r);

  const ordered: PlannerModule[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    ordered.push(sorted[next] as PlannerModule);
    for (const dependent of dependentsOf[next] as number[]) {
      const left = (indegree[dependent] as number) - 1;
      indegree[dependent] = left;
      if (left === 0) ready.push(dependent);
    }
  }
  if (ordered.length < planned.length) {
    const done = new Set(ordered.map((m) => m.id));
    throw new PrerequisiteCycleError(findCycle(planned, edges, done));
  }
  return ordered;
}

/**
 * Applies the opleider's requested order (`adjustments.order`) to the computed order `ordered`.
 *
 * Ids in `requested` that are not in `ordered` (completed, exempt, removed, not selected) are ignored.
 * Rule, deterministic: Kahn's algorithm over the prerequisite edges plus an edge between each pair of
 * consecutive listed ids, so listed modules appear exactly in the requested order. Among the modules
 * that are ready, the lowest key goes first: an unlisted module's key is its computed position, a listed
 * module's key the lowest computed position of itself and every id listed after it. So a moved group
 * takes the place of its earliest member (order [D, B] on A B C D gives A D B C), and unlisted modules keep
 * their computed essential-first order relative to each other as far as prerequisites allow. A complete
 * list gives exactly that list; a single listed id stays where it is (a move needs the moved id and the
 * id it goes before, or the whole order).
 *
 * Throws MoveRefusedError when a listed module comes before a listed (transitive) prerequisite: the first
 * such module in the requested order, naming its earliest-listed offending prerequisite.
 *
 * @example applyRequestedOrder([a, b, c, d], [], ['d', 'b']) // [a, d, b, c]
 */
export function applyRequestedOrder(
  ordered: readonly PlannerModule[],
  edges: readonly PrerequisiteEdge[],
  requested: readonly string[],
): PlannerModule[] {
  const position = new Map(ordered.map((m, i) => [m.id, i]));
  const listed = requested.filter((id) => position.has(id));
  if (listed.length === 0) return [...ordered];
  const rank = new Map(listed.map((id, i) => [id, i]));

  const prerequisitesOf = groupPrerequisites(edges);
  const byId = new Map(ordered.map((m) => [m.id, m]));
  for (const [i, id] of listed.entries()) {
    // Walk all transitive prerequisites; refuse if one of them is listed later.
    let offending: string | undefined;
    const seen = new Set<string>([id]);
    const stack = [...(prerequisitesOf.get(id) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop() as string;
      if (seen.has(p)) continue;
      seen.add(p);
      const r = rank.get(p);
      if (r !== undefined && r > i && (offending === undefined || r < (rank.get(offending) as number))) {
        offending = p;
      }
      for (const q of prerequisitesOf.get(p) ?? []) stack.push(q);
    }
    if (offending !== undefined) {
      throw new MoveRefusedError(byId.get(id) as PlannerModule, byId.get(offending) as PlannerModule);
    }
  }

  const key = new Map<string, number>();
  for (const m of ordered) key.set(m.id, position.get(m.id) as number);
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = listed.length - 1; i >= 0; i--) {
    const id = listed[i] as string;
    lowest = Math.min(lowest, position.get(id) as number);
    key.set(id, lowest);
  }

  const indegree = new Map<string, number>(ordered.map((m) => [m.id, 0]));
  const dependentsOf = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
    const list = dependentsOf.get(from);
    if (list) list.push(to);
    else dependentsOf.set(from, [to]);
  };
  for (const edge of edges) if (position.has(edge.from) && position.has(edge.to)) link(edge.from, edge.to);
  for (let i = 1; i < listed.length; i++) link(listed[i - 1] as string, listed[i] as string);

  const ready = new Heap<PlannerModule>((a, b) => {
    const ka = key.get(a.id) as number;
    const kb = key.get(b.id) as number;
    if (ka !== kb) return ka < kb;
    return (position.get(a.id) as number) < (position.get(b.id) as number);
  });
  for (const m of ordered) if (indegree.get(m.id) === 0) ready.push(m);
  const result: PlannerModule[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    result.push(next);
    for (const dependent of dependentsOf.get(next.id) ?? []) {
      const left = (indegree.get(dependent) ?? 0) - 1;
      indegree.set(dependent, left);
      if (left === 0) ready.push(byId.get(dependent) as PlannerModule);
    }
  }
  // The check above rules out a cycle through the requested-order edges (any such cycle needs a listed
  // module with a later-listed transitive prerequisite), and `ordered` is already topological.
  if (result.length !== ordered.length) throw new Error('planner invariant broken: requested order cyclic');
  return result;
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
