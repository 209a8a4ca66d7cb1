import { z } from '@hono/zod-openapi';
import { Slug } from '../../../schemas/common.js';
import {
  Institution,
  InstitutionCreate,
  InstitutionPage,
  InstitutionQuery,
  InstitutionUpdate,
} from '../../../schemas/institutions.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createInstitution, getInstitution, listInstitutions, updateInstitution } from './store.js';

export const institutionRoutes = () =>
  resourceRoutes({
    path: '/institutions',
    tag: 'Instellingen',
    names: ['institution', 'institutions'],
    params: z.object({ id: Slug.openapi({ param: { name: 'id', in: 'path' } }) }),
    schemas: {
      item: Institution,
      page: InstitutionPage,
      query: InstitutionQuery,
      create: InstitutionCreate,
      update: InstitutionUpdate,
    },
    store: {
      list: listInstitutions,
      get: getInstitution,
      create: createInstitution,
      update: updateInstitution,
    },
  });
