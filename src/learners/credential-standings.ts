import type { EducationLevel } from '../../schemas/common.js';
import type { JsonObject } from '../credentials/index.js';
import type { CredentialState, VerifiedCredential } from '../planner/index.js';
import { liveStatus, trustOf } from '../verification/index.js';
import type { VerifiedDiploma } from './admission.js';
import { describePresented, type PresentedRow, presentedCredentialsOf } from './presented-credentials.js';

/** What reading the standing of a learner's credentials takes: the database, and the status check. */
export type StandingDeps = Parameters<typeof liveStatus>[0] & Parameters<typeof trustOf>[0];

/** What the learner's verified credentials at an instelling count for, now. */
export interface CredentialStandings {
  /**
   * Every trusted one, with its status now, for the planner: an award's parts each on their own, before
   * the award, so that an exemption cites the module credential that proves it.
   */
  credentials: VerifiedCredential[];
  /** The levels awards certify, of those active now, for admission. */
  awards: VerifiedDiploma[];
}

type Status = { state: CredentialState; message: string };

/** Revoked outweighs suspended outweighs unreadable outweighs active: a part is no better than its award. */
const WEIGHT: Record<CredentialState, number> = { active: 0, unavailable: 1, suspended: 2, revoked: 3 };
const worse = (a: Status, b: Status) => (WEIGHT[b.state] > WEIGHT[a.state] ? b : a);

const toVerified = (row: PresentedRow, status: Status): VerifiedCredential => ({
  id: row.credential_id,
  description: describePresented(row),
  competencies: JSON.parse(row.competencies) as string[],
  state: status.state,
  message: status.message,
});

/**
 * The learner's credentials verified at an instelling, as they stand at this moment: only those whose
 * issuer the instelling trusts now (an award's part also needs its own issuer trusted), each with its
 * status read again now (an award's part is no better than the award: a revoked award revokes what it
 * embeds here). Every plan and replan reads them afresh, so a revocation at the issuer drops the
 * exemption at the next one, and a list that cannot be read exempts nothing (fail closed).
 * @example const { credentials, awards } = await credentialStandings(deps, learnerId, 'roc-rivor');
 */
export async function credentialStandings(
  deps: StandingDeps,
  learnerId: string,
  institutionId: string,
): Promise<CredentialStandings> {
  const trusted = async (row: PresentedRow) => (await trustOf(deps, institutionId, row.issuer_did)).trusted;
  const statusOf = (row: PresentedRow): Promise<Status> =>
    liveStatus(deps, JSON.parse(row.document) as JsonObject, { relyingParty: institutionId });
  const presented = await presentedCredentialsOf(deps, learnerId, institutionId);
  const standing = await Promise.all(
    presented.map(async ({ row, parts }) => {
      if (!(await trusted(row))) return { credentials: [], awards: [] };
      const status = await statusOf(row);
      const counted = await Promise.all(
        parts.map(async (part) =>
          (await trusted(part)) ? [toVerified(part, worse(status, await statusOf(part)))] : [],
        ),
      );
      const awards: VerifiedDiploma[] =
        row.level !== null && status.state === 'active'
          ? [{ level: row.level as EducationLevel, evidence: `award ${describePresented(row)}` }]
          : [];
      // The parts first: an exemption cites the module credential that proves it, before the award.
      return { credentials: [...counted.flat(), toVerified(row, status)], awards };
    }),
  );
  return {
    credentials: standing.flatMap((s) => s.credentials),
    awards: standing.flatMap((s) => s.awards),
  };
}
