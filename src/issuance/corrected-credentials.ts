import { chunks, IN_LIST_SIZE, readInChunks } from '../db/chunks.js';
import { type Actor, systemActor } from '../kernel/audit.js';
import { DomainError } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { type CorrectedModule, correctionPositions, signedOffModulesOf } from '../signoffs/index.js';
import { changeCredentialStatus, type StatusChange, statusHistoryOf } from './credential-status.js';
import type { KeyDeps } from './issuer-keys.js';
import type { BatchOptions } from './job-batches.js';
import { type CredentialReads, credentialReads } from './module-credential-input.js';

/** What following the corrections changed: the credentials it suspended and the ones it reinstated. */
export interface Followed {
  suspended: string[];
  reinstated: string[];
}

const REINSTATED =
  'Passed again: every outcome of the module has a current passed sign-off once more, after the ' +
  'correction that suspended this credential.';

/**
 * Changes a credential's status through changeCredentialStatus, the one writer of credential status
 * (its wallet copies follow there). False when the status changed meanwhile (a concurrent pass, or a
 * person): that change stands, and it is logged.
 */
async function change(
  deps: KeyDeps & Pick<Deps, 'log'>,
  actor: Actor,
  credentialId: string,
  status: StatusChange,
  reason: string,
  detail: Record<string, string>,
): Promise<boolean> {
  try {
    await changeCredentialStatus(deps, actor, credentialId, status, reason, detail);
    return true;
  } catch (error) {
    if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
    deps.log.warn('a credential did not follow a correction: its status changed meanwhile', {
      credentialId,
      change: status,
      error: error.message,
    });
    return false;
  }
}

/**
 * Makes the module credentials of these routes follow the corrections of their sign-offs: the status
 * side of settling a route's credentials (issuing is the other). For each module credential that is
 * not revoked:
 * - Suspended, when its module is no longer completed because a correction took an outcome back
 *   (signedOffModulesOf: `corrected`), with the correction's reason, naming the correction as
 *   `correction` in the audit events. Only an active credential, and only when no status change of it
 *   (by anyone) was audited after the correction: whoever changed it since decided (a reinstatement by
 *   hand while the module is taken back is refused now, see changeCredentialStatus, but one made
 *   before stands). The audit decides it, with no column: the
 *   correction's own audit event and the credential's status events are compared by their position in
 *   the audit (auditPositions). A new correction later is a new decision: it suspends again.
 * - Reinstated, when its module is completed again and its last status change is a suspension that
 *   followed a correction; not when anyone changed its status since (revoked it, or suspended it
 *   again by hand). The same credential: a module is credentialed once per route.
 * The changes go through changeCredentialStatus, so each is audited as any status change is and the
 * copies wallets picked up follow. A change whose status moved meanwhile is left (see `change`).
 * Running it again changes nothing. `reads` lets a batch read each module version once.
 * @example const { suspended, reinstated } = await followCorrections(deps, praktijkopleider, [routeId]);
 */
export async function followCorrections(
  deps: KeyDeps & Pick<Deps, 'log'>,
  actor: Actor,
  routeIds: readonly string[],
  reads: CredentialReads = credentialReads(deps),
): Promise<Followed> {
  const [modules, credentials] = await Promise.all([
    signedOffModulesOf(deps, routeIds, reads.moduleVersion),
    readInChunks(routeIds, (ids) =>
      deps.db.kysely
        .selectFrom('credential')
        .select(['id', 'route_id', 'module_id', 'suspended_at'])
        .where('route_id', 'in', ids)
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .execute(),
    ),
  ]);
  const toSuspend: { credentialId: string; correction: CorrectedModule['correction'] }[] = [];
  const toReinstate: string[] = [];
  for (const credential of credentials) {
    const route = credential.route_id === null ? undefined : modules.get(credential.route_id);
    const ofModule = <M extends { moduleId: string }>(list: readonly M[] | undefined) =>
      list?.find((m) => m.moduleId === credential.module_id);
    const corrected = ofModule(route?.corrected);
    const completed = ofModule(route?.completed);
    if (credential.suspended_at === null && corrected)
      toSuspend.push({ credentialId: credential.id, correction: corrected.correction });
    else if (credential.suspended_at !== null && completed) toReinstate.push(credential.id);
  }
  if (toSuspend.length === 0 && toReinstate.length === 0) return { suspended: [], reinstated: [] };

  const [history, correctedAt] = await Promise.all([
    statusHistoryOf(deps, [...toSuspend.map((c) => c.credentialId), ...toReinstate]),
    correctionPositions(
      deps,
      toSuspend.map((c) => c.correction.id),
    ),
  ]);
  const followed: Followed = { suspended: [], reinstated: [] };
  for (const { credentialId, correction } of toSuspend) {
    // A correction's audit event is written in its sign-off's batch; one without (a row written by
    // hand) counts as the oldest, so that any status change of the credential stands.
    const since = correctedAt.get(correction.id) ?? 0;
    if ((history.get(credentialId) ?? []).some((e) => e.position > since)) continue;
    if (await change(deps, actor, credentialId, 'suspend', correction.reason, { correction: correction.id }))
      followed.suspended.push(credentialId);
  }
  for (const credentialId of toReinstate) {
    const last = history.get(credentialId)?.at(-1);
    if (last?.change !== 'suspend' || last.correction === undefined) continue;
    // Naming the correction whose suspension this lifts.
    if (await change(deps, actor, credentialId, 'reinstate', REINSTATED, { correction: last.correction }))
      followed.reinstated.push(credentialId);
  }
  return followed;
}

/**
 * followCorrections on every route with a credential and a correction of a pass, as the service itself: the
 * sweep's catch-up of a suspension or reinstatement that failed after its sign-off (start-up on Node,
 * the cron trigger on Workers), as runOwedCredentialsJob catches up issuing. A part of the routes at a
 * time; a part that fails is logged and left to the next sweep, and no new part is begun once `signal`
 * aborts. Returns how many credentials it suspended or reinstated.
 * @example const changed = await followAllCorrections(deps, jobBudget(deps.jobSeconds));
 */
export async function followAllCorrections(
  deps: KeyDeps & Pick<Deps, 'log'>,
  options: BatchOptions = {},
): Promise<number> {
  // Only a correction of a pass can take a completion back (correctedModule), and every chain of
  // corrections that did begins with one: routes without such a correction are not read at all.
  const routes = await deps.db.kysely
    .selectFrom('signoff as s')
    .innerJoin('signoff as corrected', 'corrected.id', 's.supersedes')
    .select('s.route_id')
    .distinct()
    .where('corrected.result', '=', 'passed')
    .where((eb) =>
      eb.exists(eb.selectFrom('credential as c').select('c.id').whereRef('c.route_id', '=', 's.route_id')),
    )
    .orderBy('s.route_id')
    .execute();
  const actor = systemActor('issuer');
  const reads = credentialReads(deps);
  let changed = 0;
  for (const part of chunks(
    routes.map((r) => r.route_id),
    IN_LIST_SIZE,
  )) {
    if (options.signal?.aborted) break;
    try {
      const { suspended, reinstated } = await followCorrections(deps, actor, part, reads);
      changed += suspended.length + reinstated.length;
    } catch (error) {
      deps.log.warn('following corrections failed on some routes; the next sweep tries again', {
        routes: part.length,
        error,
      });
    }
  }
  return changed;
}
