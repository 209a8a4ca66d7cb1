import {
  Qualification,
  QualificationCreate,
  QualificationPage,
  QualificationQuery,
  QualificationUpdate,
} from '../../../schemas/qualifications.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { forNamedInstitution, ofInstitution } from '../catalog-guards.js';
import {
  createQualification,
  getQualification,
  listQualifications,
  loadQualificationFacts,
  updateQualification,
} from './store.js';

/**
 * The qualifications of instellingen with their stack rules: an admin or an opleider of the awarding
 * instelling defines and changes them.
 * @example app.route('/', qualificationRoutes())
 */
export const qualificationRoutes = () =>
  resourceRoutes({
    path: '/qualifications',
    tag: 'Kwalificaties',
    names: ['qualification with its stack rule', 'qualifications'],
    schemas: {
      item: Qualification,
      page: QualificationPage,
      query: QualificationQuery,
      create: QualificationCreate,
      update: QualificationUpdate,
    },
    access: { create: forNamedInstitution, update: ofInstitution(loadQualificationFacts) },
    store: {
      list: listQualifications,
      get: getQualification,
      create: createQualification,
      update: updateQualification,
    },
  });
