import type { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Route } from '../../schemas/routes.js';
import type {
  ModuleCompletionState,
  RouteAssessor,
  RouteAssessorAssign,
  Signoff,
  SignoffCreate,
  SignoffEvidence,
} from '../../schemas/signoffs.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { getModuleVersion } from '../catalog/modules/store.js';
import { ConstraintError } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { ProblemError, problems } from '../http/problem.js';
import { getRoute, loadRoute, recordCompletion } from '../learning-routes/store.js';
import { moduleCompletion } from './module-completion.js';

type RouteRow = Schema['route'];
type AssessorRow = Schema['assessor'];
type SignoffRow = Schema['signoff'];
type CompletionState = z.infer<typeof ModuleCompletionState>;

const today = (deps: AppDeps) => deps.now().toISOString().slice(0, 10);
const actorOf = (p: Principal) => `${p.role}:${p.sub}`;
const EXAMINER_QUALIFICATIONS = ['mbo-examinator', 'hbo-examinator'];

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function isLearnerOf(deps: AppDeps, principal: Principal, row: RouteRow): Promise<boolean> {
  if (principal.role !== 'learner') return false;
  const learner = await deps.db.kysely
    .selectFrom('learner')
    .select('subject')
    .where('id', '=', row.learner_id)
    .executeTakeFirst();
  return learner?.subject != null && learner.subject === principal.sub;
}

/** The opleider of the route's institution, a praktijkopleider of its employer, or the learner. */
async function isPartyOf(deps: AppDeps, principal: Principal, row: RouteRow): Promise<boolean> {
  if (principal.role === 'opleider') return principal.institution === row.institution_id;
  if (principal.role === 'praktijkopleider') return principal.employer === row.employer_id;
  return isLearnerOf(deps, principal, row);
}

/** The assessor the praktijkopleider's token stands for, if they are assigned to the route. */
async function assignedAssessor(
  deps: AppDeps,
  principal: Principal,
  row: RouteRow,
): Promise<AssessorRow | undefined> {
  if (principal.role !== 'praktijkopleider' || principal.employer !== row.employer_id) return undefined;
  return deps.db.kysely
    .selectFrom('assessor as a')
    .innerJoin('route_assessor as ra', 'ra.assessor_id', 'a.id')
    .selectAll('a')
    .where('ra.route_id', '=', row.id)
    .where('a.employer_id', '=', row.employer_id)
    .where('a.subject', '=', principal.sub)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Assessors on a route

async function routeAssessors(deps: AppDeps, routeId: string): Promise<RouteAssessor[]> {
  const rows = await deps.db.kysely
    .selectFrom('route_assessor as ra')
    .innerJoin('assessor as a', 'a.id', 'ra.assessor_id')
    .select(['a.id', 'a.name', 'a.subject', 'a.qualifications', 'ra.assigned_by', 'ra.assigned_at'])
    .where('ra.route_id', '=', routeId)
    .orderBy('ra.assigned_at')
    .orderBy(sql`ra.rowid`)
    .execute();
  return rows.map((r) => ({
    assessorId: r.id,
    name: r.name,
    ...(r.subject === null ? {} : { subject: r.subject }),
    qualifications: JSON.parse(r.qualifications) as RouteAssessor['qualifications'],
    assignedBy: r.assigned_by,
    assignedAt: r.assigned_at,
  }));
}

/**
 * Assigns a praktijkopleider of the route's employer to the route; by the werkgever of that employer
 * or the opleider of the route's institution. Assigning someone already assigned changes nothing.
 * @example await assignAssessor(deps, werkgever, routeId, { assessorId }) // { created: true, items: [...] }
 */
export async function assignAssessor(
  deps: AppDeps,
  principal: Principal,
  routeId: string,
  input: z.infer<typeof RouteAssessorAssign>,
): Promise<{ created: boolean; items: RouteAssessor[] }> {
  const row = await loadRoute(deps, routeId);
  const allowed =
    principal.role === 'admin' ||
    (principal.role === 'werkgever' && principal.employer === row.employer_id) ||
    (principal.role === 'opleider' && principal.institution === row.institution_id);
  if (!allowed)
    throw problems.forbidden(
      "Only the werkgever of the route's employer or the opleider of its institution assigns a praktijkopleider.",
    );
  const assessor = await deps.db.kysely
    .selectFrom('assessor')
    .select(['id', 'employer_id'])
    .where('id', '=', input.assessorId)
    .executeTakeFirst();
  if (!assessor) throw problems.invalid('body.assessorId', `there is no assessor '${input.assessorId}'`);
  if (assessor.employer_id !== row.employer_id)
    throw problems.invalid(
      'body.assessorId',
      `the assessor works for '${assessor.employer_id}', not for the route's employer '${row.employer_id}'`,
    );
  const assigned = async () =>
    (await routeAssessors(deps, routeId)).some((a) => a.assessorId === assessor.id);
  if (await assigned()) return { created: false, items: await routeAssessors(deps, routeId) };
  try {
    await deps.db.atomically([
      deps.db.kysely.insertInto('route_assessor').values({
        route_id: routeId,
        assessor_id: assessor.id,
        assigned_by: actorOf(principal),
        assigned_at: deps.now().toISOString(),
      }),
      auditEvent(deps, principal, 'route.assessor-assigned', 'route', routeId, { assessorId: assessor.id }),
    ]);
  } catch (error) {
    // A concurrent identical assignment won the race: the outcome is the same.
    if (!(error instanceof ConstraintError && error.kind === 'unique' && (await assigned()))) throw error;
    return { created: false, items: await routeAssessors(deps, routeId) };
  }
  return { created: true, items: await routeAssessors(deps, routeId) };
}

/** The praktijkopleiders assigned to a route; for whoever may read the route. */
export async function listRouteAssessors(
  deps: AppDeps,
  principal: Principal,
  routeId: string,
): Promise<RouteAssessor[]> {
  await getRoute(deps, principal, routeId);
  return routeAssessors(deps, routeId);
}

// ---------------------------------------------------------------------------------------------
// Sign-offs

const toSignoff = (row: SignoffRow, supersededBy: string | undefined): Signoff => ({
  id: row.id,
  routeId: row.route_id,
  outcomeId: row.outcome_id,
  moduleId: row.module_id,
  moduleVersion: row.module_version,
  assessorId: row.assessor_id,
  result: row.result,
  date: row.date,
  evidence: JSON.parse(row.evidence) as z.infer<typeof SignoffEvidence>[],
  accommodations: JSON.parse(row.accommodations) as string[],
  ...(row.supersedes === null ? {} : { supersedes: row.supersedes }),
  ...(row.reason === null ? {} : { reason: row.reason }),
  ...(supersededBy === undefined ? {} : { supersededBy }),
  current: supersededBy === undefined,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at,
});

/** Every sign-off of a route, oldest first, each knowing whether a correction replaced it. */
async function signoffsOf(deps: AppDeps, routeId: string): Promise<Signoff[]> {
  const rows = await deps.db.kysely
    .selectFrom('signoff')
    .selectAll()
    .where('route_id', '=', routeId)
    .orderBy('recorded_at')
    .orderBy(sql`rowid`)
    .execute();
  const correctedBy = new Map(rows.flatMap((r) => (r.supersedes === null ? [] : [[r.supersedes, r.id]])));
  return rows.map((r) => toSignoff(r, correctedBy.get(r.id)));
}

/**
 * Where each module with sign-offs in the route stands. A module is judged against the outcomes of
 * the version its sign-offs were recorded against (the newest one, should the catalog have moved on
 * between sign-offs); sign-offs count by outcome.
 */
async function moduleStates(
  deps: AppDeps,
  signoffs: Signoff[],
  completedInRoute: ReadonlySet<string>,
): Promise<Array<CompletionState & { signoffs: Signoff[] }>> {
  const versions = new Map<string, number>();
  for (const s of signoffs)
    versions.set(s.moduleId, Math.max(versions.get(s.moduleId) ?? 0, s.moduleVersion));
  return Promise.all(
    [...versions].map(async ([moduleId, moduleVersion]) => {
      const { outcomes } = await getModuleVersion(deps, moduleId, moduleVersion);
      const completion = moduleCompletion(outcomes, signoffs);
      return {
        moduleId,
        moduleVersion,
        completed: completion.completed,
        ...(completion.completed ? { completedOn: completion.completedOn } : {}),
        missing: completion.missing,
        recordedInRoute: completedInRoute.has(moduleId),
        signoffs: completion.completed ? completion.signoffs : [],
      };
    }),
  );
}

const completedIn = (route: Route) => new Set(route.inputs.completed.map((c) => c.moduleId));
const withoutSignoffs = ({ signoffs: _s, ...state }: CompletionState & { signoffs: Signoff[] }) => state;

/**
 * The modules of a route that workplace sign-off completed: every outcome of the module version
 * has a current 'passed' sign-off. Derived from the immutable sign-offs alone, so it holds whether or
 * not the route already shows the completion. `signoffs` are the ones that establish it (per outcome
 * the first current pass); `completedOn` is the latest of their dates. No principal: the caller
 * authorizes. For issuing exactly one credential per completed module.
 * @example const done = await completedModulesOf(deps, routeId) // [{ moduleId, moduleVersion: 1, completedOn: '2026-11-20', signoffs }]
 */
export async function completedModulesOf(
  deps: AppDeps,
  routeId: string,
): Promise<Array<{ moduleId: string; moduleVersion: number; completedOn: string; signoffs: Signoff[] }>> {
  await loadRoute(deps, routeId);
  const states = await moduleStates(deps, await signoffsOf(deps, routeId), new Set());
  return states.flatMap((s) =>
    s.completed && s.completedOn !== undefined
      ? [
          {
            moduleId: s.moduleId,
            moduleVersion: s.moduleVersion,
            completedOn: s.completedOn,
            signoffs: s.signoffs,
          },
        ]
      : [],
  );
}

/**
 * Records in the route every completion the sign-offs establish that the route does not show yet:
 * the catch-up that makes a lost completion write harmless. Runs after every sign-off and on
 * `POST /routes/{id}/signoffs/reconcile`; running it again changes nothing. Only modules the current
 * plan still has as planned are recorded (an exempt or removed module is not completed by sign-off).
 */
async function catchUp(
  deps: AppDeps,
  principal: Principal,
  routeId: string,
): Promise<{ route: Route; recorded: string[]; states: CompletionState[] }> {
  const signoffs = await signoffsOf(deps, routeId);
  let route = await getRoute(deps, principal, routeId);
  const states = await moduleStates(deps, signoffs, completedIn(route));
  const recorded: string[] = [];
  for (const state of states) {
    if (!state.completed || state.completedOn === undefined || state.recordedInRoute) continue;
    if (!route.plan.items.some((i) => i.moduleId === state.moduleId && i.status === 'planned')) continue;
    // Two writers may race for the next route version; the loser reloads and tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        route = await recordCompletion(deps, principal, routeId, state.moduleId, state.completedOn);
        break;
      } catch (error) {
        if (!(error instanceof ConstraintError) || attempt >= 3) throw error;
      }
    }
    recorded.push(state.moduleId);
  }
  const done = completedIn(route);
  return {
    route,
    recorded,
    states: states.map((s) => ({ ...withoutSignoffs(s), recordedInRoute: done.has(s.moduleId) })),
  };
}

/** Catch-up after a sign-off is best effort: the sign-off stands, the next pass records what is left. */
async function catchUpAfterSignoff(deps: AppDeps, principal: Principal, routeId: string) {
  try {
    return await catchUp(deps, principal, routeId);
  } catch (error) {
    console.error(
      `route ${routeId}: recording a completion failed; the next sign-off or reconcile catches up`,
      error,
    );
    const signoffs = await signoffsOf(deps, routeId);
    const route = await getRoute(deps, principal, routeId);
    const states = await moduleStates(deps, signoffs, completedIn(route));
    return { route, recorded: [], states: states.map(withoutSignoffs) };
  }
}

/** The outcome's module in the route's current plan (planned or completed items), at its published version. */
async function moduleOfOutcome(deps: AppDeps, route: Route, outcomeId: string) {
  const items = route.plan.items.filter((i) => i.status === 'planned' || i.status === 'completed');
  const published = await deps.db.kysely
    .selectFrom('module')
    .select(['id', 'published_version'])
    .where(
      'id',
      'in',
      items.map((i) => i.moduleId),
    )
    .execute();
  const versionOf = new Map(published.map((m) => [m.id, m.published_version]));
  for (const item of items) {
    const version = versionOf.get(item.moduleId);
    if (version == null) continue;
    const { outcomes } = await getModuleVersion(deps, item.moduleId, version);
    if (outcomes.includes(outcomeId)) return { moduleId: item.moduleId, moduleVersion: version };
  }
  return undefined;
}

type Recorded = {
  created: boolean;
  body: { signoff: Signoff; module: CompletionState; routeVersion: number };
};

async function answer(
  deps: AppDeps,
  principal: Principal,
  routeId: string,
  signoffId: string,
  created: boolean,
): Promise<Recorded> {
  const { route, states } = await catchUpAfterSignoff(deps, principal, routeId);
  const signoff = (await signoffsOf(deps, routeId)).find((s) => s.id === signoffId) as Signoff;
  const module = states.find((s) => s.moduleId === signoff.moduleId) as CompletionState;
  return { created, body: { signoff, module, routeVersion: route.version } };
}

/**
 * A praktijkopleider assigned to the route signs off one learning outcome (rule 5). Only outcomes of
 * modules in the current plan; examiner outcomes only by an examiner-qualified assessor; never an
 * edit: a correction supersedes an earlier sign-off and gives a reason. When the sign-off completes
 * its module, the completion is recorded in the route in the same request (a new route version that
 * keeps the approvals). An identical sign-off sent again returns the first (`created: false`).
 * @example await recordSignoff(deps, pol, routeId, { outcomeId, result: 'passed', date: '2026-11-20', evidence })
 */
export async function recordSignoff(
  deps: AppDeps,
  principal: Principal,
  routeId: string,
  input: z.infer<typeof SignoffCreate>,
): Promise<Recorded> {
  if (principal.role !== 'praktijkopleider')
    throw problems.forbidden('Only a praktijkopleider assigned to the route signs off its outcomes.');
  const row = await loadRoute(deps, routeId);
  const assessor = await assignedAssessor(deps, principal, row);
  if (!assessor)
    throw problems.forbidden(`You are not assigned to route '${routeId}' as its praktijkopleider.`);
  if (row.status === 'draft')
    throw problems.conflict('The route is not agreed yet; sign-off starts once the parties agreed on it.');
  const route = await getRoute(deps, principal, routeId);

  const found = await moduleOfOutcome(deps, route, input.outcomeId);
  if (!found)
    throw problems.invalid(
      'body.outcomeId',
      "is not a learning outcome of a module in the route's current plan (planned or completed)",
    );
  const outcome = await deps.db.kysely
    .selectFrom('learning_outcome')
    .select(['code', 'requires_examiner'])
    .where('id', '=', input.outcomeId)
    .executeTakeFirstOrThrow();
  const qualifications = JSON.parse(assessor.qualifications) as string[];
  if (outcome.requires_examiner === 1 && !qualifications.some((q) => EXAMINER_QUALIFICATIONS.includes(q)))
    throw problems.forbidden(
      `Outcome ${outcome.code} requires an examiner-qualified praktijkopleider (mbo- or hbo-examinator); ` +
        `${assessor.name} is not one.`,
    );
  if (input.date > today(deps)) throw problems.invalid('body.date', 'is in the future');

  const accommodations = input.accommodations ?? route.accommodations;
  const fingerprint = await sha256(
    JSON.stringify([
      input.outcomeId,
      assessor.id,
      input.result,
      input.date,
      input.evidence,
      accommodations,
      input.supersedes ?? null,
      input.reason ?? null,
    ]),
  );
  const byFingerprint = () =>
    deps.db.kysely
      .selectFrom('signoff')
      .select('id')
      .where('route_id', '=', routeId)
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
  const same = await byFingerprint();
  if (same) return answer(deps, principal, routeId, same.id, false);

  const current = (await signoffsOf(deps, routeId)).filter((s) => s.outcomeId === input.outcomeId);
  if (input.supersedes !== undefined) {
    if (input.reason === undefined) throw problems.invalid('body.reason', 'a correction needs a reason');
    const target = current.find((s) => s.id === input.supersedes);
    if (!target) throw problems.invalid('body.supersedes', 'is not a sign-off of this route and outcome');
    if (target.supersededBy !== undefined)
      throw problems.invalid(
        'body.supersedes',
        `was already corrected by sign-off '${target.supersededBy}'; correct that one instead`,
      );
  } else {
    const passed = current.find((s) => s.current && s.result === 'passed');
    if (passed)
      throw problems.conflict(
        `Outcome ${outcome.code} was already signed off as passed on ${passed.date} (sign-off '${passed.id}'); ` +
          'to change that, record a correction with `supersedes` and a reason.',
      );
  }

  const at = deps.now().toISOString();
  const signoff: SignoffRow = {
    id: deps.newId(),
    route_id: routeId,
    outcome_id: input.outcomeId,
    module_id: found.moduleId,
    module_version: found.moduleVersion,
    assessor_id: assessor.id,
    result: input.result,
    date: input.date,
    evidence: JSON.stringify(input.evidence),
    accommodations: JSON.stringify(accommodations),
    supersedes: input.supersedes ?? null,
    reason: input.reason ?? null,
    fingerprint,
    recorded_by: actorOf(principal),
    recorded_at: at,
  };
  try {
    await deps.db.atomically([
      deps.db.kysely.insertInto('signoff').values(signoff),
      auditEvent(
        deps,
        principal,
        input.supersedes === undefined ? 'signoff.recorded' : 'signoff.corrected',
        'signoff',
        signoff.id,
        {
          routeId,
          outcomeId: input.outcomeId,
          assessorId: assessor.id,
          result: input.result,
          date: input.date,
          accommodations,
          ...(input.supersedes === undefined ? {} : { supersedes: input.supersedes, reason: input.reason }),
        },
      ),
    ]);
  } catch (error) {
    if (!(error instanceof ConstraintError && error.kind === 'unique')) throw error;
    // The same sign-off sent twice at once: the first one stands and this request returns it.
    const first = await byFingerprint();
    if (first) return answer(deps, principal, routeId, first.id, false);
    throw new ProblemError(409, 'Conflict', 'That sign-off was corrected by another request just now.');
  }
  return answer(deps, principal, routeId, signoff.id, true);
}

/** Who reads a route's sign-offs: its opleider, the praktijkopleiders of its employer and the learner. */
async function assertCanReadSignoffs(deps: AppDeps, principal: Principal, row: RouteRow) {
  if (!(await isPartyOf(deps, principal, row)))
    throw problems.forbidden(
      `The sign-offs of route '${row.id}' are for its opleider, its praktijkopleiders and the learner.`,
    );
}

/** Every sign-off of a route (corrections included) and where each signed module stands. */
export async function listSignoffs(deps: AppDeps, principal: Principal, routeId: string) {
  const row = await loadRoute(deps, routeId);
  await assertCanReadSignoffs(deps, principal, row);
  const [signoffs, route] = await Promise.all([
    signoffsOf(deps, routeId),
    getRoute(deps, principal, routeId),
  ]);
  const states = await moduleStates(deps, signoffs, completedIn(route));
  return { items: signoffs, modules: states.map(withoutSignoffs) };
}

/**
 * Records every completion the sign-offs establish that the route does not show yet (after a crash
 * between a sign-off and its completion, say). Idempotent; by the route's opleider or an assigned
 * praktijkopleider.
 */
export async function reconcileCompletions(deps: AppDeps, principal: Principal, routeId: string) {
  const row = await loadRoute(deps, routeId);
  const allowed =
    (principal.role === 'opleider' && principal.institution === row.institution_id) ||
    (await assignedAssessor(deps, principal, row)) !== undefined;
  if (!allowed)
    throw problems.forbidden(
      "Only the route's opleider or an assigned praktijkopleider reconciles its completions.",
    );
  const { route, recorded, states } = await catchUp(deps, principal, routeId);
  return { recorded, modules: states, routeVersion: route.version };
}
