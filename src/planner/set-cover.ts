import { compareModules, type Ranks } from './catalog.js';
import type { PlannerModule } from './types.js';

export interface CoverTarget {
  competency: string;
  /** Positive integer weight of covering this competency. */
  weight: number;
  /** Modules that may be picked to cover it, by their number in the cover's ModuleNumbering. */
  teachers: ArrayLike<number>;
}

/** How the set cover knows modules: by number, with each one's load, and the order ties go by. */
export interface ModuleNumbering {
  number: (module: PlannerModule) => number;
  module: (n: number) => PlannerModule;
  hours: (n: number) => number;
  /** Whether module `n` comes before module `m` in `compareModules` order. */
  before: (n: number, m: number) => boolean;
}

/**
 * Numbers modules by their rank when the catalog index has ranks (an index of the whole catalog, kept):
 * a competency's teachers are then numbered already, and loads and ties are read from arrays. Without
 * ranks, modules are numbered 0, 1, 2… as they are first asked for, and ties compare codes and ids,
 * which costs less than sorting thousands of candidates for one plan.
 * @example const numbering = moduleNumbering(catalog.ranks); numbering.number(klas) // its rank
 */
export function moduleNumbering(ranks: Ranks | undefined): ModuleNumbering {
  if (ranks) {
    const { hours, modules } = ranks;
    return {
      number: ranks.of,
      module: (n) => modules[n] as PlannerModule,
      hours: (n) => hours[n] as number,
      before: (n, m) => n < m,
    };
  }
  const numbers = new Map<string, number>();
  const seen: PlannerModule[] = [];
  return {
    number: (module) => {
      const known = numbers.get(module.id);
      if (known !== undefined) return known;
      numbers.set(module.id, seen.length);
      seen.push(module);
      return seen.length - 1;
    },
    module: (n) => seen[n] as PlannerModule,
    hours: (n) => (seen[n] as PlannerModule).studyLoadHours,
    before: (n, m) => compareModules(seen[n] as PlannerModule, seen[m] as PlannerModule) < 0,
  };
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
 * arrays, and modules are numbers (`numbering`): with 10k candidate modules, chasing object pointers in
 * comparisons dominated the run time. A candidate counts once per number.
 *
 * @example
 * const numbering = moduleNumbering(undefined);
 * greedyCover([{ competency: 'klas', weight: 10, teachers: [klas, breed].map(numbering.number) }], numbering) // [klas] if klas is cheaper
 */
export function greedyCover(targets: readonly CoverTarget[], numbering: ModuleNumbering): PlannerModule[] {
  let pairs = 0;
  let maxNumber = -1;
  for (const { teachers } of targets) {
    pairs += teachers.length;
    for (let i = 0; i < teachers.length; i++) maxNumber = Math.max(maxNumber, teachers[i] as number);
  }
  const candidateAt = new Int32Array(maxNumber + 1).fill(-1);
  const numbers: number[] = [];
  const degree: number[] = [];
  for (const { teachers } of targets)
    for (let i = 0; i < teachers.length; i++) {
      const n = teachers[i] as number;
      let c = candidateAt[n] as number;
      if (c === -1) {
        c = numbers.length;
        candidateAt[n] = c;
        numbers.push(n);
        degree.push(0);
      }
      degree[c] = (degree[c] as number) + 1;
    }

  const count = numbers.length;
  // The targets each candidate teaches, as consecutive runs of one array (from[c] to from[c + 1]).
  const from = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) from[c + 1] = (from[c] as number) + (degree[c] as number);
  const taught = new Int32Array(pairs);
  const filled = from.slice(0, count);
  for (let t = 0; t < targets.length; t++) {
    const { teachers } = targets[t] as CoverTarget;
    for (let i = 0; i < teachers.length; i++) {
      const c = candidateAt[teachers[i] as number] as number;
      taught[(filled[c] as number)++] = t;
    }
  }

  const weight = new Int32Array(targets.length);
  for (let t = 0; t < targets.length; t++) weight[t] = (targets[t] as CoverTarget).weight;
  const open = new Uint8Array(targets.length).fill(1);
  let remaining = targets.length;
  const hours = new Float64Array(count);
  for (let c = 0; c < count; c++) hours[c] = numbering.hours(numbers[c] as number);
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
    return numbering.before(numbers[a] as number, numbers[b] as number);
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

  // Of the candidates that teach one target only, just the best per target can ever be picked: while
  // the target is open it beats the others (same gain, better load or tie), and once the target is
  // closed they all gain nothing. Most teachers of a big catalog are such candidates; leaving the rest
  // out of the heap spares popping each of them once its target is closed.
  const single = new Int32Array(targets.length).fill(-1);
  for (let c = 0; c < count; c++) {
    key[c] = gainOf(c);
    if ((from[c + 1] as number) - (from[c] as number) !== 1) continue;
    const t = taught[from[c] as number] as number;
    const best = single[t] as number;
    if (best === -1 || better(c, best)) single[t] = c;
  }
  for (let c = 0; c < count; c++) {
    const only = (from[c + 1] as number) - (from[c] as number) === 1;
    if (!only || single[taught[from[c] as number] as number] === c) heap[size++] = c;
  }
  // Floyd's heap construction: linear, where pushing one by one is n log n. `better` is a strict total
  // order (numbers differ), so the picks do not depend on the heap's layout.
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i, heap[i] as number);

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
    picked.push(numbering.module(numbers[c] as number));
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
