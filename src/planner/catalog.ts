import { PlannerInputError } from './errors.js';
import type { PlannerModule } from './types.js';

/** Catalog lookups built once per plan, so selection never scans the whole catalog per competency. */
export interface CatalogIndex {
  byId: ReadonlyMap<string, PlannerModule>;
  /** Competency -> modules teaching it, in catalog order: callers pick by a total order, never by position. */
  byCompetency: ReadonlyMap<string, readonly PlannerModule[]>;
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
 * Only competencies the planner can ask about are indexed: `wanted` (the required ones) plus every
 * competency prerequisite in the catalog. With 10k modules this halves the planning time compared to
 * indexing every taught competency. Omit `wanted` to index everything.
 *
 * @example indexCatalog([m1, m2], ['urn:klassenmanagement']).byCompetency.get('urn:klassenmanagement') // [m1]
 */
export function indexCatalog(catalog: readonly PlannerModule[], wanted?: Iterable<string>): CatalogIndex {
  const byId = new Map<string, PlannerModule>();
  const modules: PlannerModule[] = [];
  const indexed = wanted === undefined ? undefined : new Set(wanted);
  for (const raw of catalog) {
    if (byId.has(raw.id)) throw new PlannerInputError(`catalog: duplicate module id '${raw.id}'`);
    validateModule(raw);
    const module = hasDuplicates(raw.competencies)
      ? { ...raw, competencies: [...new Set(raw.competencies)] }
      : raw;
    byId.set(module.id, module);
    modules.push(module);
    if (indexed) for (const c of module.prerequisites.competencies) indexed.add(c);
  }

  const byCompetency = new Map<string, PlannerModule[]>();
  for (const module of modules) {
    for (const competency of module.competencies) {
      if (indexed && !indexed.has(competency)) continue;
      const list = byCompetency.get(competency);
      if (list) list.push(module);
      else byCompetency.set(competency, [module]);
    }
  }
  return { byId, byCompetency };
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
