import type { z } from '@hono/zod-openapi';
import type { Route } from '../../schemas/routes.js';
import type { Signoff, SignoffCreate } from '../../schemas/signoffs.js';
import { getModuleVersion } from '../catalog/index.js';
import { ConstraintError } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { type Actor, actorLabel, auditEvent, auditPositions } from '../kernel/audit.js';
import { type DomainError, fail } from '../kernel/errors.js';
import { type Deps, today } from '../kernel/ports.js';
import {
  endedRefusal,
  type LoadedRoute,
  loadRoute,
  type RouteDeps,
  type RouteRow,
  readRoute,
} from '../learning-routes/index.js';
import { catchUpAfterSignoff } from './completion-catch-up.js';
import type { CompletionState } from './module-states.js';
import { signoffsOf } from './signoffs.js';

type SignoffDeps = RouteDeps & Pick<Deps, 'log'>;

/** The audit action of a recorded correction. */
const CORRECTED = 'signoff.corrected';

/**
 * Where each of these corrections stands in the audit (see auditPositions), by sign-off id: what a
 * later event is compared with, to tell whether it came after the correction.
 * @example (await correctionPositions(deps, [correction.id])).get(correction.id) // 812
 */
export const correctionPositions = (deps: Pick<Deps, 'db'>, signoffIds: readonly string[]) =>
  auditPositions(deps, 'signoff', CORRECTED, signoffIds);

const EXAMINER_QUALIFICATIONS = ['mbo-examinator', 'hbo-examinator'];

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The assessor record the actor signs as: one of the route's employer assigned to the route. */
function assignedAssessor(deps: Pick<Deps, 'db'>, actor: Actor, row: RouteRow) {
  return deps.db.kysely
    .selectFrom('assessor as a')
    .innerJoin('route_assessor as ra', 'ra.assessor_id', 'a.id')
    .selectAll('a')
    .where('ra.route_id', '=', row.id)
    .where('a.employer_id', '=', row.employer_id)
    .where('a.subject', '=', actor.sub)
    .executeTakeFirst();
}

/** What decides whether someone may sign off outcomes of a route now: who they are on it, and its status. */
export interface SignoffStanding {
  routeId: string;
  routeStatus: RouteRow['status'];
  /** Whether the route's learner erased themselves: the route has ended. */
  learnerErased: boolean;
  /** The actor's assessor record on the route; undefined when they are not assigned to it. */
  assessor: { name: string; examiner: boolean } | undefined;
}

/** What the rule needs of one outcome. */
export interface OutcomeFacts {
  code: string;
  requiresExaminer: boolean;
  /** Whether a module in the route's current plan (planned or completed) has it. */
  inPlan: boolean;
}

/**
 * Why this person may not sign off this outcome of the route now (rule 5), as the error recording it
 * throws; undefined when they may. One rule for the API and the pages, so a page offers a sign-off
 * exactly when recording it would be taken. Pure.
 * @example signoffRefusal({ routeId, routeStatus: 'active', assessor: { name: 'Kees', examiner: false } }, { code: 'VIG-LU-MT', requiresExaminer: true, inPlan: true }) // a forbidden error
 */
export function signoffRefusal(standing: SignoffStanding, outcome?: OutcomeFacts): DomainError | undefined {
  const { assessor } = standing;
  if (!assessor)
    return fail.forbidden(`You are not assigned to route '${standing.routeId}' as its praktijkopleider.`);
  const ended = endedRefusal(standing);
  if (ended) return ended;
  if (standing.routeStatus === 'draft')
    return fail.conflict('The route is not agreed yet; sign-off starts once the parties agreed on it.');
  if (!outcome) return undefined;
  if (!outcome.inPlan)
    return fail.invalid(
      'outcomeId',
      "is not a learning outcome of a module in the route's current plan (planned or completed)",
    );
  if (outcome.requiresExaminer && !assessor.examiner)
    return fail.forbidden(
      `Outcome ${outcome.code} requires an examiner-qualified praktijkopleider (mbo- or hbo-examinator); ` +
        `${assessor.name} is not one.`,
    );
  return undefined;
}

/**
 * Who the actor is on the route, for `signoffRefusal`.
 * @example signoffRefusal(await signoffStanding(deps, pol, routeId), outcome)
 */
export async function signoffStanding(
  deps: RouteDeps,
  actor: Actor,
  routeId: string,
): Promise<SignoffStanding> {
  const row = await loadRoute(deps, routeId);
  return standingOf(row, await assignedAssessor(deps, actor, row));
}

function standingOf(
  row: LoadedRoute,
  assessor: Awaited<ReturnType<typeof assignedAssessor>>,
): SignoffStanding {
  const qualifications = assessor ? (JSON.parse(assessor.qualifications) as string[]) : [];
  return {
    routeId: row.id,
    routeStatus: row.status,
    learnerErased: row.learnerErased,
    assessor: assessor && {
      name: assessor.name,
      examiner: qualifications.some((q) => EXAMINER_QUALIFICATIONS.includes(q)),
    },
  };
}

/** The outcome's module in the route's current plan (planned or completed items), at its published version. */
async function moduleOfOutcome(deps: Pick<Deps, 'db'>, route: Route, outcomeId: string) {
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

/**
 * An outcome as `signoffRefusal` weighs it on this route, and the module of the plan that has it.
 * @example const { facts } = await outcomeOnRoute(deps, route, outcomeId); signoffRefusal(standing, facts)
 */
export async function outcomeOnRoute(deps: Pick<Deps, 'db'>, route: Route, outcomeId: string) {
  const [module, outcome] = await Promise.all([
    moduleOfOutcome(deps, route, outcomeId),
    deps.db.kysely
      .selectFrom('learning_outcome')
      .select(['code', 'requires_examiner'])
      .where('id', '=', outcomeId)
      .executeTakeFirst(),
  ]);
  const facts: OutcomeFacts = {
    code: outcome?.code ?? outcomeId,
    requiresExaminer: outcome?.requires_examiner === 1,
    inPlan: module !== undefined && outcome !== undefined,
  };
  return { facts, module };
}

/** A recorded sign-off as the API answers it; `created` is false when it was recorded before. */
export interface Recorded {
  created: boolean;
  body: { signoff: Signoff; module: CompletionState; routeVersion: number };
}

async function answer(
  deps: SignoffDeps,
  actor: Actor,
  routeId: string,
  signoffId: string,
  created: boolean,
): Promise<Recorded> {
  const { route, states } = await catchUpAfterSignoff(deps, actor, routeId);
  const signoff = (await signoffsOf(deps, routeId)).find((s) => s.id === signoffId) as Signoff;
  const module = states.find((s) => s.moduleId === signoff.moduleId) as CompletionState;
  return { created, body: { signoff, module, routeVersion: route.version } };
}

/**
 * A praktijkopleider assigned to the route signs off one learning outcome (rule 5); the operation
 * declares `routeRules.signOff`, and the actor's assessor record on the route is what signs. Only
 * outcomes of modules in the current plan; examiner outcomes only by an examiner-qualified assessor;
 * never an edit: a correction supersedes an earlier sign-off and gives a reason. When the sign-off
 * completes its module, the completion is recorded in the route in the same request (a new route
 * version that keeps the approvals). An identical sign-off sent again returns the first
 * (`created: false`).
 * @example await recordSignoff(deps, pol, routeId, { outcomeId, result: 'passed', date: '2026-11-20', evidence })
 */
export async function recordSignoff(
  deps: SignoffDeps,
  actor: Actor,
  routeId: string,
  input: z.infer<typeof SignoffCreate>,
): Promise<Recorded> {
  const row = await loadRoute(deps, routeId);
  const assessor = await assignedAssessor(deps, actor, row);
  const standing = standingOf(row, assessor);
  const refusedHere = signoffRefusal(standing);
  // signoffRefusal refuses whoever has no assessor record on the route.
  if (refusedHere || !assessor) throw refusedHere;
  const route = await readRoute(deps, routeId);

  const { facts: outcome, module: found } = await outcomeOnRoute(deps, route, input.outcomeId);
  const refused = signoffRefusal(standing, outcome);
  // …and an outcome no module of the plan has.
  if (refused || !found) throw refused;
  if (input.date > today(deps)) throw fail.invalid('date', 'is in the future');

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
  if (same) return answer(deps, actor, routeId, same.id, false);

  const current = (await signoffsOf(deps, routeId)).filter((s) => s.outcomeId === input.outcomeId);
  if (input.supersedes !== undefined) {
    if (input.reason === undefined) throw fail.invalid('reason', 'a correction needs a reason');
    const target = current.find((s) => s.id === input.supersedes);
    if (!target) throw fail.invalid('supersedes', 'is not a sign-off of this route and outcome');
    if (target.supersededBy !== undefined)
      throw fail.invalid(
        'supersedes',
        `was already corrected by sign-off '${target.supersededBy}'; correct that one instead`,
      );
  } else {
    const passed = current.find((s) => s.current && s.result === 'passed');
    if (passed)
      throw fail.conflict(
        `Outcome ${outcome.code} was already signed off as passed on ${passed.date} (sign-off '${passed.id}'); ` +
          'to change that, record a correction with `supersedes` and a reason.',
      );
  }

  const at = deps.now().toISOString();
  const signoff: Schema['signoff'] = {
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
    recorded_by: actorLabel(actor),
    recorded_at: at,
  };
  try {
    await deps.db.atomically([
      deps.db.kysely.insertInto('signoff').values(signoff),
      auditEvent(
        deps,
        actor,
        input.supersedes === undefined ? 'signoff.recorded' : CORRECTED,
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
    if (first) return answer(deps, actor, routeId, first.id, false);
    throw fail.conflict('That sign-off was corrected by another request just now.');
  }
  return answer(deps, actor, routeId, signoff.id, true);
}
