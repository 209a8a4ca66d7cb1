import type { z } from '@hono/zod-openapi';
import type { EducationLevel } from '../../schemas/common.js';
import type { StartPattern } from '../../schemas/modules.js';
import type { RoutePreview } from '../../schemas/routes.js';
import type { AppDeps } from '../app/app-env.js';
import { getQualification } from '../catalog/qualifications/store.js';
import { getRole } from '../catalog/roles/store.js';
import { ProblemError, problems } from '../http/problem.js';
import { checkAdmission } from '../learners/admission.js';
import { accommodationsOf, admissionFacts, heldCompetencies } from '../learners/store.js';
import { type CatalogIndex, indexCatalog } from '../planner/catalog.js';
import { PlannerInputError } from '../planner/errors.js';
import { planRouteWithCatalog } from '../planner/plan-route.js';
import type { PlannerInput, PlannerModule, Requirement } from '../planner/types.js';
import type { RouteInputs } from './route-inputs.js';

/** What a route is planned toward: a role at a workplace, through one institution, maybe a qualification. */
export interface RouteTarget {
  learnerId: string;
  institutionId: string;
  roleId: string;
  qualificationId?: string | undefined;
}

export type PlanOutcome = z.infer<typeof RoutePreview>;

/** The institution's published modules, as the planner reads them. */
async function loadPublishedCatalog(deps: AppDeps, institutionId: string): Promise<PlannerModule[]> {
  const rows = await deps.db.kysely
    .selectFrom('module as m')
    .innerJoin('module_version as v', (join) =>
      join.onRef('v.module_id', '=', 'm.id').onRef('v.version', '=', 'm.published_version'),
    )
    .select(['m.id', 'm.code', 'v.title', 'v.version', 'v.content'])
    .where('m.institution_id', '=', institutionId)
    .execute();
  const taught = await deps.db.kysely
    .selectFrom('module_version_competency as c')
    .innerJoin('module as m', (join) =>
      join.onRef('m.id', '=', 'c.module_id').onRef('m.published_version', '=', 'c.version'),
    )
    .select(['c.module_id', 'c.competency_uri'])
    .where('m.institution_id', '=', institutionId)
    .execute();
  const competencies = new Map<string, string[]>();
  for (const { module_id, competency_uri } of taught)
    competencies.set(module_id, [...(competencies.get(module_id) ?? []), competency_uri]);
  return rows.map((row) => {
    const content = JSON.parse(row.content) as {
      studyLoad: { hours: number };
      prerequisites: { modules: string[]; competencies: string[] };
      startPattern: z.infer<typeof StartPattern>;
    };
    return {
      id: row.id,
      code: row.code,
      title: row.title,
      competencies: competencies.get(row.id) ?? [],
      studyLoadHours: content.studyLoad.hours,
      prerequisites: content.prerequisites,
      startPattern: content.startPattern,
    };
  });
}

interface CachedCatalog {
  revision: number;
  modules: PlannerModule[];
  index: CatalogIndex;
}

// Per database and institution. Published versions never change, and every publish raises the
// institution's revision in the same transaction, so an entry with the current revision is exact.
const catalogs = new WeakMap<AppDeps['db'], Map<string, CachedCatalog>>();

/**
 * The institution's published catalog and the planner's index of it, rebuilt only after a publish.
 * @example const { index } = await publishedCatalog(deps, 'han');
 */
export async function publishedCatalog(deps: AppDeps, institutionId: string): Promise<CachedCatalog> {
  const row = await deps.db.kysely
    .selectFrom('catalog_revision')
    .select('revision')
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  const revision = row?.revision ?? 0;
  let perInstitution = catalogs.get(deps.db);
  if (!perInstitution) {
    perInstitution = new Map();
    catalogs.set(deps.db, perInstitution);
  }
  const cached = perInstitution.get(institutionId);
  if (cached?.revision === revision) return cached;
  const modules = await loadPublishedCatalog(deps, institutionId);
  const fresh = { revision, modules, index: indexCatalog(modules) };
  perInstitution.set(institutionId, fresh);
  return fresh;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Loads what a route version is planned from: the role's competencies as the employer marked them (a
 * qualification's all-of groups add theirs as `later`), the institution's published catalog, and what
 * the learner holds, needs and has proven. The I/O half of planning; the planner itself is pure.
 */
export async function loadPlanning(deps: AppDeps, target: RouteTarget, inputs: RouteInputs) {
  const role = await getRole(deps, target.roleId).catch(() => {
    throw problems.invalid('body.roleId', `there is no role '${target.roleId}'`);
  });
  const qualification =
    target.qualificationId === undefined
      ? undefined
      : await getQualification(deps, target.qualificationId).catch(() => {
          throw problems.invalid(
            'body.qualificationId',
            `there is no qualification '${target.qualificationId}'`,
          );
        });

  const requirements: Requirement[] = role.requirements.map((r) => ({
    competency: r.competency,
    priority: r.priority,
  }));
  const required = new Set(requirements.map((r) => r.competency));
  for (const group of qualification?.stackRule.groups ?? [])
    if (group.kind === 'all-of')
      for (const competency of group.competencies)
        if (!required.has(competency)) {
          required.add(competency);
          requirements.push({ competency, priority: 'later' });
        }

  const [catalog, held, accommodations, facts] = await Promise.all([
    publishedCatalog(deps, target.institutionId),
    heldCompetencies(deps, target.learnerId),
    accommodationsOf(deps, target.learnerId),
    admissionFacts(deps, target.learnerId),
  ]);
  const input: Omit<PlannerInput, 'catalog'> = {
    today: deps.now().toISOString().slice(0, 10),
    startDate: inputs.startDate,
    hoursPerWeek: inputs.hoursPerWeek,
    requirements,
    held,
    exemptions: inputs.exemptions,
    refusedExemptions: inputs.refusedExemptions,
    completed: inputs.completed,
    pauses: inputs.pauses.map(({ from, until }) => ({ from, until })),
    adjustments: inputs.adjustments,
  };
  return { input, catalog, employerId: role.employerId, qualification, accommodations, facts };
}

/**
 * Plans a route version with today's date and checks admission when a qualification is the goal.
 * Input the planner cannot plan (a move before a prerequisite, say) becomes a 422 problem.
 */
export async function planVersion(
  deps: AppDeps,
  target: RouteTarget,
  inputs: RouteInputs,
): Promise<PlanOutcome & { employerId: string }> {
  const { input, catalog, employerId, qualification, accommodations, facts } = await loadPlanning(
    deps,
    target,
    inputs,
  );
  let plan: ReturnType<typeof planRouteWithCatalog>;
  try {
    plan = planRouteWithCatalog(input, catalog.index);
  } catch (error) {
    if (error instanceof PlannerInputError)
      throw new ProblemError(422, 'The route cannot be planned like this', error.message);
    throw error;
  }

  const admission = qualification
    ? checkAdmission(
        {
          entryLevel: qualification.admission.entryLevel.name as EducationLevel,
          legalMinimum: qualification.admission.legalMinimum,
        },
        facts,
        inputs.admissionOverride,
      )
    : undefined;
  const days = daysBetween(inputs.startDate, plan.independentFrom);
  return {
    employerId,
    ...(admission === undefined ? {} : { admission }),
    accommodations,
    onboarding: {
      startDate: inputs.startDate,
      independentFrom: plan.independentFrom,
      days,
      within100Days: days <= 100,
    },
    plan,
  };
}
