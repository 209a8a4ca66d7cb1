import {
  Competency,
  CompetencyCreate,
  CompetencyPage,
  CompetencyQuery,
} from '../../../schemas/frameworks.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createCompetency, getCompetency, listCompetencies } from './store.js';

export const competencyRoutes = () =>
  resourceRoutes({
    path: '/competencies',
    tag: 'Competenties',
    names: ['competency', 'competencies'],
    schemas: { item: Competency, page: CompetencyPage, query: CompetencyQuery, create: CompetencyCreate },
    store: { list: listCompetencies, get: getCompetency, create: createCompetency },
  });
