import type { z } from '@hono/zod-openapi';
import type { AwardRequest } from '../../schemas/stacking.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { getQualification } from '../catalog/qualifications/store.js';
import { loopbrugContextUrl } from '../credentials/contexts.js';
import { credentialRow } from '../credentials/credential-row.js';
import { issuerDid } from '../credentials/did-web.js';
import { asList, asObject } from '../credentials/json-values.js';
import { hashedEmailIdentity } from '../credentials/learner-identity.js';
import { issuerIdOf, type SignedCredential, signCredential } from '../credentials/sign.js';
import type { JsonObject } from '../credentials/vc-library.js';
import { verifyCredential } from '../credentials/verify.js';
import { ConstraintError } from '../db/database.js';
import { auditEvent } from '../http/audit.js';
import { ProblemError, problems } from '../http/problem.js';
import { assertReadable, type LearnerRow } from '../learners/grants.js';
import { issueWithStatusEntries } from '../status-lists/store.js';
import { achievementsOf, buildClrCredential } from './clr-credential.js';
import { trustedIssuers } from './recognition-store.js';
import { evaluateStackRule, type StackRule } from './stack-rule.js';

type FieldError = { path: string; message: string };

const refuse = (errors: FieldError[]) => {
  if (errors.length > 0) throw problems.invalidFields(errors);
};

const proofValues = (credential: JsonObject) =>
  asList(credential.proof)
    .map((p) => asObject(p)?.proofValue)
    .filter((v): v is string => typeof v === 'string')
    .sort()
    .join(' ');

/**
 * Whether a credential is about this learner, and how we know:
 * - `wallet`: this service issued it to the learner (a `credential` row of theirs with the same id
 *   and the same proof), or
 * - `identifier`: a subject `identifier` is the learner's email, an OBv3 emailAddress IdentityObject,
 *   hashed (`sha256$` of email + salt, which we recompute) or in the clear.
 * A subject `name` alone never binds: names are not unique.
 */
export async function learnerBinding(
  deps: AppDeps,
  learner: LearnerRow,
  credential: JsonObject,
): Promise<'wallet' | 'identifier' | undefined> {
  if (typeof credential.id === 'string') {
    const row = await deps.db.kysely
      .selectFrom('credential')
      .select('document')
      .where('id', '=', credential.id)
      .where('learner_id', '=', learner.id)
      .executeTakeFirst();
    if (row && proofValues(JSON.parse(row.document) as JsonObject) === proofValues(credential))
      return 'wallet';
  }
  const email = learner.email?.trim().toLowerCase();
  if (!email) return undefined;
  for (const subject of asList(credential.credentialSubject))
    for (const entry of asList(asObject(subject)?.identifier)) {
      const identity = asObject(entry);
      if (identity?.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue;
      if (identity.hashed === true) {
        const salt = typeof identity.salt === 'string' ? identity.salt : '';
        if ((await hashedEmailIdentity(email, salt)).identityHash === identity.identityHash)
          return 'identifier';
      } else if (identity.identityHash.trim().toLowerCase() === email) return 'identifier';
    }
  return undefined;
}

/** The holder DID every constituent names as its subject, if they all name the same one. */
function commonHolder(credentials: JsonObject[]): string | undefined {
  const ids = credentials.flatMap((c) => asList(c.credentialSubject).map((s) => asObject(s)?.id));
  const first = ids[0];
  return typeof first === 'string' && ids.every((id) => id === first) ? first : undefined;
}

async function competencyDetails(deps: AppDeps, uris: string[]) {
  if (uris.length === 0) return [];
  const rows = await deps.db.kysely
    .selectFrom('competency as c')
    .innerJoin('framework as f', 'f.id', 'c.framework_id')
    .select(['c.uri', 'c.title', 'c.code', 'f.title as framework'])
    .where('c.uri', 'in', uris)
    .execute();
  const byUri = new Map(rows.map((r) => [r.uri, r]));
  return uris.map((uri) => {
    const row = byUri.get(uri);
    return {
      uri,
      title: row?.title ?? uri,
      ...(row ? { framework: row.framework } : {}),
      ...(row?.code ? { code: row.code } : {}),
    };
  });
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
  deps: AppDeps,
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
  problems.conflict(
    `Learner '${learnerId}' already holds qualification '${code}': credential '${credentialId}'. ` +
      'A qualification is awarded once; revoke that credential first to award it again.',
  );

/**
 * Awards a qualification when the learner's credentials meet its stack rule: by an opleider of the
 * awarding instelling, for a learner who granted it access. Every credential must verify (all
 * checks), come from an issuer the instelling trusts, be about the learner, and count toward the
 * rule; then a CLR 2.0 ClrCredential embedding them, with revocation and suspension entries on the
 * instelling's status lists, is signed, stored for the learner and audited.
 * A learner who holds a standing (not revoked) award of the qualification gets a 409 naming it, before
 * anything is verified; when two awards race past that check, the award table's unique index lets one
 * in and the other is a 409 with nothing stored (its status entries freed). Any other failure is a 422
 * naming the credential and what failed (or what the rule still misses).
 * @example await awardQualification(deps, opleider('han'), nedId, { learnerId, credentials })
 */
export async function awardQualification(
  deps: AppDeps,
  principal: Principal,
  qualificationId: string,
  request: z.infer<typeof AwardRequest>,
): Promise<{ id: string; verifiableCredential: SignedCredential }> {
  const qualification = await getQualification(deps, qualificationId);
  const awarding = qualification.institutionId;
  if (principal.role !== 'opleider' || principal.institution !== awarding)
    throw problems.forbidden(`Only an opleider of '${awarding}' awards qualification '${qualificationId}'.`);
  const { learner } = await assertReadable(deps, principal, request.learnerId, undefined);
  if (learner.name === null || learner.email === null)
    throw problems.invalid('body.learnerId', 'the learner has no name and email to attest');
  // Before any verifying: whatever the credentials, a standing award cannot be awarded again.
  const standing = await standingAward(deps, awarding, qualification.id, learner.id);
  if (standing) throw alreadyAwarded(qualification.code, learner.id, standing);

  const credentials = request.credentials as JsonObject[];
  const at = (i: number) => `body.credentials[${i}]`;
  const seen = new Map<string, number>();
  refuse(
    credentials.flatMap((vc, i) => {
      if (typeof vc.id !== 'string') return [{ path: `${at(i)}.id`, message: 'a credential needs an id' }];
      const before = seen.get(vc.id);
      seen.set(vc.id, i);
      return before === undefined ? [] : [{ path: at(i), message: `the same credential as ${at(before)}` }];
    }),
  );

  const verification = await Promise.all(credentials.map((vc) => verifyCredential(deps, vc)));
  refuse(
    verification.flatMap((result, i) =>
      result.checks
        .filter((c) => !c.ok)
        .map((c) => ({ path: at(i), message: `check '${c.check}' failed: ${c.message ?? 'failed'}` })),
    ),
  );

  const trusted = await trustedIssuers(deps, awarding);
  refuse(
    credentials.flatMap((vc, i) => {
      const issuer = issuerIdOf(vc) ?? '(none)';
      return trusted.has(issuer)
        ? []
        : [{ path: `${at(i)}.issuer`, message: `issuer ${issuer} is not recognised by '${awarding}'` }];
    }),
  );

  const bindings = await Promise.all(credentials.map((vc) => learnerBinding(deps, learner, vc)));
  refuse(
    bindings.flatMap((binding, i) =>
      binding
        ? []
        : [
            {
              path: `${at(i)}.credentialSubject`,
              message: `not about learner '${learner.id}': not issued to them here, and no identifier is their email`,
            },
          ],
    ),
  );

  const base = deps.config.publicUrl.replace(/\/$/, '');
  const held = credentials.flatMap((vc) => achievementsOf(vc, base));
  const evaluation = evaluateStackRule(qualification.stackRule, held);
  if (!evaluation.met)
    throw new ProblemError(
      422,
      'The stack rule is not met',
      `Qualification '${qualification.code}' still needs: ${evaluation.missing.join('; ')}`,
      evaluation.missing.map((message) => ({ path: 'body.credentials', message })),
    );
  const useful = new Set(evaluation.contributing);
  refuse(
    credentials.flatMap((vc, i) =>
      useful.has(vc.id as string)
        ? []
        : [{ path: at(i), message: `does not count toward qualification '${qualification.code}'` }],
    ),
  );

  const institution = await deps.db.kysely
    .selectFrom('institution')
    .selectAll()
    .where('id', '=', awarding)
    .executeTakeFirstOrThrow();
  const uris = [...new Set(qualification.stackRule.groups.flatMap((g) => g.competencies))];
  const competencies = await competencyDetails(deps, uris);
  const holder = commonHolder(credentials);
  const credentialId = `urn:uuid:${deps.newId()}`;
  const unsigned = buildClrCredential({
    credentialId,
    contextUrl: loopbrugContextUrl(base),
    issuer: {
      did: issuerDid(base, awarding),
      name: institution.name,
      country: institution.country,
      qualityAssurance: institution.quality_assurance,
      ...(institution.website === null ? {} : { url: institution.website }),
    },
    learner: {
      ...(holder ? { id: holder } : {}),
      name: learner.name,
      identifier: await hashedEmailIdentity(learner.email, deps.newId()),
    },
    qualification: {
      id: `${base}/qualifications/${qualification.id}`,
      code: qualification.code,
      title: qualification.title,
      level: qualification.level,
      criteria: criteriaOf(qualification.stackRule, new Map(competencies.map((c) => [c.uri, c.title]))),
      competencies,
    },
    parts: credentials,
    partAchievements: held,
    validFrom: deps.now().toISOString(),
    credentialSchemaUrl: `${base}/schemas/clr-credential.schema.json`,
  });
  const db = deps.db.kysely;
  const now = deps.now().toISOString();
  try {
    // Revocation and suspension entries on the awarding instelling's lists, stored with the award.
    const { signed } = await issueWithStatusEntries(
      deps,
      awarding,
      credentialId,
      (credentialStatus) => signCredential(deps, awarding, { ...unsigned, credentialStatus }),
      (signed, status) => [
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
        db.insertInto('credential').values(
          credentialRow({
            id: credentialId,
            institutionId: awarding,
            learnerId: learner.id,
            document: signed,
            issuedAt: now,
            statusEntry: status.revocation,
          }),
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
        auditEvent(deps, principal, 'qualification.awarded', 'credential', credentialId, {
          qualification: qualification.id,
          learner: learner.id,
          parts: credentials.map((vc) => ({
            id: vc.id,
            issuer: issuerIdOf(vc),
            binding: bindings[credentials.indexOf(vc)],
          })),
        }),
      ],
    );
    return { id: credentialId, verifiableCredential: signed };
  } catch (error) {
    // Nothing of the award was stored, its status entries included.
    const winner =
      error instanceof ConstraintError && error.kind === 'unique'
        ? await standingAward(deps, awarding, qualification.id, learner.id)
        : undefined;
    throw winner ? alreadyAwarded(qualification.code, learner.id, winner) : error;
  }
}
