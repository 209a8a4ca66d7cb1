/** What other features use of the catalog; they import it from here, never from its inner files. */
export { createAssessor, listAssessors } from './assessors/store.js';
export { catalogRoutes } from './catalog-routes.js';
export {
  assertCompetenciesExist,
  type CompetencyDescription,
  describeCompetencies,
} from './competencies/competency-references.js';
export { createCompetency } from './competencies/store.js';
export { createEmployer, employerNames, listEmployers, loadEmployerFacts } from './employers/store.js';
export { createFramework } from './frameworks/store.js';
export {
  assertInstitutionExists,
  createInstitution,
  getInstitution,
  listInstitutions,
  loadInstitutionFacts,
} from './institutions/store.js';
export {
  createLearningOutcome,
  getLearningOutcome,
  learningOutcomeCodes,
} from './learning-outcomes/store.js';
export { getModule, getModuleVersion, loadModuleFacts } from './modules/module-queries.js';
export { createModule } from './modules/module-writes.js';
export { publishModule } from './modules/publish-module.js';
export {
  createQualification,
  findQualification,
  getQualification,
  loadQualificationFacts,
} from './qualifications/store.js';
export { createRole, findRole, getRole, listRoles } from './roles/store.js';
