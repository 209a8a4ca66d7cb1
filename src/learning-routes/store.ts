import type { z } from '@hono/zod-openapi';
import type {
  PauseRequest,
  ReplanRequest,
  ResumeRequest,
  Route,
  RouteChange,
  RouteCompose,
} from '../../schemas/routes.js';
import type { AppDeps } from '../app/app-env.js';
import { assertInstitutionAccess, owningInstitution, type Principal } from '../auth/principal.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { ProblemError, problems } from '../http/problem.js';
import { assertReadable, isSelf, loadLearner } from '../learners/grants.js';
import { type PlanOutcome, planVersion, type RouteTarget } from './planning.js';
import { applyOperations, type RouteInputs, summarize } from './route-inputs.js';
import {
  type Party,
  type RouteStatus,
  statusAfterApproval,
  statusAfterChange,
  statusOn,
} from './route-status.js';

type RouteRow = Schema['route'];
type VersionRow = Schema['route_version'];
type Change = Route['change'];

const today = (deps: AppDeps) => deps.now().toISOString().slice(0, 10);
const actorOf = (p: Principal) => `${p.role}:${p.sub}`;

function toRoute(
  row: RouteRow,
  version: VersionRow,
  approvals: Schema['route_approval'][],
  day: string,
): Route {
  const inputs = JSON.parse(version.inputs) as RouteInputs;
  const outcome = JSON.parse(version.outcome) as PlanOutcome;
  const { admissionOverride: _override, hoursPerWeek, startDate, ...rest } = inputs;
  const latest = version.version === row.current_version;
  return {
    id: row.id,
    version: version.version,
    status: latest ? statusOn(row.status, startDate, day) : row.status,
    learnerId: row.learner_id,
    institutionId: row.institution_id,
    employerId: row.employer_id,
    roleId: version.role_id,
    ...(version.qualification_id === null ? {} : { qualificationId: version.qualification_id }),
    hoursPerWeek,
    startDate,
    ...outcome,
    inputs: rest,
    approvals: approvals.map((a) => ({ party: a.party, by: a.approved_by, at: a.approved_at })),
    change: JSON.parse(version.change) as Change,
    createdAt: row.created_at,
  };
}

/** The principal's party in a route's approval, or undefined when they have none. */
async function partyOf(deps: AppDeps, principal: Principal, row: RouteRow): Promise<Party | undefined> {
  if (principal.role === 'opleider' && principal.institution === row.institution_id) return 'opleider';
  if (principal.role === 'praktijkopleider' && principal.employer === row.employer_id)
    return 'praktijkopleider';
  if (principal.role === 'learner' && isSelf(principal, await loadLearner(deps, row.learner_id)))
    return 'learner';
  return undefined;
}

/** A route's row, or a 404 problem. */
export async function loadRoute(deps: AppDeps, id: string): Promise<RouteRow> {
  const row = await deps.db.kysely.selectFrom('route').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('route', id);
  return row;
}

/** The route's parties and the werkgever of its employer read it; nobody else (rule 8). */
async function assertCanSee(deps: AppDeps, principal: Principal, row: RouteRow): Promise<void> {
  if ((await partyOf(deps, principal, row)) !== undefined) return;
  if (principal.role === 'werkgever' && principal.employer === row.employer_id) return;
  throw problems.forbidden(`Route '${row.id}' is not yours to see.`);
}

async function loadVersion(deps: AppDeps, row: RouteRow, version = row.current_version): Promise<Route> {
  const [versionRow, approvals] = await Promise.all([
    deps.db.kysely
      .selectFrom('route_version')
      .selectAll()
      .where('route_id', '=', row.id)
      .where('version', '=', version)
      .executeTakeFirst(),
    deps.db.kysely
      .selectFrom('route_approval')
      .selectAll()
      .where('route_id', '=', row.id)
      .where('version', '=', version)
      .orderBy('approved_at')
      .execute(),
  ]);
  if (!versionRow) throw problems.notFound('version of route', `${row.id}@${version}`);
  return toRoute(row, versionRow, approvals, today(deps));
}

/** Composing needs the opleider's institution and the learner's grant to read their profile. */
async function composeTarget(deps: AppDeps, principal: Principal, input: z.infer<typeof RouteCompose>) {
  if (principal.role !== 'opleider' && principal.role !== 'admin')
    throw problems.forbidden('Only an opleider composes a route.');
  const institutionId = owningInstitution(principal, input.institutionId);
  await assertReadable(deps, principal, input.learnerId, 'profile');
  const target: RouteTarget = {
    learnerId: input.learnerId,
    institutionId,
    roleId: input.roleId,
    qualificationId: input.qualificationId,
  };
  const inputs: RouteInputs = {
    hoursPerWeek: input.hoursPerWeek,
    startDate: input.startDate,
    exemptions: input.exemptions,
    refusedExemptions: input.refusedExemptions,
    pauses: input.pauses,
    completed: [],
    adjustments: { added: [], removed: [], order: [] },
    ...(input.admissionOverride
      ? { admissionOverride: { ...input.admissionOverride, by: actorOf(principal) } }
      : {}),
  };
  return { target, inputs };
}

/** Plans a route without saving anything. */
export async function previewRoute(deps: AppDeps, principal: Principal, input: z.infer<typeof RouteCompose>) {
  const { target, inputs } = await composeTarget(deps, principal, input);
  const { employerId: _employer, ...outcome } = await planVersion(deps, target, inputs);
  return outcome;
}

function versionWrites(
  deps: AppDeps,
  row: RouteRow,
  version: number,
  inputs: RouteInputs,
  outcome: PlanOutcome,
  change: Change,
  roleId: string,
  qualificationId: string | null,
) {
  return deps.db.kysely.insertInto('route_version').values({
    route_id: row.id,
    version,
    role_id: roleId,
    qualification_id: qualificationId,
    inputs: JSON.stringify(inputs),
    outcome: JSON.stringify(outcome),
    change: JSON.stringify(change),
    created_at: change.at,
  });
}

/** Composes and saves a route as a draft (version 1). Admission must be met, or overridden with a reason. */
export async function composeRoute(deps: AppDeps, principal: Principal, input: z.infer<typeof RouteCompose>) {
  const { target, inputs } = await composeTarget(deps, principal, input);
  const { employerId, ...outcome } = await planVersion(deps, target, inputs);
  if (outcome.admission && !outcome.admission.admitted)
    throw new ProblemError(422, 'Not admitted', outcome.admission.explanation, [
      { path: 'body.admissionOverride', message: 'not admitted; an override needs a reason' },
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
  const change: Change = { by: actorOf(principal), at, summary: 'composed' };
  await deps.db.atomically([
    deps.db.kysely.insertInto('route').values(row),
    versionWrites(deps, row, 1, inputs, outcome, change, row.role_id, row.qualification_id),
    auditEvent(deps, principal, 'route.composed', 'route', row.id, { learner: row.learner_id }),
  ]);
  return loadVersion(deps, row);
}

export async function getRoute(
  deps: AppDeps,
  principal: Principal,
  id: string,
  version?: number,
): Promise<Route> {
  const row = await loadRoute(deps, id);
  await assertCanSee(deps, principal, row);
  return loadVersion(deps, row, version);
}

/**
 * Writes the next version of a route, guarded so that two concurrent changes cannot both become
 * version n + 1. `keepApprovals` carries the current approvals over (a pause needs no new agreement).
 */
async function nextVersion(
  deps: AppDeps,
  principal: Principal,
  row: RouteRow,
  next: {
    inputs: RouteInputs;
    status: RouteStatus;
    summary: string;
    reason?: string | undefined;
    action: string;
  },
  target: { roleId: string; qualificationId: string | null } = {
    roleId: row.role_id,
    qualificationId: row.qualification_id,
  },
  keepApprovals = false,
): Promise<Route> {
  const { employerId, ...outcome } = await planVersion(
    deps,
    {
      learnerId: row.learner_id,
      institutionId: row.institution_id,
      roleId: target.roleId,
      qualificationId: target.qualificationId ?? undefined,
    },
    next.inputs,
  );
  const version = row.current_version + 1;
  const at = deps.now().toISOString();
  const allPlanned = outcome.plan.items.every((i) => i.status !== 'planned');
  const status: RouteStatus = allPlanned && outcome.plan.items.length > 0 ? 'completed' : next.status;
  const change: Change = {
    by: actorOf(principal),
    at,
    summary: next.summary,
    ...(next.reason ? { reason: next.reason } : {}),
  };
  const db = deps.db.kysely;
  const carried = keepApprovals
    ? await db
        .selectFrom('route_approval')
        .selectAll()
        .where('route_id', '=', row.id)
        .where('version', '=', row.current_version)
        .execute()
    : [];
  await deps.db.atomically([
    versionWrites(deps, row, version, next.inputs, outcome, change, target.roleId, target.qualificationId),
    db
      .updateTable('route')
      .set({
        current_version: version,
        status,
        employer_id: employerId,
        role_id: target.roleId,
        qualification_id: target.qualificationId,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .where('current_version', '=', row.current_version),
    ...(carried.length
      ? [db.insertInto('route_approval').values(carried.map((a) => ({ ...a, version })))]
      : []),
    auditEvent(deps, principal, next.action, 'route', row.id, { version, summary: next.summary }),
  ]);
  return loadVersion(deps, await loadRoute(deps, row.id));
}

/** The inputs the route's current version was planned from. */
async function currentInputs(deps: AppDeps, row: RouteRow): Promise<RouteInputs> {
  const version = await deps.db.kysely
    .selectFrom('route_version')
    .select('inputs')
    .where('route_id', '=', row.id)
    .where('version', '=', row.current_version)
    .executeTakeFirstOrThrow();
  return JSON.parse(version.inputs) as RouteInputs;
}

function assertOpleiderOf(principal: Principal, row: RouteRow) {
  assertInstitutionAccess(principal, row.institution_id);
}

function assertNotCompleted(row: RouteRow) {
  if (row.status === 'completed') throw problems.conflict('The route is completed.');
}

/** The opleider's adjustments: move, add, remove, exempt, refuse an exemption, record a completion. */
export async function changeRoute(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: z.infer<typeof RouteChange>,
) {
  const row = await loadRoute(deps, id);
  assertOpleiderOf(principal, row);
  assertNotCompleted(row);
  const [inputs, route] = await Promise.all([currentInputs(deps, row), loadVersion(deps, row)]);
  const codes = new Map(route.plan.items.map((i) => [i.moduleId, i.code]));
  const planned = route.plan.items.filter((i) => i.status === 'planned').map((i) => i.moduleId);
  return nextVersion(deps, principal, row, {
    inputs: applyOperations(inputs, input.operations, planned),
    status: statusAfterChange(row.status),
    summary: summarize(input.operations, (m) => codes.get(m) ?? m),
    reason: input.reason,
    action: 'route.changed',
  });
}

/** A party approves the current version; with all three, a draft becomes agreed (or active from its start). */
export async function approveRoute(deps: AppDeps, principal: Principal, id: string) {
  const row = await loadRoute(deps, id);
  const party = await partyOf(deps, principal, row);
  if (!party)
    throw problems.forbidden('Only the opleider, the praktijkopleider and the learner approve a route.');
  const inputs = await currentInputs(deps, row);
  const approved = await deps.db.kysely
    .selectFrom('route_approval')
    .select('party')
    .where('route_id', '=', row.id)
    .where('version', '=', row.current_version)
    .execute();
  if (approved.some((a) => a.party === party))
    throw problems.conflict(`The ${party} already approved version ${row.current_version}.`);
  const parties = [...approved.map((a) => a.party), party];
  const status = statusAfterApproval(row.status, parties, inputs.startDate, today(deps));
  const at = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely.insertInto('route_approval').values({
      route_id: row.id,
      version: row.current_version,
      party,
      approved_by: actorOf(principal),
      approved_at: at,
    }),
    deps.db.kysely.updateTable('route').set({ status, updated_at: at }).where('id', '=', row.id),
    auditEvent(deps, principal, 'route.approved', 'route', row.id, { version: row.current_version, party }),
  ]);
  return loadVersion(deps, await loadRoute(deps, id));
}

/** Who may pause and resume: the learner (own pace) and the opleider. */
async function assertCanPause(deps: AppDeps, principal: Principal, row: RouteRow) {
  const party = await partyOf(deps, principal, row);
  if (party !== 'learner' && party !== 'opleider')
    throw problems.forbidden('Only the learner or the opleider pauses or resumes a route.');
}

/** Pauses an agreed or running route; later modules shift past the pause, nothing is lost. */
export async function pauseRoute(
  deps: AppDeps,
  principal: Principal,
  id: string,
  pause: z.infer<typeof PauseRequest>,
) {
  const row = await loadRoute(deps, id);
  await assertCanPause(deps, principal, row);
  const inputs = await currentInputs(deps, row);
  const status = statusOn(row.status, inputs.startDate, today(deps));
  if (status !== 'agreed' && status !== 'active')
    throw problems.conflict(`A ${status} route cannot be paused; it must be agreed or active.`);
  if (inputs.pauses.some((p) => p.from < pause.until && pause.from < p.until))
    throw problems.invalid('body.from', 'overlaps a pause the route already has');
  return nextVersion(
    deps,
    principal,
    row,
    {
      inputs: { ...inputs, pauses: [...inputs.pauses, pause] },
      status: 'paused',
      summary: `paused from ${pause.from} until ${pause.until}`,
      reason: pause.reason,
      action: 'route.paused',
    },
    undefined,
    true,
  );
}

/** Resumes a paused route on `on` (today by default): the pause ends then and the dates follow. */
export async function resumeRoute(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: z.infer<typeof ResumeRequest>,
) {
  const row = await loadRoute(deps, id);
  await assertCanPause(deps, principal, row);
  if (row.status !== 'paused') throw problems.conflict('Only a paused route can be resumed.');
  const inputs = await currentInputs(deps, row);
  const on = input.on ?? today(deps);
  const last = inputs.pauses.reduce((a, b) => (b.from > a.from ? b : a));
  if (on <= last.from) throw problems.invalid('body.on', `resume after the pause began on ${last.from}`);
  const pauses = inputs.pauses.map((p) => (p === last ? { ...p, until: on } : p));
  return nextVersion(
    deps,
    principal,
    row,
    { inputs: { ...inputs, pauses }, status: 'active', summary: `resumed on ${on}`, action: 'route.resumed' },
    undefined,
    true,
  );
}

/** Replans toward a new role, qualification or pace; completed modules stay completed. */
export async function replanRoute(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: z.infer<typeof ReplanRequest>,
) {
  const row = await loadRoute(deps, id);
  assertOpleiderOf(principal, row);
  assertNotCompleted(row);
  const inputs = await currentInputs(deps, row);
  const target = {
    roleId: input.roleId ?? row.role_id,
    qualificationId: input.qualificationId === undefined ? row.qualification_id : input.qualificationId,
  };
  // The opleider's order and additions were made for the old target; completions and exemptions stay.
  const next: RouteInputs = {
    ...inputs,
    hoursPerWeek: input.hoursPerWeek ?? inputs.hoursPerWeek,
    adjustments: { added: [], removed: inputs.adjustments.removed, order: [] },
  };
  const summary = [
    input.roleId ? `new role ${input.roleId}` : undefined,
    input.qualificationId !== undefined ? `qualification ${input.qualificationId ?? 'none'}` : undefined,
    input.hoursPerWeek ? `${input.hoursPerWeek} hours a week` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return nextVersion(
    deps,
    principal,
    row,
    {
      inputs: next,
      status: statusAfterChange(row.status),
      summary: `replanned: ${summary || 'same target'}`,
      reason: input.reason,
      action: 'route.replanned',
    },
    target,
  );
}

/**
 * Records that a module of the route is completed, as workplace sign-off of its last outcome does.
 * A completion is a fact, not an adjustment, so the current approvals stay. Recording it twice
 * changes nothing.
 * @example await recordCompletion(deps, praktijkopleider, routeId, moduleId, '2027-04-12')
 */
export async function recordCompletion(
  deps: AppDeps,
  principal: Principal,
  id: string,
  moduleId: string,
  completedOn: string,
): Promise<Route> {
  const row = await loadRoute(deps, id);
  const [inputs, route] = await Promise.all([currentInputs(deps, row), loadVersion(deps, row)]);
  if (inputs.completed.some((c) => c.moduleId === moduleId)) return route;
  const code = route.plan.items.find((i) => i.moduleId === moduleId)?.code ?? moduleId;
  return nextVersion(
    deps,
    principal,
    row,
    {
      inputs: { ...inputs, completed: [...inputs.completed, { moduleId, completedOn }] },
      status: row.status,
      summary: `${code} completed on ${completedOn}`,
      action: 'route.module-completed',
    },
    undefined,
    true,
  );
}
