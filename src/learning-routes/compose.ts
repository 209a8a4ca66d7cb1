import type { z } from '@hono/zod-openapi';
import type { Route, RouteCompose } from '../../schemas/routes.js';
import { owningInstitution } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { actorLabel, auditEvent } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import { assertVerifiedCredentials } from '../learners/index.js';
import { summaryOf } from './change-facts.js';
import { versionInsert } from './next-version.js';
import { planEvents } from './plan-events.js';
import {
  assertMayPlanOn,
  type PlanningDeps,
  type PlanOutcome,
  planVersion,
  type RouteDeps,
  type RouteTarget,
} from './planning.js';
import type { RouteInputs } from './route-inputs.js';
import { loadVersion, type RouteRow } from './route-versions.js';

type ComposeInput = z.infer<typeof RouteCompose>;

/**
 * What a composed route is planned from. Composing reads the learner's profile, so it needs their
 * grant (assertMayPlanOn). An exemption naming a credential needs that credential verified for the
 * learner at the institution.
 */
async function composeTarget(deps: Pick<Deps, 'db' | 'now'>, principal: Principal, input: ComposeInput) {
  const institutionId = owningInstitution(principal, input.institutionId);
  await assertMayPlanOn(deps, principal, input.learnerId);
  await assertVerifiedCredentials(
    deps,
    input.learnerId,
    institutionId,
    input.exemptions.flatMap((e, i) =>
      e.evidence.kind === 'verifiable-credential'
        ? [{ field: `exemptions[${i}].evidence.id`, id: e.evidence.id }]
        : [],
    ),
  );
  const target: RouteTarget = {
    learnerId: input.learnerId,
    institutionId,
    roleId: input.roleId,
    qualificationId: input.qualificationId,
  };
  // A route starts no earlier than the day it is composed: the planner plans nothing before today, so
  // a start date in the past becomes today, which the pages show as its start and onboarding counts from.
  const day = today(deps);
  const inputs: RouteInputs = {
    hoursPerWeek: input.hoursPerWeek,
    startDate: input.startDate < day ? day : input.startDate,
    exemptions: input.exemptions,
    refusedExemptions: input.refusedExemptions,
    pauses: input.pauses,
    completed: [],
    adjustments: { added: [], removed: [], order: [] },
    ...(input.admissionOverride
      ? { admissionOverride: { ...input.admissionOverride, by: actorLabel(principal) } }
      : {}),
  };
  return { target, inputs };
}

/**
 * Plans a route without saving anything.
 * @example const { plan, onboarding } = await previewRoute(deps, opleider, { learnerId, roleId, hoursPerWeek: 8, startDate: '2027-02-01', exemptions: [], refusedExemptions: [], pauses: [] });
 */
export async function previewRoute(
  deps: PlanningDeps,
  principal: Principal,
  input: ComposeInput,
): Promise<PlanOutcome> {
  const { target, inputs } = await composeTarget(deps, principal, input);
  const { employerId: _employer, ...outcome } = await planVersion(deps, target, inputs);
  return outcome;
}

/**
 * Composes and saves a route as a draft (version 1). Admission must be met, or overridden with a reason.
 * @example const route = await composeRoute(deps, opleider, input); // route.status === 'draft', route.version === 1
 */
export async function composeRoute(
  deps: RouteDeps,
  principal: Principal,
  input: ComposeInput,
): Promise<Route> {
  const { target, inputs } = await composeTarget(deps, principal, input);
  const { employerId, ...outcome } = await planVersion(deps, target, inputs);
  if (outcome.admission && !outcome.admission.admitted)
    throw fail.refused('Not admitted', outcome.admission.explanation, [
      { field: 'admissionOverride', message: 'not admitted; an override needs a reason' },
    ]);
  const at = deps.now().toISOString();
  const row: RouteRow = {
    id: deps.newId(),
    learner_id: target.learnerId,
    institution_id: target.institutionId,
    employer_id: employerId,
    role_id: target.roleId,
    qualification_id: target.qualificationId ?? null,
    status: 'draft',
    current_version: 1,
    created_at: at,
    updated_at: at,
  };
  const facts = { kind: 'composed' } as const;
  const change: Route['change'] = { by: actorLabel(principal), at, summary: summaryOf(facts), facts };
  await deps.db.atomically([
    deps.db.kysely.insertInto('route').values(row),
    versionInsert(deps, row.id, 1, inputs, outcome, change, {
      roleId: row.role_id,
      qualificationId: row.qualification_id,
    }),
    auditEvent(deps, principal, 'route.composed', 'route', row.id, { learner: row.learner_id }),
    ...planEvents(deps, principal, row.id, 1, undefined, outcome, inputs),
  ]);
  return loadVersion(deps, row);
}
