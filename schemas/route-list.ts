import { z } from '@hono/zod-openapi';
import { Id, IsoDate, PageQuery, pageOf, Slug, Timestamp } from './common.js';
import { Plan, RouteStatus } from './routes.js';

/** What `GET /routes` filters by; every filter narrows what the caller may read anyway. */
export const RouteListQuery = z
  .object({
    learner: Id.optional().openapi({ description: "The learner's id: their routes." }),
    assessor: z.literal('me').optional().openapi({
      description: 'Only `me`: the routes the calling praktijkopleider is assigned to.',
    }),
    employer: Slug.optional().openapi({ description: 'Routes toward a role at this werkgever.' }),
    institution: Slug.optional().openapi({ description: 'Routes planned through this instelling.' }),
    q: PageQuery.shape.q.openapi({
      description: "Text in the learner's name or the role's title, case and accents ignored.",
    }),
    cursor: PageQuery.shape.cursor,
    limit: PageQuery.shape.limit,
  })
  .strict();

/** A route in a list: who, where, toward what, and how far; the route itself has the plan. */
export const RouteSummary = z
  .object({
    id: Id,
    version: z.number().int(),
    status: RouteStatus,
    learnerId: Id,
    learnerName: z
      .string()
      .optional()
      .openapi({
        description:
          "The learner's name, for every party of the route who lists it (the learner, its opleider, the " +
          'werkgever of its employer, a praktijkopleider assigned to it): they agreed the route with the ' +
          'learner, and an assessor must know whom they assess. Absent once the learner erased their data.',
      }),
    institutionId: Slug,
    institutionName: z.string().openapi({ description: 'The instelling the route is planned through.' }),
    employerId: Slug,
    employerName: z.string().openapi({ description: 'The werkgever of the role.' }),
    roleId: Id,
    roleTitle: z.string(),
    qualificationId: Id.optional(),
    qualificationTitle: z.string().optional(),
    startDate: IsoDate,
    independentFrom: Plan.shape.independentFrom,
    createdAt: Timestamp,
  })
  .openapi('RouteSummary');
export type RouteSummary = z.infer<typeof RouteSummary>;

export const RouteSummaryPage = pageOf(RouteSummary, 'RouteSummaryPage');
