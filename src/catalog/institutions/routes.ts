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
import { adminOnly, ofInstitution } from '../catalog-guards.js';
import {
  createInstitution,
  getInstitution,
  listInstitutions,
  loadInstitutionFacts,
  updateInstitution,
} from './store.js';

/**
 * The instellingen: an admin registers one; an admin or its own opleiders change it.
 * @example app.route('/', institutionRoutes())
 */
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
    access: { create: adminOnly, update: ofInstitution(loadInstitutionFacts) },
    store: {
      list: listInstitutions,
      get: getInstitution,
      create: createInstitution,
      update: updateInstitution,
    },
  });
