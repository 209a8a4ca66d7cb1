import { Framework, FrameworkCreate, FrameworkPage, FrameworkQuery } from '../../../schemas/frameworks.js';
import { catalogRules } from '../../access/index.js';
import { guard } from '../../http/guard.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createFramework, getFramework, listFrameworks } from './store.js';

/**
 * The competency frameworks: an admin defines shared ones, an opleider their instelling's own.
 * @example app.route('/', frameworkRoutes())
 */
export const frameworkRoutes = () =>
  resourceRoutes({
    path: '/frameworks',
    tag: 'Competenties',
    names: ['competency framework', 'competency frameworks (kwalificatiedossiers, beroepsprofielen, ESCO)'],
    schemas: { item: Framework, page: FrameworkPage, query: FrameworkQuery, create: FrameworkCreate },
    // Whatever the body names, an opleider's framework is their own instelling's: the rule looks at none.
    access: { create: guard(async () => ({}), catalogRules.institution) },
    store: { list: listFrameworks, get: getFramework, create: createFramework },
  });
