/** Stacking: recognitions of other issuers and awards of qualifications from stacked credentials. */
export { stackingRoutes } from './routes.js';
