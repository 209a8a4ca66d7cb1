import type { z } from '@hono/zod-openapi';
import type { AwardRequest } from '../../schemas/stacking.js';
import { learnerRules } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { describeCompetencies, getQualification } from '../catalog/index.js';
import {
  asList,
  asObject,
  buildClrCredential,
  hashedEmailIdentity,
  issuerIdOf,
  type JsonObject,
} from '../credentials/index.js';
import { ConstraintError } from '../db/database.js';
import { issueCredential, issuerProfileOf } from '../issuance/index.js';
import { fail, refuseFields } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { loadLearner, loadLearnerFacts } from '../learners/index.js';
import { verifyCredential } from '../verification/index.js';
import { achievementsOf } from './held-achievements.js';
import { learnerBinding } from './learner-binding.js';
import type { StackRule } from './stack-rule.js';
import { evaluateStackRule } from './stack-rule.js';

type AwardDeps = Pick<
  Deps,
  'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'fetchJson' | 'proofWork' | 'metrics' | 'published'
>;

/** The holder DID every constituent names as its subject, if they all name the same one. */
function commonHolder(credentials: JsonObject[]): string | undefined {
  const ids = credentials.flatMap((c) => asList(c.credentialSubject).map((s) => asObject(s)?.id));
  const first = ids[0];
  return typeof first === 'string' && ids.every((id) => id === first) ? first : undefined;
}

function criteriaOf(rule: StackRule, titles: Map<string, string>): string[] {
  return [
    'Toegekend op grond van geverifieerde microcredentials van erkende instellingen:',
    ...rule.groups.map((g) => {
      const items = [
        ...g.competencies.map((uri) => titles.get(uri) ?? uri),
        ...g.modules.map((m) => `module ${m}`),
      ];
      const how = g.kind === 'all-of' ? 'alle' : `${g.n ?? items.length} van ${items.length}`;
      return `- ${g.title} (${how}): ${items.join('; ')}`;
    }),
  ];
}

/** The credential of the learner's standing (not revoked, not retired) award of the qualification. */
async function standingAward(
  deps: Pick<Deps, 'db'>,
  institutionId: string,
  qualificationId: string,
  learnerId: string,
): Promise<string | undefined> {
  const row = await deps.db.kysely
    .selectFrom('award as a')
    .innerJoin('credential as c', 'c.id', 'a.credential_id')
    .select('a.credential_id')
    .where('a.institution_id', '=', institutionId)
    .where('a.qualification_id', '=', qualificationId)
    .where('a.learner_id', '=', learnerId)
    .where('a.retired_at', 'is', null)
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.credential_id;
}

const alreadyAwarded = (code: string, learnerId: string, credentialId: string) =>
  fail.conflict(
    `Learner '${learnerId}' already holds qualification '${code}': credential '${credentialId}'. ` +
      'A qualification is awarded once; revoke that credential first to award it again.',
  );

/**
 * Awards a qualification when the learner's credentials meet its stack rule, for a learner who granted
 * the awarding instelling access (who may award is declared on the operation). Every credential must
 * verify (all checks), come from an issuer the instelling trusts, be about the learner, and count toward
 * the rule; then a CLR 2.0 ClrCredential embedding them is issued, with revocation and suspension
 * entries on the instelling's status lists, stored for the learner with its award and audited.
 * A learner who holds a standing (not revoked) award of the qualification gets a conflict naming it,
 * before anything is verified; when two awards race past that check, the award table's unique index
 * lets one in and the other is the same conflict with nothing stored (its status entries freed). Any
 * other refusal names the credential and what failed (or what the rule still misses).
 * @example await awardQualification(deps, opleider('han'), nedId, { learnerId, credentials })
 */
export async function awardQualification(
  deps: AwardDeps,
  principal: Principal,
  qualificationId: string,
  request: z.infer<typeof AwardRequest>,
): Promise<{ id: string; verifiableCredential: JsonObject }> {
  const qualification = await getQualification(deps, qualificationId);
  const awarding = qualification.institutionId;
  const facts = await loadLearnerFacts(deps, request.learnerId);
  if (!learnerRules.read.allows(principal, facts)) throw fail.forbidden(learnerRules.read.denied(facts));
  const learner = await loadLearner(deps, request.learnerId);
  if (learner.name === null || learner.email === null)
    throw fail.invalid('learnerId', 'the learner has no name and email to attest');
  // Before any verifying: whatever the credentials, a standing award cannot be awarded again.
  const standing = await standingAward(deps, awarding, qualification.id, learner.id);
  if (standing) throw alreadyAwarded(qualification.code, learner.id, standing);

  const credentials = request.credentials as JsonObject[];
  const at = (i: number) => `credentials[${i}]`;
  const seen = new Map<string, number>();
  refuseFields(
    credentials.flatMap((vc, i) => {
      if (typeof vc.id !== 'string') return [{ field: `${at(i)}.id`, message: 'a credential needs an id' }];
      const before = seen.get(vc.id);
      seen.set(vc.id, i);
      // The message names the other credential as the request sent it.
      return before === undefined
        ? []
        : [{ field: at(i), message: `the same credential as body.${at(before)}` }];
    }),
  );

  // Verified for the awarding instelling: its pinned DID documents count, and its trust is checked.
  const verification = await Promise.all(
    credentials.map((vc) => verifyCredential(deps, vc, { relyingParty: awarding })),
  );
  refuseFields(
    verification.flatMap((result, i) =>
      result.checks
        .filter((c) => !c.ok && c.check !== 'trust')
        .map((c) => ({ field: at(i), message: `check '${c.check}' failed: ${c.message ?? 'failed'}` })),
    ),
  );
  refuseFields(
    verification.flatMap((result, i) =>
      result.trust?.trusted === false ? [{ field: `${at(i)}.issuer`, message: result.trust.because }] : [],
    ),
  );

  const bindings = await Promise.all(credentials.map((vc) => learnerBinding(deps, learner, vc)));
  refuseFields(
    bindings.flatMap((binding, i) =>
      binding
        ? []
        : [
            {
              field: `${at(i)}.credentialSubject`,
              message: `not about learner '${learner.id}': not issued to them here, and no identifier is their email`,
            },
          ],
    ),
  );

  const held = credentials.flatMap((vc) => achievementsOf(vc, deps.urls.base));
  const evaluation = evaluateStackRule(qualification.stackRule, held);
  if (!evaluation.met)
    throw fail.refused(
      'The stack rule is not met',
      `Qualification '${qualification.code}' still needs: ${evaluation.missing.join('; ')}`,
      evaluation.missing.map((message) => ({ field: 'credentials', message })),
    );
  const useful = new Set(evaluation.contributing);
  refuseFields(
    credentials.flatMap((vc, i) =>
      useful.has(vc.id as string)
        ? []
        : [{ field: at(i), message: `does not count toward qualification '${qualification.code}'` }],
    ),
  );

  const uris = [...new Set(qualification.stackRule.groups.flatMap((g) => g.competencies))];
  const competencies = await describeCompetencies(deps, uris);
  // Holder binding: the DID the learner proved to hold; else the one every part names, as before.
  const holder = learner.did ?? commonHolder(credentials);
  const input = {
    issuer: await issuerProfileOf(deps, awarding),
    learner: {
      ...(holder ? { id: holder } : {}),
      name: learner.name,
      identifier: hashedEmailIdentity(learner.email, deps.newId()),
    },
    qualification: {
      id: deps.urls.qualification(qualification.id),
      code: qualification.code,
      title: qualification.title,
      level: qualification.level,
      criteria: criteriaOf(qualification.stackRule, new Map(competencies.map((c) => [c.uri, c.title]))),
      competencies,
      image: deps.urls.qualificationBadge(qualification.id),
    },
    parts: credentials,
    partAchievements: held,
    validFrom: deps.now().toISOString(),
  };
  const db = deps.db.kysely;
  const now = deps.now().toISOString();
  try {
    const issued = await issueCredential(deps, {
      institutionId: awarding,
      format: 'ldp',
      build: (credentialId, credentialStatus) => ({
        ...buildClrCredential({ ...input, credentialId }),
        credentialStatus,
      }),
      holder: { learnerId: learner.id },
      audit: {
        actor: principal,
        action: 'qualification.awarded',
        detail: {
          qualification: qualification.id,
          learner: learner.id,
          parts: credentials.map((vc, i) => ({ id: vc.id, issuer: issuerIdOf(vc), binding: bindings[i] })),
        },
      },
      alongside: (credentialId) => [
        // A revoked award no longer stands: retire it so the unique index lets this one in.
        db
          .updateTable('award')
          .set({ retired_at: now })
          .where('institution_id', '=', awarding)
          .where('qualification_id', '=', qualification.id)
          .where('learner_id', '=', learner.id)
          .where('retired_at', 'is', null)
          .where(
            'credential_id',
            'in',
            db.selectFrom('credential').select('id').where('revoked_at', 'is not', null),
          ),
        // Refused by the unique index when an award stands: a concurrent award got in after the check.
        db.insertInto('award').values({
          credential_id: credentialId,
          institution_id: awarding,
          qualification_id: qualification.id,
          learner_id: learner.id,
          awarded_at: now,
          retired_at: null,
        }),
      ],
    });
    return { id: issued.id, verifiableCredential: issued.credential };
  } catch (error) {
    // Nothing of the award was stored, its status entries included.
    const winner =
      error instanceof ConstraintError && error.kind === 'unique'
        ? await standingAward(deps, awarding, qualification.id, learner.id)
        : undefined;
    throw winner ? alreadyAwarded(qualification.code, learner.id, winner) : error;
  }
}
