/** What other features use of the catalog; they import it from here, never from its inner files. */
export {
  assertCompetenciesExist,
  type CompetencyDescription,
  describeCompetencies,
} from './competencies/store.js';
export { assertInstitutionExists, loadInstitutionFacts } from './institutions/store.js';
export { getModuleVersion } from './modules/store.js';
export { findQualification, getQualification } from './qualifications/store.js';
export { findRole, getRole } from './roles/store.js';
