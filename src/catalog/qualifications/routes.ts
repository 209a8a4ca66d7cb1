import {
  Qualification,
  QualificationCreate,
  QualificationPage,
  QualificationQuery,
  QualificationUpdate,
} from '../../../schemas/qualifications.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createQualification, getQualification, listQualifications, updateQualification } from './store.js';

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
    store: {
      list: listQualifications,
      get: getQualification,
      create: createQualification,
      update: updateQualification,
    },
  });
