export { type CatalogIndex, compareModules, indexCatalog } from './catalog.js';
export { MoveRefusedError, PlannerInputError, PrerequisiteCycleError } from './errors.js';
export { planRoute, planRouteWithCatalog } from './plan-route.js';
export type * from './types.js';
