import {
  LearningOutcome,
  LearningOutcomeCreate,
  LearningOutcomePage,
  LearningOutcomeQuery,
  LearningOutcomeUpdate,
} from '../../../schemas/learning-outcomes.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { forNamedInstitution, ofInstitution } from '../catalog-guards.js';
import {
  createLearningOutcome,
  getLearningOutcome,
  listLearningOutcomes,
  loadLearningOutcomeFacts,
  updateLearningOutcome,
} from './store.js';

/**
 * The leeruitkomsten of instellingen: an admin or an opleider of the instelling defines and changes them.
 * @example app.route('/', learningOutcomeRoutes())
 */
export const learningOutcomeRoutes = () =>
  resourceRoutes({
    path: '/learning-outcomes',
    tag: 'Leeruitkomsten',
    names: ['learning outcome (leeruitkomst)', 'learning outcomes (leeruitkomsten)'],
    schemas: {
      item: LearningOutcome,
      page: LearningOutcomePage,
      query: LearningOutcomeQuery,
      create: LearningOutcomeCreate,
      update: LearningOutcomeUpdate,
    },
    access: { create: forNamedInstitution, update: ofInstitution(loadLearningOutcomeFacts) },
    store: {
      list: listLearningOutcomes,
      get: getLearningOutcome,
      create: createLearningOutcome,
      update: updateLearningOutcome,
    },
  });
