import { Role, RoleCreate, RolePage, RoleQuery, RoleUpdate } from '../../../schemas/employers.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { forNamedEmployer, ofEmployer } from '../catalog-guards.js';
import { createRole, getRole, listRoles, loadRoleFacts, updateRole } from './store.js';

/**
 * The workplace roles of werkgevers: an admin or a werkgever of their employer describes and changes them.
 * @example app.route('/', roleRoutes())
 */
export const roleRoutes = () =>
  resourceRoutes({
    path: '/roles',
    tag: 'Werkgevers',
    names: ['workplace role with its required competencies', 'workplace roles'],
    schemas: { item: Role, page: RolePage, query: RoleQuery, create: RoleCreate, update: RoleUpdate },
    access: { create: forNamedEmployer, update: ofEmployer(loadRoleFacts) },
    store: { list: listRoles, get: getRole, create: createRole, update: updateRole },
  });
