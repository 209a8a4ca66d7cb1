import type { ProfilePut } from '../../schemas/learners.js';
import { fail } from '../kernel/errors.js';
import type { DbDeps } from '../kernel/ports.js';
import type { VerifiedCredential } from '../planner/index.js';
import type { AdmissionFacts, VerifiedDiploma } from './admission.js';
import { credentialStandings, type StandingDeps } from './credential-standings.js';
import { evidenceOf } from './evidence.js';
import { describeEvidence, type HeldCompetency, toHeldCompetencies } from './held-competencies.js';
import { profileContent } from './profile.js';

/** What the planner and admission read of a learner, for a route through one instelling. */
export interface PlanningFacts {
  /** Competencies held through verified evidence items, each naming its evidence. */
  held: HeldCompetency[];
  /** The accommodations of their profile (none without a profile). */
  accommodations: string[];
  /** Verified diplomas (and awards) and the tested werk- en denkniveau. */
  admission: AdmissionFacts;
  /** The credentials the instelling verified as theirs, from issuers it trusts, with their status now. */
  credentials: VerifiedCredential[];
}

/**
 * Everything planning reads of a learner, for one plan through `institutionId`: the learner with their
 * profile (one statement), their evidence and the credentials that instelling verified are each read once, the
 * credentials' status afresh. Admission reads only what is verified: a diploma an opleider verified,
 * the level of an award the instelling verified and that stands now; a diploma the learner typed in
 * counts for nothing. A werk- en denkniveau counts as tested only with evidence. A 404 for a learner
 * that does not exist or erased themselves.
 * @example const { held, accommodations, admission, credentials } = await loadPlanningFacts(deps, learnerId, 'roc-rivor');
 */
export async function loadPlanningFacts(
  deps: StandingDeps,
  learnerId: string,
  institutionId: string,
): Promise<PlanningFacts> {
  const [profile, evidence, standings] = await Promise.all([
    profileOfLearner(deps, learnerId),
    evidenceOf(deps, learnerId),
    credentialStandings(deps, learnerId, institutionId),
  ]);
  const tested = profile?.werkEnDenkniveau;
  const diplomas = evidence.flatMap((item): VerifiedDiploma[] =>
    item.kind === 'diploma' && item.verified && item.level !== undefined
      ? [{ level: item.level.name, evidence: describeEvidence(item) }]
      : [],
  );
  return {
    held: toHeldCompetencies(evidence),
    accommodations: profile?.accommodations ?? [],
    admission: {
      diplomas: [...diplomas, ...standings.awards],
      ...(tested !== undefined && tested.evidence.length > 0
        ? { testedLevel: { level: tested.level, evidence: tested.evidence } }
        : {}),
    },
    credentials: standings.credentials,
  };
}

/**
 * The learner's profile, read in the same statement that checks the learner exists and has not erased
 * themselves: undefined before their first PUT, a 404 without the learner.
 */
async function profileOfLearner(deps: DbDeps, learnerId: string): Promise<ProfilePut | undefined> {
  const row = await deps.db.kysely
    .selectFrom('learner as l')
    .leftJoin('learner_profile as p', 'p.learner_id', 'l.id')
    .select('p.content')
    .where('l.id', '=', learnerId)
    .where('l.status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw fail.notFound('learner', learnerId);
  return row.content === null ? undefined : profileContent({ content: row.content });
}
