import { buildModuleCredential } from '../credentials/index.js';
import { readInChunks } from '../db/chunks.js';
import type { Actor } from '../kernel/audit.js';
import { asError, fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { completedModulesOf } from '../signoffs/index.js';
import { type Followed, followCorrections } from './corrected-credentials.js';
import { type IssueSpec, issueCredentials } from './issue-credential.js';
import type { KeyDeps } from './issuer-keys.js';
import {
  type CredentialReads,
  credentialReads,
  moduleCredentialInput,
  type RouteCredentialContext,
} from './module-credential-input.js';

/** A route as issuing reads it: its parties and qualification, with its learner's name, email and DID. */
interface RouteParties {
  institution_id: string;
  employer_id: string;
  qualification_id: string | null;
  learner: { id: string; name: string | null; email: string | null; did: string | null };
}

/** The routes and their learners, read at once; a route that does not exist is not in the map. */
async function routePartiesOf(
  deps: Pick<Deps, 'db'>,
  routeIds: readonly string[],
): Promise<Map<string, RouteParties>> {
  const rows = await readInChunks(routeIds, (ids) =>
    deps.db.kysely
      .selectFrom('route as r')
      // Read whatever the learner's status: an erased learner has no name and email, and is owed nothing.
      .innerJoin('learner as l', 'l.id', 'r.learner_id')
      .select([
        'r.id',
        'r.institution_id',
        'r.employer_id',
        'r.qualification_id',
        'l.id as learner_id',
        'l.name',
        'l.email',
        'l.did',
      ])
      .where('r.id', 'in', ids)
      .execute(),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        institution_id: r.institution_id,
        employer_id: r.employer_id,
        qualification_id: r.qualification_id,
        learner: { id: r.learner_id, name: r.name, email: r.email, did: r.did },
      },
    ]),
  );
}

/** The issuer, learner, employer and qualification of a route; undefined once the learner erased themselves. */
async function routeContext(
  reads: CredentialReads,
  route: RouteParties,
): Promise<RouteCredentialContext | undefined> {
  const { learner } = route;
  if (learner.name === null || learner.email === null) return undefined; // nothing personal to attest
  const [issuer, employer, qualification] = await Promise.all([
    reads.issuer(route.institution_id),
    reads.employer(route.employer_id),
    route.qualification_id === null ? undefined : reads.qualification(route.qualification_id),
  ]);
  return {
    institutionId: route.institution_id,
    issuer,
    learner: { id: learner.id, name: learner.name, email: learner.email, did: learner.did },
    employer,
    qualification,
  };
}

/**
 * The modules of each route whose outcomes are all signed off and that have no credential yet: what
 * the routes are owed, read at once for them all. `reads` lets a batch read each module version once.
 * @example const owed = await owedModulesOf(deps, [routeId]) // Map { routeId => [{ moduleId, moduleVersion, completedOn, signoffs }] }
 */
export async function owedModulesOf(
  deps: Pick<Deps, 'db' | 'urls'>,
  routeIds: readonly string[],
  reads: CredentialReads = credentialReads(deps),
) {
  const [completed, issued] = await Promise.all([
    completedModulesOf(deps, routeIds, reads.moduleVersion),
    readInChunks(routeIds, (ids) =>
      deps.db.kysely
        .selectFrom('credential')
        .select(['route_id', 'module_id'])
        .where('route_id', 'in', ids)
        .execute(),
    ),
  ]);
  const has = new Set(issued.map((r) => `${r.route_id} ${r.module_id}`));
  return new Map(
    [...completed].map(([routeId, modules]) => [
      routeId,
      modules.filter((m) => !has.has(`${routeId} ${m.moduleId}`)),
    ]),
  );
}

/** A credential a route is owed, as issueCredentials takes it. */
interface OwedSpec {
  moduleId: string;
  spec: IssueSpec;
}

/**
 * The credentials each route is owed, by module; none once its learner is erased. The routes, their
 * learners, sign-offs and credentials are read at once for them all; a route whose credentials cannot
 * be made (it does not exist, say) fails alone.
 */
async function owedSpecsTogether(
  deps: KeyDeps,
  reads: CredentialReads,
  actor: Actor,
  routeIds: readonly string[],
): Promise<Map<string, OwedSpec[] | Error>> {
  const [owed, routes] = await Promise.all([
    owedModulesOf(deps, routeIds, reads),
    routePartiesOf(deps, routeIds),
  ]);
  const specsOf = async (routeId: string): Promise<OwedSpec[]> => {
    const route = routes.get(routeId);
    if (!route) throw fail.notFound('route', routeId);
    const pending = owed.get(routeId) ?? [];
    if (pending.length === 0) return [];
    const context = await routeContext(reads, route);
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
  };
  return new Map(
    await Promise.all(
      routeIds.map(
        async (routeId): Promise<[string, OwedSpec[] | Error]> => [
          routeId,
          await specsOf(routeId).catch(asError),
        ],
      ),
    ),
  );
}

/**
 * owedSpecsTogether, and should reading the routes together fail (one route's sign-offs name a module
 * version the catalog lacks, say), each route read by itself, so that the route fails alone and the
 * others of its batch are still issued.
 */
async function owedSpecs(
  deps: KeyDeps,
  reads: CredentialReads,
  actor: Actor,
  routeIds: readonly string[],
): Promise<Map<string, OwedSpec[] | Error>> {
  try {
    return await owedSpecsTogether(deps, reads, actor, routeIds);
  } catch (error) {
    const [only] = routeIds;
    if (routeIds.length === 1 && only !== undefined) return new Map([[only, asError(error)]]);
    const alone = await Promise.all(routeIds.map((id) => owedSpecs(deps, reads, actor, [id])));
    return new Map(alone.flatMap((outcome) => [...outcome]));
  }
}

/**
 * Issues what each of these routes is owed (see settleModuleCredentials), the routes of a batch
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
  for (const [routeId, specs] of await owedSpecs(deps, reads, actor, routeIds)) {
    if (specs instanceof Error) {
      outcomes.set(routeId, specs);
      continue;
    }
    for (const { moduleId, spec } of specs) owed.push({ routeId, moduleId, spec });
    outcomes.set(routeId, []);
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

/** What settling a route's credentials did: the modules it issued for, the credentials it suspended and reinstated. */
export interface Settled extends Followed {
  issued: string[];
}

/**
 * Settles the module credentials of a route with its sign-offs: the one step that follows a sign-off
 * (the API operation and the sign-off page, through settleAfterSignoff), a reconcile, and, in parts,
 * the sweep. It issues the module credential of every module of the route whose outcomes are all
 * signed off and that has no credential yet: the one place that decides a finished module is owed
 * one. Exactly once per (route, module): the credential table allows one, a concurrent issuer that
 * loses has its insert ignored, and writes neither its status entries nor its audit row. And it makes
 * the route's credentials follow corrections (followCorrections): suspended when a correction took
 * their module back, reinstated when the module is passed again. Safe to run at any time; a crash
 * between the last sign-off and settling loses nothing. Each part is tried though the other failed
 * (a suspension is not held back by an issuer that cannot sign); the first failure is then thrown.
 * @example await settleModuleCredentials(deps, praktijkopleider, routeId) // { issued: ['m-1'], suspended: [], reinstated: [] }
 */
export async function settleModuleCredentials(
  deps: KeyDeps & Pick<Deps, 'log'>,
  actor: Actor,
  routeId: string,
): Promise<Settled> {
  const followed = await followCorrections(deps, actor, [routeId]).catch(asError);
  const issued = (await issueOwedOnRoutes(deps, actor, [routeId])).get(routeId) ?? [];
  if (followed instanceof Error) throw followed;
  if (issued instanceof Error) throw issued;
  return { issued, ...followed };
}
