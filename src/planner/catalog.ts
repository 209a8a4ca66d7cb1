import { PlannerInputError } from './errors.js';
import type { PlannerModule } from './types.js';

/** Catalog lookups built once per plan, so selection never scans the whole catalog per competency. */
export interface CatalogIndex {
  byId: Pick<ReadonlyMap<string, PlannerModule>, 'get' | 'has'>;
  /** Competency -> modules teaching it, in catalog order: callers pick by a total order, never by position. */
  byCompetency: Pick<ReadonlyMap<string, readonly PlannerModule[]>, 'get'>;
  /** For an index of the whole catalog (built once and kept): its modules numbered in order (see Ranks). */
  ranks?: Ranks;
}

/**
 * The modules of a whole catalog numbered by their position in `compareModules` order, with what the set
 * cover reads of each by number. A plan's set cover weighs thousands of teachers; reading each one's
 * load and rank from these arrays, rather than from its module object and a map, spares a cache miss
 * per teacher in a big catalog, and ties compare two numbers.
 */
export interface Ranks {
  of: (module: PlannerModule) => number;
  /** The modules by rank. */
  modules: readonly PlannerModule[];
  /** Study load by rank. */
  hours: Float64Array;
  /** The ranks of the modules teaching a competency. */
  teaching: (competency: string) => Int32Array | undefined;
}

/**
 * Total order on modules used for every tie: code, then id (ids are unique).
 *
 * @example [b, a].sort(compareModules) // a first when a.code < b.code
 */
export function compareModules(a: PlannerModule, b: PlannerModule): number {
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * Cheapest first (study load), then `compareModules`.
 *
 * @example [long, short].sort(compareByCost) // [short, long]
 */
export function compareByCost(a: PlannerModule, b: PlannerModule): number {
  return a.studyLoadHours - b.studyLoadHours || compareModules(a, b);
}

/**
 * Validates what is cheap to validate (unique ids, sane loads and monthly start days) and indexes the
 * catalog. Catalog integrity is the catalog writer's job (cycles are rejected with 422 there), so the
 * planner only checks what a route reaches: unknown prerequisite modules in selectModules, cycles in
 * orderPlanned, fixed start dates when a module is scheduled. Competency lists are de-duplicated so
 * that counting coverage never counts a competency twice.
 *
 * With `wanted` (the required competencies), only what one plan can ask about is indexed: the teachers
 * of `wanted` in the one pass over the catalog that every plan needs, and the teachers of competency
 * prerequisites in a second pass, only once a plan asks for one. Omit `wanted` to index everything
 * (a service that plans many routes against one catalog version keeps that index); such an index
 * also ranks every module by `compareModules` once (see Ranks), so plans need not sort their candidates.
 *
 * Ids go into an open-addressing table of module positions rather than a Map: with 50,000 modules,
 * filling a Map took five times as long as the rest of the pass.
 *
 * @example indexCatalog([m1, m2], ['urn:klassenmanagement']).byCompetency.get('urn:klassenmanagement') // [m1]
 */
export function indexCatalog(catalog: readonly PlannerModule[], wanted?: Iterable<string>): CatalogIndex {
  // Copied only when a module's competency list needs de-duplicating (rare).
  let modules = catalog;
  const slots = new Int32Array(tableSize(modules.length)).fill(-1);
  const mask = slots.length - 1;
  const slotOf = (id: string): number => {
    let slot = hashId(id) & mask;
    for (let at = slots[slot] as number; at !== -1; at = slots[slot] as number) {
      if ((modules[at] as PlannerModule).id === id) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  };

  const indexed = wanted === undefined ? undefined : new Set(wanted);
  /** Competency prerequisites `wanted` did not name: indexed in a second pass, once a plan asks. */
  const late = new Set<string>();
  const byCompetency = new Map<string, PlannerModule[]>();
  const teach = (competency: string, module: PlannerModule) => {
    const list = byCompetency.get(competency);
    if (list) list.push(module);
    else byCompetency.set(competency, [module]);
  };
  for (let i = 0; i < modules.length; i++) {
    let module = modules[i] as PlannerModule;
    const slot = slotOf(module.id);
    if (slots[slot] !== -1) throw new PlannerInputError(`catalog: duplicate module id '${module.id}'`);
    slots[slot] = i;
    validateModule(module);
    if (hasDuplicates(module.competencies)) {
      module = { ...module, competencies: [...new Set(module.competencies)] };
      if (modules === catalog) modules = catalog.slice();
      (modules as PlannerModule[])[i] = module;
    }
    for (const competency of module.competencies) {
      if (indexed === undefined || indexed.has(competency)) teach(competency, module);
    }
    if (indexed !== undefined)
      for (const competency of module.prerequisites.competencies)
        if (!indexed.has(competency)) late.add(competency);
  }
  const indexLate = () => {
    for (const module of modules)
      for (const competency of module.competencies) if (late.has(competency)) teach(competency, module);
    late.clear();
  };

  const byId: CatalogIndex['byId'] = {
    get: (id) => {
      const at = slots[slotOf(id)] as number;
      return at === -1 ? undefined : modules[at];
    },
    has: (id) => slots[slotOf(id)] !== -1,
  };
  const teachers: CatalogIndex['byCompetency'] = {
    get: (competency) => {
      if (late.has(competency)) indexLate();
      return byCompetency.get(competency);
    },
  };
  if (indexed !== undefined) return { byId, byCompetency: teachers };

  const rankAt = new Int32Array(modules.length);
  const order = Array.from({ length: modules.length }, (_, i) => i).sort((a, b) =>
    compareModules(modules[a] as PlannerModule, modules[b] as PlannerModule),
  );
  for (let r = 0; r < order.length; r++) rankAt[order[r] as number] = r;
  const of = (module: PlannerModule) => rankAt[slots[slotOf(module.id)] as number] as number;
  const byRank = order.map((i) => modules[i] as PlannerModule);
  // Every competency's teacher ranks in one array, each competency a run of it, filled in catalog
  // order. Indexing 50,000 modules took half as long again with an array per competency, and a little
  // longer than this with a map from module objects to their ranks.
  const runs = new Map<string, number>();
  let pairs = 0;
  for (const [competency, list] of byCompetency) {
    runs.set(competency, pairs);
    pairs += list.length;
  }
  const teacherRanks = new Int32Array(pairs);
  // Where each run is filled up to; once every module is in, where each run ends.
  const ends = new Map(runs);
  for (let i = 0; i < modules.length; i++)
    for (const competency of (modules[i] as PlannerModule).competencies) {
      const at = ends.get(competency) as number;
      teacherRanks[at] = rankAt[i] as number;
      ends.set(competency, at + 1);
    }
  const ranks: Ranks = {
    of,
    modules: byRank,
    hours: Float64Array.from(byRank, (m) => m.studyLoadHours),
    teaching: (competency) => {
      const start = runs.get(competency);
      return start === undefined ? undefined : teacherRanks.subarray(start, ends.get(competency));
    },
  };
  return { byId, byCompetency: teachers, ranks };
}

/** A power of two at least twice the number of ids, so probe chains stay short. */
function tableSize(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}

/** FNV-1a over the id's UTF-16 code units. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function hasDuplicates(values: readonly string[]): boolean {
  // Competency lists are short; a quadratic scan beats allocating a Set per module.
  if (values.length > 16) return new Set(values).size !== values.length;
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) if (values[i] === values[j]) return true;
  }
  return false;
}

function validateModule(module: PlannerModule): void {
  if (!Number.isFinite(module.studyLoadHours) || module.studyLoadHours < 0) {
    throw new PlannerInputError(`module ${module.code}: studyLoadHours must be a finite number >= 0`);
  }
  const pattern = module.startPattern;
  if (pattern.kind === 'monthly') {
    if (!Number.isInteger(pattern.dayOfMonth) || pattern.dayOfMonth < 1 || pattern.dayOfMonth > 31) {
      throw new PlannerInputError(`module ${module.code}: dayOfMonth must be an integer 1..31`);
    }
  }
}
