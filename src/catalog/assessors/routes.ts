import {
  Assessor,
  AssessorCreate,
  AssessorPage,
  AssessorQuery,
  AssessorUpdate,
} from '../../../schemas/employers.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { forNamedEmployer, ofEmployer } from '../catalog-guards.js';
import { createAssessor, getAssessor, listAssessors, loadAssessorFacts, updateAssessor } from './store.js';

/**
 * The praktijkopleiders of werkgevers: an admin or a werkgever of their employer registers and changes them.
 * @example app.route('/', assessorRoutes())
 */
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
    access: { create: forNamedEmployer, update: ofEmployer(loadAssessorFacts) },
    store: { list: listAssessors, get: getAssessor, create: createAssessor, update: updateAssessor },
  });
