import { PlannerInputError } from './errors.js';
import type { PlannerModule } from './types.js';

/**
 * Catalog lookups, so selection never scans the whole catalog per competency: built for one plan
 * (indexForOnePlan) or once per catalog version and kept (indexCatalog).
 */
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
 * Indexes the whole catalog for many plans: a service that plans routes against one catalog version
 * builds this once and keeps it (see planRouteWithCatalog). Every module is checked up front (see
 * checkedModule), every competency's teachers are listed, and the modules are ranked by
 * `compareModules` (see Ranks), so plans need not sort their candidates. A single plan is served
 * faster by indexForOnePlan.
 *
 * Catalog integrity is the catalog writer's job (cycles are rejected with 422 there), so the planner
 * checks only what is cheap to check and what a route reaches: ids are unique across the catalog (both
 * indexes); unknown prerequisite modules are found in selectModules, cycles in orderPlanned, fixed start
 * dates when a module is scheduled.
 *
 * @example indexCatalog([m1, m2]).byCompetency.get('urn:klassenmanagement') // [m1]
 */
export function indexCatalog(catalog: readonly PlannerModule[]): CatalogIndex {
  const ids = new IdTable(catalog);
  const modules = catalog.map((module, i) => {
    ids.add(i);
    return checkedModule(module);
  });
  const byCompetency = new Map<string, PlannerModule[]>();
  for (const module of modules)
    for (const competency of module.competencies) {
      const list = byCompetency.get(competency);
      if (list) list.push(module);
      else byCompetency.set(competency, [module]);
    }
  const byId: CatalogIndex['byId'] = {
    get: (id) => {
      const at = ids.find(id);
      return at === -1 ? undefined : modules[at];
    },
    has: (id) => ids.find(id) !== -1,
  };

  const rankAt = new Int32Array(modules.length);
  const order = Array.from({ length: modules.length }, (_, i) => i).sort((a, b) =>
    compareModules(modules[a] as PlannerModule, modules[b] as PlannerModule),
  );
  for (let r = 0; r < order.length; r++) rankAt[order[r] as number] = r;
  const of = (module: PlannerModule) => rankAt[ids.find(module.id)] as number;
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
  return { byId, byCompetency, ranks };
}

/**
 * Indexes the catalog for one plan (planRoute), reading of each module only its id and its competencies'
 * fingerprints (see fingerprint): ids go into a hash table of positions, and (module, fingerprint) pairs
 * are sorted by fingerprint. A competency's teachers are found when a plan first asks for them, in its
 * fingerprint's run of that sort, comparing strings only there. A module's load and start day are
 * checked (see checkedModule) when the index first hands it out, so a plan checks the modules it reaches.
 *
 * A plan of a big catalog asks for a few hundred competencies, so listing the teachers of all of them,
 * as indexCatalog does, would cost more than the plan.
 *
 * @example indexForOnePlan([m1, m2]).byCompetency.get('urn:klassenmanagement') // [m1]
 */
export function indexForOnePlan(catalog: readonly PlannerModule[]): CatalogIndex {
  const ids = new IdTable(catalog);
  const pairs = new Pairs(catalog.length * 2);
  for (let i = 0; i < catalog.length; i++) {
    ids.add(i);
    const competencies = (catalog[i] as PlannerModule).competencies;
    for (let k = 0; k < competencies.length; k++) pairs.push(i, fingerprint(competencies[k] as string));
  }
  // A counting sort by fingerprint, as many fingerprints as pairs (see runsFor): the modules of
  // fingerprint f are owners[start[f]] up to owners[start[f + 1]], in catalog order.
  const { owners: pairOwners, prints, length } = pairs;
  const mask = runsFor(length) - 1;
  const start = new Int32Array(mask + 2);
  for (let p = 0; p < length; p++) {
    const f = (prints[p] as number) & mask;
    start[f] = (start[f] as number) + 1;
  }
  // Where each run ends; filled from the back, each then points at where its run starts.
  for (let f = 1; f <= mask; f++) start[f] = (start[f] as number) + (start[f - 1] as number);
  start[mask + 1] = length;
  const owners = new Int32Array(length);
  for (let p = length - 1; p >= 0; p--) {
    const f = (prints[p] as number) & mask;
    const at = (start[f] as number) - 1;
    start[f] = at;
    owners[at] = pairOwners[p] as number;
  }

  // Modules are checked (and copied, should their competencies repeat) when first handed out.
  const handedOut = new Map<number, PlannerModule>();
  const checked = (i: number): PlannerModule => {
    let module = handedOut.get(i);
    if (module === undefined) {
      module = checkedModule(catalog[i] as PlannerModule);
      handedOut.set(i, module);
    }
    return module;
  };
  const teachers = new Map<string, PlannerModule[] | undefined>();
  return {
    byId: {
      get: (id) => {
        const i = ids.find(id);
        return i === -1 ? undefined : checked(i);
      },
      has: (id) => ids.find(id) !== -1,
    },
    byCompetency: {
      get: (competency) => {
        if (teachers.has(competency)) return teachers.get(competency);
        const print = fingerprint(competency) & mask;
        const list: PlannerModule[] = [];
        let last = -1;
        for (let k = start[print] as number, end = start[print + 1] as number; k < end; k++) {
          const i = owners[k] as number;
          if (i === last) continue;
          last = i;
          if ((catalog[i] as PlannerModule).competencies.includes(competency)) list.push(checked(i));
        }
        const found = list.length > 0 ? list : undefined;
        teachers.set(competency, found);
        return found;
      },
    },
  };
}

/**
 * Module ids to their positions in the catalog, in an open-addressing table rather than a Map: with
 * 50,000 modules, filling a Map took five times as long as the rest of a plan's pass over the catalog.
 */
class IdTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly modules: readonly PlannerModule[]) {
    this.slots = new Int32Array(tableSize(modules.length)).fill(-1);
    this.mask = this.slots.length - 1;
  }

  /** Files module `i`; a second module with its id is an error. */
  add(i: number): void {
    const id = (this.modules[i] as PlannerModule).id;
    const slot = this.slotOf(id);
    if (this.slots[slot] !== -1) throw new PlannerInputError(`catalog: duplicate module id '${id}'`);
    this.slots[slot] = i;
  }

  /** The position of the module with this id, or -1. */
  find(id: string): number {
    return this.slots[this.slotOf(id)] as number;
  }

  /** The slot holding `id`, or the empty slot where it would go. */
  private slotOf(id: string): number {
    let slot = hashId(id) & this.mask;
    for (let at = this.slots[slot] as number; at !== -1; at = this.slots[slot] as number) {
      if ((this.modules[at] as PlannerModule).id === id) return slot;
      slot = (slot + 1) & this.mask;
    }
    return slot;
  }
}

/** (module position, competency fingerprint) pairs, in typed arrays that double when full. */
class Pairs {
  owners: Int32Array;
  prints: Uint16Array;
  length = 0;

  constructor(capacity: number) {
    this.owners = new Int32Array(Math.max(16, capacity));
    this.prints = new Uint16Array(this.owners.length);
  }

  push(owner: number, print: number): void {
    if (this.length === this.owners.length) {
      const owners = new Int32Array(this.length * 2);
      owners.set(this.owners);
      this.owners = owners;
      const prints = new Uint16Array(this.length * 2);
      prints.set(this.prints);
      this.prints = prints;
    }
    this.owners[this.length] = owner;
    this.prints[this.length++] = print;
  }
}

const FINGERPRINTS = 2 ** 16;

/**
 * How many of the fingerprints' low bits one plan's index sorts by: about as many runs as pairs (at
 * least 256), so a small catalog does not pay for sorting into 65,536 runs.
 */
function runsFor(pairs: number): number {
  let runs = 256;
  while (runs < pairs && runs < FINGERPRINTS) runs *= 2;
  return runs;
}

/**
 * Sixteen bits of a competency id's length and of characters at its end and middle. Ids of one
 * catalog tend to share a prefix and differ at their end (a number, a uuid) or middle (a name before
 * a common suffix); a short string's characters share the cache line of its header, so reading a few
 * costs about what reading its length does.
 */
function fingerprint(competency: string): number {
  const n = competency.length;
  const middle = n >> 1;
  // charCodeAt outside the string gives NaN, which the bit operators read as 0.
  let hash = Math.imul(n, 0x9e3779b1);
  hash = Math.imul(hash ^ competency.charCodeAt(n - 1), 0x01000193);
  hash = Math.imul(hash ^ competency.charCodeAt(n - 2), 0x01000193);
  hash = Math.imul(hash ^ competency.charCodeAt(n - 3), 0x01000193);
  hash = Math.imul(hash ^ competency.charCodeAt(n - 4), 0x01000193);
  hash = Math.imul(hash ^ competency.charCodeAt(middle), 0x01000193);
  hash = Math.imul(hash ^ competency.charCodeAt(middle + 1), 0x01000193);
  return (hash ^ (hash >>> 16)) & (FINGERPRINTS - 1);
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

/** The module as plans read it: load and start day checked, competencies listed once each. */
function checkedModule(module: PlannerModule): PlannerModule {
  validateModule(module);
  return hasDuplicates(module.competencies)
    ? { ...module, competencies: [...new Set(module.competencies)] }
    : module;
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
