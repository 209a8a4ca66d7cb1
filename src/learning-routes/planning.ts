import type { z } from '@hono/zod-openapi';
import type { EducationLevel } from '../../schemas/common.js';
import type { StartPattern } from '../../schemas/modules.js';
import type { RoutePreview } from '../../schemas/routes.js';
import { learnerRules } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { findQualification, findRole } from '../catalog/index.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import { checkAdmission, loadLearnerFacts, loadPlanningFacts, type StandingDeps } from '../learners/index.js';
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

/**
 * What planning a route version takes: the database and clock, and what reading the status of the
 * learner's verified credentials takes (their issuers' status lists, fetched when they are not ours).
 */
export type PlanningDeps = StandingDeps & Pick<Deps, 'db' | 'now'>;

/** What writing a route version takes: planning it, and new ids. */
export type RouteDeps = PlanningDeps & Pick<Deps, 'newId'>;

/** A planned route version: the plan, admission, accommodations and onboarding. */
export type PlanOutcome = z.infer<typeof RoutePreview>;

/** The institution's published modules, as the planner reads them. */
async function loadPublishedCatalog(deps: Pick<Deps, 'db'>, institutionId: string): Promise<PlannerModule[]> {
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
const catalogs = new WeakMap<Deps['db'], Map<string, CachedCatalog>>();

/**
 * The institution's published catalog and the planner's index of it, rebuilt only after a publish.
 * @example const { index } = await publishedCatalog(deps, 'han');
 */
export async function publishedCatalog(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
): Promise<CachedCatalog> {
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

/**
 * Planning reads the learner's profile and evidence, so whoever composes, previews, adjusts or replans
 * a route needs the learner's grant of their profile, now: a data check on top of the declared route
 * rule (`composeRule`, `routeRules.adjust`). A grant withdrawn after composing stops the opleider's
 * changes too. The learner's own changes (a pause) and recorded completions plan on as before.
 * @example await assertMayPlanOn(deps, opleider, learnerId) // throws forbidden once the grant is withdrawn
 */
export async function assertMayPlanOn(
  deps: Pick<Deps, 'db' | 'now'>,
  principal: Principal,
  learnerId: string,
): Promise<void> {
  const learner = await loadLearnerFacts(deps, learnerId);
  if (!learnerRules.readProfile.allows(principal, learner))
    throw fail.forbidden(learnerRules.readProfile.denied(learner));
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Loads what a route version is planned from: the role's competencies as the employer marked them (a
 * qualification's all-of groups add theirs as `later`), the institution's published catalog, and what
 * the learner holds, needs and has proven (loaded once), the credentials the institution verified as
 * theirs with their status read now. The I/O half of planning; the planner itself is pure. A role or
 * qualification that does not exist is refused at `roleId` / `qualificationId`.
 * @example const { input, catalog } = await loadPlanning(deps, target, inputs); planRouteWithCatalog(input, catalog.index);
 */
export async function loadPlanning(deps: PlanningDeps, target: RouteTarget, inputs: RouteInputs) {
  const [role, qualification] = await Promise.all([
    findRole(deps, target.roleId),
    target.qualificationId === undefined ? undefined : findQualification(deps, target.qualificationId),
  ]);
  if (!role) throw fail.invalid('roleId', `there is no role '${target.roleId}'`);
  if (target.qualificationId !== undefined && !qualification)
    throw fail.invalid('qualificationId', `there is no qualification '${target.qualificationId}'`);

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

  const [catalog, learner] = await Promise.all([
    publishedCatalog(deps, target.institutionId),
    loadPlanningFacts(deps, target.learnerId, target.institutionId),
  ]);
  const input: Omit<PlannerInput, 'catalog'> = {
    today: today(deps),
    startDate: inputs.startDate,
    hoursPerWeek: inputs.hoursPerWeek,
    requirements,
    held: learner.held,
    exemptions: inputs.exemptions,
    refusedExemptions: inputs.refusedExemptions,
    completed: inputs.completed,
    pauses: inputs.pauses.map(({ from, until }) => ({ from, until })),
    adjustments: inputs.adjustments,
    credentials: learner.credentials,
  };
  return { input, catalog, employerId: role.employerId, qualification, learner };
}

/**
 * Plans a route version with today's date and checks admission when a qualification is the goal.
 * Input the planner cannot plan (a move before a prerequisite, say) is refused as a whole.
 * @example const { employerId, plan, admission } = await planVersion(deps, target, inputs);
 */
export async function planVersion(
  deps: PlanningDeps,
  target: RouteTarget,
  inputs: RouteInputs,
): Promise<PlanOutcome & { employerId: string }> {
  const { input, catalog, employerId, qualification, learner } = await loadPlanning(deps, target, inputs);
  let plan: ReturnType<typeof planRouteWithCatalog>;
  try {
    plan = planRouteWithCatalog(input, catalog.index);
  } catch (error) {
    if (error instanceof PlannerInputError)
      throw fail.refused('The route cannot be planned like this', error.message);
    throw error;
  }

  const admission = qualification
    ? checkAdmission(
        {
          entryLevel: qualification.admission.entryLevel.name as EducationLevel,
          legalMinimum: qualification.admission.legalMinimum,
        },
        learner.admission,
        inputs.admissionOverride,
      )
    : undefined;
  // Onboarding counts from the day the route starts: its start date, which is never before the day it
  // was composed (composeTarget), so a version planned later counts from the same day as the first.
  const days = daysBetween(inputs.startDate, plan.independentFrom);
  return {
    employerId,
    ...(admission === undefined ? {} : { admission }),
    accommodations: learner.accommodations,
    onboarding: {
      startDate: inputs.startDate,
      independentFrom: plan.independentFrom,
      days,
      within100Days: days <= 100,
    },
    plan,
  };
}
