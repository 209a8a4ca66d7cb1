import { Framework, FrameworkCreate, FrameworkPage, FrameworkQuery } from '../../../schemas/frameworks.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createFramework, getFramework, listFrameworks } from './store.js';

export const frameworkRoutes = () =>
  resourceRoutes({
    path: '/frameworks',
    tag: 'Competenties',
    names: ['competency framework', 'competency frameworks (kwalificatiedossiers, beroepsprofielen, ESCO)'],
    schemas: { item: Framework, page: FrameworkPage, query: FrameworkQuery, create: FrameworkCreate },
    store: { list: listFrameworks, get: getFramework, create: createFramework },
  });
