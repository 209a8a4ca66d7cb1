/** What other features use of routes; they import it from here, never from its inner files. */
export { loadRouteFacts } from './route-facts.js';
export { getRoute, loadRoute, recordCompletion } from './store.js';
