import type {
  CredentialState,
  Evidence,
  ModuleExemption,
  PlannerModule,
  Reason,
  RefusedExemption,
  VerifiedCredential,
} from './types.js';

type LapsedKind = Extract<Reason, { credentialId: string }>['kind'];

const LAPSED: Record<Exclude<CredentialState, 'active'>, LapsedKind> = {
  revoked: 'credential-revoked',
  suspended: 'credential-suspended',
  unavailable: 'status-unavailable',
};

/** What the learner's verified credentials mean for one plan. */
export interface CredentialStanding {
  /** Competency -> the first active credential (in input order) that proves it. */
  proven: ReadonlyMap<string, Evidence>;
  /** The exemptions that hold: those naming no credential, and those naming an active one. */
  exemptions: ModuleExemption[];
  /** Exemptions naming a credential that is not verified for this learner here. */
  refused: RefusedExemption[];
  /** Why a module this plan may have to schedule is not covered by a credential after all. */
  lapsedReasons(module: PlannerModule, held: ReadonlySet<string>): Reason[];
}

const lapsedReason = (credential: VerifiedCredential, state: Exclude<CredentialState, 'active'>): Reason => ({
  kind: LAPSED[state],
  credentialId: credential.id,
  message: credential.message,
});

/**
 * Sorts the learner's verified credentials by their status at this plan: the competencies active ones
 * prove, which exemptions still hold, which are refused (naming a credential not verified here), and
 * the reasons a lapsed credential (revoked, suspended, status unreadable) leaves on a planned module:
 * one its exemption named, or one teaching a competency the credential claims that nothing else holds.
 * Pure.
 * @example credentialStanding([{ id: 'vc-1', description: 'BHV', competencies: ['bhv'], state: 'revoked', message: 'revoked by its issuer' }], [])
 *   .lapsedReasons(bhvModule, new Set()) // [{ kind: 'credential-revoked', credentialId: 'vc-1', message: 'revoked by its issuer' }]
 */
export function credentialStanding(
  credentials: readonly VerifiedCredential[],
  exemptions: readonly ModuleExemption[],
): CredentialStanding {
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const proven = new Map<string, Evidence>();
  for (const c of credentials) {
    if (c.state !== 'active') continue;
    const evidence: Evidence = { kind: 'verifiable-credential', id: c.id, description: c.description };
    for (const competency of c.competencies) if (!proven.has(competency)) proven.set(competency, evidence);
  }

  const holding: ModuleExemption[] = [];
  const refused: RefusedExemption[] = [];
  const named = new Map<string, Reason[]>();
  for (const exemption of exemptions) {
    if (exemption.evidence.kind !== 'verifiable-credential') {
      holding.push(exemption);
      continue;
    }
    const credential = byId.get(exemption.evidence.id);
    if (credential === undefined)
      refused.push({
        moduleId: exemption.moduleId,
        reason:
          `credential ${exemption.evidence.id} is not verified for this learner here: ` +
          'it counts once the learner presented it and its issuer is trusted',
      });
    else if (credential.state === 'active') holding.push(exemption);
    else
      named.set(exemption.moduleId, [
        ...(named.get(exemption.moduleId) ?? []),
        lapsedReason(credential, credential.state),
      ]);
  }

  const lapsed = credentials.filter((c) => c.state !== 'active');
  return {
    proven,
    exemptions: holding,
    refused,
    lapsedReasons(module, held) {
      const reasons = [...(named.get(module.id) ?? [])];
      for (const c of lapsed) {
        if (c.state === 'active' || reasons.some((r) => 'credentialId' in r && r.credentialId === c.id))
          continue;
        if (
          c.competencies.some(
            (competency) => module.competencies.includes(competency) && !held.has(competency),
          )
        )
          reasons.push(lapsedReason(c, c.state));
      }
      return reasons;
    },
  };
}

/**
 * The modules a plan would schedule that active credentials make unnecessary: every competency they
 * teach is proven by one. Each is exempt with the credentials that prove its competencies, in the
 * order of its competencies. Pure.
 * @example credentialExemptions([vigObs], new Map([[observeren, vc]])) // Map { 'vig-obs' => [vc] }
 */
export function credentialExemptions(
  planned: readonly PlannerModule[],
  proven: ReadonlyMap<string, Evidence>,
): Map<string, Evidence[]> {
  const exempt = new Map<string, Evidence[]>();
  for (const module of planned) {
    const by = module.competencies.map((c) => proven.get(c));
    if (by.length === 0 || by.some((e) => e === undefined)) continue;
    const evidence = (by as Evidence[]).filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i);
    exempt.set(module.id, evidence);
  }
  return exempt;
}
