export { type CatalogIndex, compareModules, indexCatalog, indexForOnePlan } from './catalog.js';
export { MoveRefusedError, PlannerInputError, PrerequisiteCycleError } from './errors.js';
export { planRoute, planRouteWithCatalog } from './plan-route.js';
export type * from './types.js';
