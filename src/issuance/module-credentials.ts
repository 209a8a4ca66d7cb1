import { buildModuleCredential } from '../credentials/index.js';
import type { Actor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { loadRoute } from '../learning-routes/index.js';
import { completedModulesOf } from '../signoffs/index.js';
import { type IssueSpec, issueCredentials } from './issue-credential.js';
import type { KeyDeps } from './issuer-keys.js';
import {
  type CredentialReads,
  credentialReads,
  moduleCredentialInput,
  type RouteCredentialContext,
} from './module-credential-input.js';

/** The issuer, learner, employer and qualification of a route; undefined once the learner erased themselves. */
async function routeContext(
  deps: Pick<Deps, 'db'>,
  reads: CredentialReads,
  routeId: string,
): Promise<RouteCredentialContext | undefined> {
  const route = await loadRoute(deps, routeId);
  const [issuer, learner, employer, qualification] = await Promise.all([
    reads.issuer(route.institution_id),
    // Read whatever its status: an erased learner has no name and email, and is owed nothing.
    deps.db.kysely
      .selectFrom('learner')
      .select(['id', 'name', 'email', 'did'])
      .where('id', '=', route.learner_id)
      .executeTakeFirstOrThrow(),
    reads.employer(route.employer_id),
    route.qualification_id === null ? undefined : reads.qualification(route.qualification_id),
  ]);
  if (learner.name === null || learner.email === null) return undefined; // nothing personal to attest
  return {
    institutionId: route.institution_id,
    issuer,
    learner: { id: learner.id, name: learner.name, email: learner.email, did: learner.did },
    employer,
    qualification,
  };
}

/**
 * The modules of a route whose outcomes are all signed off and that have no credential yet: what the
 * route is owed. `reads` lets a batch read each module version once.
 * @example const owed = await owedModulesOf(deps, routeId) // [{ moduleId, moduleVersion, completedOn, signoffs }]
 */
export async function owedModulesOf(
  deps: Pick<Deps, 'db' | 'urls'>,
  routeId: string,
  reads: CredentialReads = credentialReads(deps),
) {
  const completed = await completedModulesOf(deps, routeId, reads.moduleVersion);
  if (completed.length === 0) return [];
  const issued = await deps.db.kysely
    .selectFrom('credential')
    .select('module_id')
    .where('route_id', '=', routeId)
    .execute();
  const has = new Set(issued.map((r) => r.module_id));
  return completed.filter((m) => !has.has(m.moduleId));
}

/** The credentials a route is owed, by module, as issueCredentials takes them; none once its learner is erased. */
async function owedSpecs(
  deps: KeyDeps,
  reads: CredentialReads,
  actor: Actor,
  routeId: string,
): Promise<{ moduleId: string; spec: IssueSpec }[]> {
  const pending = await owedModulesOf(deps, routeId, reads);
  if (pending.length === 0) return [];
  const context = await routeContext(deps, reads, routeId);
  if (!context) return [];
  return Promise.all(
    pending.map(async (module) => {
      const input = await moduleCredentialInput(deps, reads, context, module);
      const spec: IssueSpec = {
        institutionId: context.institutionId,
        format: 'ldp',
        build: (credentialId, credentialStatus) => ({
          ...buildModuleCredential({ ...input, credentialId }),
          credentialStatus,
        }),
        holder: { learnerId: context.learner.id, routeId, moduleId: module.moduleId },
        audit: { actor, action: 'credential.issued', detail: { route: routeId, module: module.moduleId } },
        conflict: 'once-per-module',
      };
      return { moduleId: module.moduleId, spec };
    }),
  );
}

/**
 * Issues what each of these routes is owed (see issueModuleCredentials), the routes of a batch
 * together: the catalog is read once for them all, every credential is signed at once, and all are
 * stored in one transaction (see issueCredentials). Answers per route the module ids it issued for, or
 * why the route failed (its other credentials may have been issued; what is still owed is issued by
 * the next run).
 * @example const outcomes = await issueOwedOnRoutes(deps, actor, routeIds); outcomes.get(routeId) // ['m-1'] or an Error
 */
export async function issueOwedOnRoutes(
  deps: KeyDeps,
  actor: Actor,
  routeIds: readonly string[],
): Promise<Map<string, string[] | Error>> {
  const reads = credentialReads(deps);
  const outcomes = new Map<string, string[] | Error>();
  const owed: { routeId: string; moduleId: string; spec: IssueSpec }[] = [];
  for (const routeId of routeIds) {
    try {
      for (const { moduleId, spec } of await owedSpecs(deps, reads, actor, routeId))
        owed.push({ routeId, moduleId, spec });
      outcomes.set(routeId, []);
    } catch (error) {
      outcomes.set(routeId, error instanceof Error ? error : new Error(String(error)));
    }
  }
  const issued = await issueCredentials(
    deps,
    owed.map((o) => o.spec),
  );
  owed.forEach(({ routeId, moduleId }, i) => {
    const outcome = issued[i];
    const sofar = outcomes.get(routeId);
    if (!Array.isArray(sofar)) return; // the route failed already: its first error stands
    if (outcome instanceof Error) outcomes.set(routeId, outcome);
    else sofar.push(moduleId);
  });
  return outcomes;
}

/**
 * Issues the module credential of every module of the route whose outcomes are all signed off and
 * that has no credential yet: the one place that decides a finished module is owed one. Exactly once
 * per (route, module): the credential table allows one, a concurrent issuer that loses has its insert
 * ignored, and writes neither its status entries nor its audit row. Safe to run at any time; runs
 * after every sign-off, on reconcile and in the owed-credential job, so a crash between the last
 * sign-off and issuing loses nothing.
 * @example await issueModuleCredentials(deps, praktijkopleider, routeId) // the module ids it issued for
 */
export async function issueModuleCredentials(
  deps: KeyDeps,
  actor: Actor,
  routeId: string,
): Promise<string[]> {
  const outcome = (await issueOwedOnRoutes(deps, actor, [routeId])).get(routeId);
  if (outcome instanceof Error) throw outcome;
  return outcome ?? [];
}
