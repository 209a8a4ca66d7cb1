import { compareModules } from './catalog.js';
import type { PlannerModule } from './types.js';

export interface CoverTarget {
  competency: string;
  /** Positive integer weight of covering this competency. */
  weight: number;
  /** Modules that may be picked to cover it. */
  teachers: readonly PlannerModule[];
}

/**
 * Deterministic greedy weighted set cover. Each step picks the module with the highest
 * (sum of weights of still-open targets it teaches) / studyLoadHours; equal ratios go to the higher
 * weight (only matters for zero-hour modules), then code, then id. Greedy is the classic
 * ln(n)-approximation and, with a total order on ties, deterministic. Returns the picks in pick order;
 * every target ends up covered since each has at least one teacher.
 *
 * Gains only shrink, so a lazy max-heap gives exactly the eager result: a popped module whose gain is
 * still current beats every other module's (stale, optimistic) key. Keys and the heap live in typed
 * arrays: with 10k candidate modules, chasing object pointers in comparisons dominated the run time.
 * `rankOf` (a module's position in `compareModules` order, from a catalog index of the whole catalog)
 * lets ties compare two integers; without it ties compare codes and ids, which costs less than sorting
 * thousands of candidates first for one plan. A candidate counts once per id either way.
 *
 * @example
 * greedyCover([{ competency: 'klas', weight: 10, teachers: [klas, breed] }]) // [klas] if klas is cheaper
 */
export function greedyCover(
  targets: readonly CoverTarget[],
  rankOf?: (module: PlannerModule) => number,
): PlannerModule[] {
  // A number per module id: its rank when the index knows ranks, else the order in which it is first
  // seen here. Deduplicating the candidates then takes an array lookup.
  const numberOf = rankOf ?? numberingById();
  let pairs = 0;
  for (const target of targets) pairs += target.teachers.length;
  const pairRank = new Int32Array(pairs);
  const pairTarget = new Int32Array(pairs);
  let maxRank = -1;
  let p = 0;
  for (let t = 0; t < targets.length; t++)
    for (const teacher of (targets[t] as CoverTarget).teachers) {
      const r = numberOf(teacher);
      pairRank[p] = r;
      pairTarget[p++] = t;
      if (r > maxRank) maxRank = r;
    }
  const candidateAt = new Int32Array(maxRank + 1).fill(-1);
  const candidates: PlannerModule[] = [];
  const ranks: number[] = [];
  const degree: number[] = [];
  p = 0;
  for (const target of targets)
    for (const teacher of target.teachers) {
      const r = pairRank[p++] as number;
      let c = candidateAt[r] as number;
      if (c === -1) {
        c = candidates.length;
        candidateAt[r] = c;
        candidates.push(teacher);
        ranks.push(r);
        degree.push(0);
      }
      degree[c] = (degree[c] as number) + 1;
    }

  const count = candidates.length;
  // The targets each candidate teaches, as consecutive runs of one array (from[c] to from[c + 1]).
  const from = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) from[c + 1] = (from[c] as number) + (degree[c] as number);
  const taught = new Int32Array(pairs);
  const filled = from.slice(0, count);
  for (let q = 0; q < pairs; q++) {
    const c = candidateAt[pairRank[q] as number] as number;
    taught[(filled[c] as number)++] = pairTarget[q] as number;
  }

  const weight = new Int32Array(targets.length);
  for (let t = 0; t < targets.length; t++) weight[t] = (targets[t] as CoverTarget).weight;
  const open = new Uint8Array(targets.length).fill(1);
  let remaining = targets.length;
  const hours = new Float64Array(count);
  for (let c = 0; c < count; c++) hours[c] = (candidates[c] as PlannerModule).studyLoadHours;
  const rank = Int32Array.from(ranks);
  const key = new Float64Array(count);
  const gainOf = (c: number): number => {
    let gain = 0;
    for (let i = from[c] as number, end = from[c + 1] as number; i < end; i++) {
      const t = taught[i] as number;
      if (open[t] === 1) gain += weight[t] as number;
    }
    return gain;
  };

  // Ties are common (equal loads, equal gains): they go to the first in compareModules order.
  const better = (a: number, b: number): boolean => {
    const ga = key[a] as number;
    const gb = key[b] as number;
    // Cross-multiplied ratio comparison: exact for integer loads and defined for zero-hour modules.
    const left = ga * (hours[b] as number);
    const right = gb * (hours[a] as number);
    if (left !== right) return left > right;
    if (ga !== gb) return ga > gb;
    // Without ranks, ties compare codes and ids here: cheaper than sorting every candidate first.
    return rankOf
      ? (rank[a] as number) < (rank[b] as number)
      : compareModules(candidates[a] as PlannerModule, candidates[b] as PlannerModule) < 0;
  };

  const heap = new Int32Array(count);
  let size = 0;
  const push = (c: number) => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (!better(c, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = c;
  };
  /** Puts `item` at `from` or below, where it belongs among the first `size` entries. */
  const siftDown = (from: number, item: number) => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && better(heap[right] as number, heap[left] as number) ? right : left;
      const c = heap[child] as number;
      if (!better(c, item)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = item;
  };
  const pop = (): number => {
    const top = heap[0] as number;
    const last = heap[--size] as number;
    if (size > 0) siftDown(0, last);
    return top;
  };

  // Floyd's heap construction: linear, where pushing one by one is n log n. `better` is a strict total
  // order (ranks differ), so the picks do not depend on the heap's layout.
  for (let c = 0; c < count; c++) {
    key[c] = gainOf(c);
    heap[c] = c;
  }
  size = count;
  for (let i = (count >> 1) - 1; i >= 0; i--) siftDown(i, heap[i] as number);

  const picked: PlannerModule[] = [];
  while (remaining > 0 && size > 0) {
    const c = pop();
    const fresh = gainOf(c);
    if (fresh === 0) continue;
    if (fresh < (key[c] as number)) {
      key[c] = fresh;
      push(c);
      continue;
    }
    picked.push(candidates[c] as PlannerModule);
    for (let i = from[c] as number, end = from[c + 1] as number; i < end; i++) {
      const t = taught[i] as number;
      if (open[t] === 1) {
        open[t] = 0;
        remaining--;
      }
    }
  }
  return picked;
}

/** Numbers module ids 0, 1, 2… in the order they are first asked for. */
function numberingById(): (module: PlannerModule) => number {
  const numbers = new Map<string, number>();
  return (module) => {
    const known = numbers.get(module.id);
    if (known !== undefined) return known;
    numbers.set(module.id, numbers.size);
    return numbers.size - 1;
  };
}
