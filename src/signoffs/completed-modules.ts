import type { Signoff } from '../../schemas/signoffs.js';
import type { Deps } from '../kernel/ports.js';
import { type ModuleState, moduleStates, type VersionOutcomes } from './module-states.js';
import { signoffsOfRoutes } from './signoffs.js';

/** A module that workplace sign-off completed, with the sign-offs that establish it. */
export interface SignedOffModule {
  moduleId: string;
  moduleVersion: number;
  /** The latest date of `signoffs`. */
  completedOn: string;
  signoffs: Signoff[];
}

/**
 * A module that is not completed while a current correction of an outcome it misses took back a pass
 * (see correctedModule): when the module was completed before, that correction took the completion back.
 */
export interface CorrectedModule {
  moduleId: string;
  /** The newest such correction, with the sign-off it corrects and the reason every correction gives. */
  correction: Correction;
}

/** A correction: a sign-off that supersedes an earlier one, with its reason. */
type Correction = Signoff & { supersedes: string; reason: string };

const isCorrection = (s: Signoff): s is Correction => s.supersedes !== undefined && s.reason !== undefined;

/** Where the signed-off modules of a route stand: the completed ones, and the ones corrections undid. */
export interface SignedOffModules {
  completed: SignedOffModule[];
  corrected: CorrectedModule[];
}

/** A completed module state as a SignedOffModule; undefined while it is not completed. */
const completedModule = (state: ModuleState): SignedOffModule | undefined =>
  state.completed && state.completedOn !== undefined
    ? {
        moduleId: state.moduleId,
        moduleVersion: state.moduleVersion,
        completedOn: state.completedOn,
        signoffs: state.signoffs,
      }
    : undefined;

/**
 * The newest current correction that took back a pass of an outcome a module that is not completed
 * misses: one whose chain of corrected sign-offs holds a 'passed'. That is what takes back a module that
 * was completed; correcting a 'not-yet' (its date, say) takes nothing back.
 * @example correctedModule(state, signoffs)?.correction.reason // 'Toets bleek onvolledig'
 */
export function correctedModule(
  state: ModuleState,
  signoffs: readonly Signoff[],
): CorrectedModule | undefined {
  if (state.completed) return undefined;
  const byId = new Map(signoffs.map((s) => [s.id, s]));
  // A sign-off supersedes one recorded before it, so following the chain back ends.
  const tookBackAPass = (correction: Correction): boolean => {
    let earlier = byId.get(correction.supersedes);
    while (earlier && earlier.result !== 'passed')
      earlier = earlier.supersedes === undefined ? undefined : byId.get(earlier.supersedes);
    return earlier !== undefined;
  };
  const correction = signoffs
    .filter(isCorrection)
    .filter((s) => s.current && state.missing.includes(s.outcomeId) && tookBackAPass(s))
    .at(-1);
  return correction && { moduleId: state.moduleId, correction };
}

/**
 * Where the modules of each route stand by workplace sign-off: the completed ones (every outcome of the
 * module version has a current 'passed' sign-off), and the corrected ones (not completed, and a
 * current correction of an outcome they miss took back a pass: what takes back a completion a
 * credential was issued for). Derived from the immutable sign-offs alone, so it holds whether or not
 * the route already shows a completion. `signoffs` of a completed module are the ones that establish it
 * (per outcome the first current pass); `completedOn` is the latest of their dates. The sign-offs of
 * all the routes are read at once; a route without any (or that does not exist) has none of either. No
 * principal: the caller authorizes. For issuing exactly one credential per completed module, and for
 * the credential to follow a correction. `versionOf` as in moduleStates.
 * @example const { completed, corrected } = (await signedOffModulesOf(deps, [routeId])).get(routeId) // corrected: [{ moduleId, correction: { id, reason: 'Toets bleek onvolledig', … } }]
 */
export async function signedOffModulesOf(
  deps: Pick<Deps, 'db'>,
  routeIds: readonly string[],
  versionOf?: VersionOutcomes,
): Promise<Map<string, SignedOffModules>> {
  const signoffs = await signoffsOfRoutes(deps, routeIds);
  return new Map(
    await Promise.all(
      [...signoffs].map(async ([routeId, ofRoute]): Promise<[string, SignedOffModules]> => {
        const states = await moduleStates(deps, ofRoute, new Set(), versionOf);
        return [
          routeId,
          {
            completed: states.flatMap((s) => completedModule(s) ?? []),
            corrected: states.flatMap((s) => correctedModule(s, ofRoute) ?? []),
          },
        ];
      }),
    ),
  );
}

/**
 * The modules of each route that workplace sign-off completed (see signedOffModulesOf).
 * @example const done = await completedModulesOf(deps, [routeId]) // Map { routeId => [{ moduleId, moduleVersion: 1, completedOn: '2026-11-20', signoffs }] }
 */
export async function completedModulesOf(
  deps: Pick<Deps, 'db'>,
  routeIds: readonly string[],
  versionOf?: VersionOutcomes,
): Promise<Map<string, SignedOffModule[]>> {
  const modules = await signedOffModulesOf(deps, routeIds, versionOf);
  return new Map([...modules].map(([routeId, { completed }]) => [routeId, completed]));
}
