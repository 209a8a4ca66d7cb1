import { findQualification } from '../catalog/index.js';
import { buildModuleCredential } from '../credentials/index.js';
import type { Actor } from '../kernel/audit.js';
import type { Deps } from '../kernel/ports.js';
import { loadRoute } from '../learning-routes/index.js';
import { completedModulesOf } from '../signoffs/index.js';
import { issueCredential } from './issue-credential.js';
import type { KeyDeps } from './issuer-keys.js';
import { issuerProfileOf } from './issuer-profile.js';
import { moduleCredentialInput, type RouteCredentialContext } from './module-credential-input.js';

/** The issuer, learner, employer and qualification of a route; undefined once the learner erased themselves. */
async function routeContext(
  deps: Pick<Deps, 'db' | 'urls'>,
  routeId: string,
): Promise<RouteCredentialContext | undefined> {
  const route = await loadRoute(deps, routeId);
  const db = deps.db.kysely;
  const [issuer, learner, employer, qualification] = await Promise.all([
    issuerProfileOf(deps, route.institution_id),
    // Read whatever its status: an erased learner has no name and email, and is owed nothing.
    db
      .selectFrom('learner')
      .select(['id', 'name', 'email', 'did'])
      .where('id', '=', route.learner_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('employer')
      .select(['id', 'name'])
      .where('id', '=', route.employer_id)
      .executeTakeFirstOrThrow(),
    route.qualification_id === null ? undefined : findQualification(deps, route.qualification_id),
  ]);
  if (learner.name === null || learner.email === null) return undefined; // nothing personal to attest
  return {
    institutionId: route.institution_id,
    issuer,
    learner: { id: learner.id, name: learner.name, email: learner.email, did: learner.did },
    employer,
    qualification: qualification && { id: qualification.id, title: qualification.title },
  };
}

/**
 * The modules of a route whose outcomes are all signed off and that have no credential yet: what the
 * route is owed.
 * @example const owed = await owedModulesOf(deps, routeId) // [{ moduleId, moduleVersion, completedOn, signoffs }]
 */
export async function owedModulesOf(deps: Pick<Deps, 'db'>, routeId: string) {
  const completed = await completedModulesOf(deps, routeId);
  if (completed.length === 0) return [];
  const issued = await deps.db.kysely
    .selectFrom('credential')
    .select('module_id')
    .where('route_id', '=', routeId)
    .execute();
  const has = new Set(issued.map((r) => r.module_id));
  return completed.filter((m) => !has.has(m.moduleId));
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
  const pending = await owedModulesOf(deps, routeId);
  if (pending.length === 0) return [];
  const context = await routeContext(deps, routeId);
  if (!context) return [];

  const done: string[] = [];
  for (const module of pending) {
    const input = await moduleCredentialInput(deps, context, module);
    await issueCredential(deps, {
      institutionId: context.institutionId,
      format: 'ldp',
      build: (credentialId, credentialStatus) => ({
        ...buildModuleCredential({ ...input, credentialId }),
        credentialStatus,
      }),
      holder: { learnerId: context.learner.id, routeId, moduleId: module.moduleId },
      audit: { actor, action: 'credential.issued', detail: { route: routeId, module: module.moduleId } },
      conflict: 'once-per-module',
    });
    done.push(module.moduleId);
  }
  return done;
}
