/** Badge images of modules and qualifications, named in the credentials as OBv3 `image`. */
export { badgeRoutes } from './badge-routes.js';
