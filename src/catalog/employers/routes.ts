import { z } from '@hono/zod-openapi';
import { Slug } from '../../../schemas/common.js';
import {
  Employer,
  EmployerCreate,
  EmployerPage,
  EmployerQuery,
  EmployerUpdate,
} from '../../../schemas/employers.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { adminOnly, ofEmployer } from '../catalog-guards.js';
import { createEmployer, getEmployer, listEmployers, loadEmployerFacts, updateEmployer } from './store.js';

/**
 * The werkgevers: an admin registers one; an admin or its own werkgevers change it.
 * @example app.route('/', employerRoutes())
 */
export const employerRoutes = () =>
  resourceRoutes({
    path: '/employers',
    tag: 'Werkgevers',
    names: ['employer (werkgever)', 'employers (werkgevers)'],
    params: z.object({ id: Slug.openapi({ param: { name: 'id', in: 'path' } }) }),
    schemas: {
      item: Employer,
      page: EmployerPage,
      query: EmployerQuery,
      create: EmployerCreate,
      update: EmployerUpdate,
    },
    access: { create: adminOnly, update: ofEmployer(loadEmployerFacts) },
    store: { list: listEmployers, get: getEmployer, create: createEmployer, update: updateEmployer },
  });
