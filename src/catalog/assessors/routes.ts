import {
  Assessor,
  AssessorCreate,
  AssessorPage,
  AssessorQuery,
  AssessorUpdate,
} from '../../../schemas/employers.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createAssessor, getAssessor, listAssessors, updateAssessor } from './store.js';

export const assessorRoutes = () =>
  resourceRoutes({
    path: '/assessors',
    tag: 'Werkgevers',
    names: ['assessor (praktijkopleider)', 'assessors (praktijkopleiders)'],
    schemas: {
      item: Assessor,
      page: AssessorPage,
      query: AssessorQuery,
      create: AssessorCreate,
      update: AssessorUpdate,
    },
    store: { list: listAssessors, get: getAssessor, create: createAssessor, update: updateAssessor },
  });
