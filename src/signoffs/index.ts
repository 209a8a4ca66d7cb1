/** What other features use of sign-offs; they import it from here, never from its inner files. */
export { completedModulesOf } from './store.js';
