import {
  LearningOutcome,
  LearningOutcomeCreate,
  LearningOutcomePage,
  LearningOutcomeQuery,
  LearningOutcomeUpdate,
} from '../../../schemas/learning-outcomes.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import {
  createLearningOutcome,
  getLearningOutcome,
  listLearningOutcomes,
  updateLearningOutcome,
} from './store.js';

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
    store: {
      list: listLearningOutcomes,
      get: getLearningOutcome,
      create: createLearningOutcome,
      update: updateLearningOutcome,
    },
  });
