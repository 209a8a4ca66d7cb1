import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.js';
import { assessorRoutes } from './assessors/routes.js';
import { competencyRoutes } from './competencies/routes.js';
import { employerRoutes } from './employers/routes.js';
import { frameworkRoutes } from './frameworks/routes.js';
import { institutionRoutes } from './institutions/routes.js';
import { learningOutcomeRoutes } from './learning-outcomes/routes.js';
import { moduleRoutes } from './modules/routes.js';
import { qualificationRoutes } from './qualifications/routes.js';
import { roleRoutes } from './roles/routes.js';

/**
 * The routers of the whole catalog: instellingen and what they teach, werkgevers and what they need.
 * @example for (const router of catalogRoutes()) app.route('/', router);
 */
export const catalogRoutes = (): OpenAPIHono<AppEnv>[] => [
  institutionRoutes(),
  frameworkRoutes(),
  competencyRoutes(),
  learningOutcomeRoutes(),
  moduleRoutes(),
  qualificationRoutes(),
  employerRoutes(),
  roleRoutes(),
  assessorRoutes(),
];
