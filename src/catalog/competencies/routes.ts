import {
  Competency,
  CompetencyCreate,
  CompetencyPage,
  CompetencyQuery,
} from '../../../schemas/frameworks.js';
import { catalogRules } from '../../access/index.js';
import { body, guard, text } from '../../http/guard.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { findFramework } from '../frameworks/store.js';
import { createCompetency, getCompetency, listCompetencies } from './store.js';

/** The framework the body names, if it exists; one that does not is refused by the store as invalid. */
const namedFramework = body(async (b, deps) => {
  const id = text(b.frameworkId);
  return id === undefined ? undefined : findFramework(deps, id);
});

/**
 * The competencies of frameworks: added by whoever may change their framework.
 * @example app.route('/', competencyRoutes())
 */
export const competencyRoutes = () =>
  resourceRoutes({
    path: '/competencies',
    tag: 'Competenties',
    names: ['competency', 'competencies'],
    schemas: { item: Competency, page: CompetencyPage, query: CompetencyQuery, create: CompetencyCreate },
    access: { create: guard(namedFramework, catalogRules.framework) },
    store: { list: listCompetencies, get: getCompetency, create: createCompetency },
  });
