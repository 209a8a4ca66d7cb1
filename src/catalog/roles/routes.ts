import { Role, RoleCreate, RolePage, RoleQuery, RoleUpdate } from '../../../schemas/employers.js';
import { resourceRoutes } from '../../http/resource-routes.js';
import { createRole, getRole, listRoles, updateRole } from './store.js';

export const roleRoutes = () =>
  resourceRoutes({
    path: '/roles',
    tag: 'Werkgevers',
    names: ['workplace role with its required competencies', 'workplace roles'],
    schemas: { item: Role, page: RolePage, query: RoleQuery, create: RoleCreate, update: RoleUpdate },
    store: { list: listRoles, get: getRole, create: createRole, update: updateRole },
  });
