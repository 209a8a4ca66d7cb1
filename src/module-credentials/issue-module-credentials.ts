import { sql } from 'kysely';
import type { Signoff } from '../../schemas/signoffs.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { getModuleVersion } from '../catalog/modules/store.js';
import { loopbrugContextUrl } from '../credentials/contexts.js';
import { credentialRow } from '../credentials/credential-row.js';
import { issuerDid } from '../credentials/did-web.js';
import { hashedEmailIdentity } from '../credentials/learner-identity.js';
import { buildModuleCredential, type ModuleCredentialInput } from '../credentials/module-credential.js';
import { signCredential } from '../credentials/sign.js';
import { completedModulesOf } from '../signoffs/store.js';
import { issueWithStatusEntries } from '../status-lists/store.js';

/** What one piece of sign-off evidence says in the credential: a link, or a description. */
function evidenceOf(signoff: Signoff): { url?: string; description?: string } {
  const link = signoff.evidence.find((e) => e.kind === 'link');
  const described = signoff.evidence
    .map((e) =>
      e.kind === 'text'
        ? e.text
        : e.kind === 'file'
          ? `${e.name ?? 'bestand'} (sha256 ${e.sha256})`
          : undefined,
    )
    .filter((d): d is string => d !== undefined);
  return {
    ...(link?.kind === 'link' ? { url: link.url } : {}),
    ...(described.length ? { description: described.join('; ') } : {}),
  };
}

/**
 * Issues the module credential of every module of the route whose outcomes are all signed off and
 * that has no credential yet. Exactly once per (route, module): the credential table allows one,
 * a concurrent writer that loses has its insert ignored, and its audit row is only written when its
 * credential is the one stored. Safe to run at any time; runs after every sign-off, on reconcile and
 * at start-up, so a crash between the last sign-off and issuing loses nothing.
 * @example await issueModuleCredentials(deps, praktijkopleider, routeId) // the module ids it issued for
 */
export async function issueModuleCredentials(
  deps: AppDeps,
  actor: Principal,
  routeId: string,
): Promise<string[]> {
  const db = deps.db.kysely;
  const completed = await completedModulesOf(deps, routeId);
  if (completed.length === 0) return [];
  const issued = new Set(
    (await db.selectFrom('credential').select('module_id').where('route_id', '=', routeId).execute()).map(
      (r) => r.module_id,
    ),
  );
  const pending = completed.filter((m) => !issued.has(m.moduleId));
  if (pending.length === 0) return [];

  const route = await db.selectFrom('route').selectAll().where('id', '=', routeId).executeTakeFirstOrThrow();
  const [institution, learner, employer, qualification] = await Promise.all([
    db.selectFrom('institution').selectAll().where('id', '=', route.institution_id).executeTakeFirstOrThrow(),
    db.selectFrom('learner').selectAll().where('id', '=', route.learner_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('employer')
      .select(['id', 'name'])
      .where('id', '=', route.employer_id)
      .executeTakeFirstOrThrow(),
    route.qualification_id === null
      ? undefined
      : db
          .selectFrom('qualification')
          .select(['id', 'title'])
          .where('id', '=', route.qualification_id)
          .executeTakeFirst(),
  ]);
  if (learner.name === null || learner.email === null) return []; // erased: nothing personal to attest
  const base = deps.config.publicUrl;
  const done: string[] = [];

  for (const module of pending) {
    const version = await getModuleVersion(deps, module.moduleId, module.moduleVersion);
    const [outcomes, competencies, assessors] = await Promise.all([
      db
        .selectFrom('learning_outcome as o')
        .leftJoin('learning_outcome_competency as a', 'a.outcome_id', 'o.id')
        .select(['o.id', 'o.title', 'o.description', 'o.assessment_method', 'a.competency_uri'])
        .where('o.id', 'in', version.outcomes)
        .orderBy('a.position')
        .execute(),
      db
        .selectFrom('competency as c')
        .innerJoin('framework as f', 'f.id', 'c.framework_id')
        .select(['c.uri', 'c.title', 'c.code', 'f.title as framework'])
        .where('c.uri', 'in', version.competencies)
        .execute(),
      db
        .selectFrom('assessor')
        .select(['id', 'name'])
        .where(
          'id',
          'in',
          module.signoffs.map((s) => s.assessorId),
        )
        .execute(),
    ]);
    const assessorName = new Map(assessors.map((a) => [a.id, a.name]));
    const input: ModuleCredentialInput = {
      credentialId: `urn:uuid:${deps.newId()}`,
      contextUrl: loopbrugContextUrl(base),
      issuer: {
        did: issuerDid(base, institution.id),
        name: institution.name,
        country: institution.country,
        qualityAssurance: institution.quality_assurance,
        ...(institution.website === null ? {} : { url: institution.website }),
      },
      learner: { name: learner.name, identifier: await hashedEmailIdentity(learner.email, deps.newId()) },
      moduleVersion: {
        id: `${base}/modules/${version.moduleId}/versions/${version.version}`,
        code: version.code,
        version: version.version,
        title: version.title,
        description: version.description,
        studyLoad: version.studyLoad,
        ...(version.level ? { level: version.level } : {}),
        deliveryModes: version.deliveryModes,
        competencies: competencies.map((c) => ({
          uri: c.uri,
          title: c.title,
          framework: c.framework,
          ...(c.code === null ? {} : { code: c.code }),
        })),
      },
      outcomes: version.outcomes.map((id) => {
        const rows = outcomes.filter((o) => o.id === id);
        const first = rows[0];
        if (!first) throw new Error(`outcome ${id} of module ${version.code} is missing`);
        return {
          id: `${base}/learning-outcomes/${id}`,
          title: first.title,
          description: first.description,
          competencies: rows.flatMap((r) => (r.competency_uri === null ? [] : [r.competency_uri])),
          assessmentMethod: first.assessment_method,
        };
      }),
      signoffs: module.signoffs.map((s) => ({
        outcomeId: `${base}/learning-outcomes/${s.outcomeId}`,
        date: s.date,
        result: s.result,
        assessorName: assessorName.get(s.assessorId) ?? 'praktijkopleider',
        evidence: evidenceOf(s),
        accommodations: s.accommodations,
      })),
      employer: { id: `${base}/employers/${employer.id}`, name: employer.name },
      ...(qualification
        ? { stackability: [{ id: `${base}/qualifications/${qualification.id}`, title: qualification.title }] }
        : {}),
      validFrom: deps.now().toISOString(),
      credentialSchemaUrl: `${base}/schemas/module-credential.schema.json`,
    };
    const at = deps.now().toISOString();
    const audit = sql`
      INSERT INTO audit_event (id, at, actor, action, resource_type, resource_id, detail)
      SELECT ${deps.newId()}, ${at}, ${`${actor.role}:${actor.sub}`}, 'credential.issued', 'credential',
             ${input.credentialId}, ${JSON.stringify({ route: routeId, module: module.moduleId })}
      WHERE EXISTS (SELECT 1 FROM credential WHERE id = ${input.credentialId})`;
    await issueWithStatusEntries(
      deps,
      institution.id,
      input.credentialId,
      (credentialStatus) =>
        signCredential(deps, institution.id, { ...buildModuleCredential(input), credentialStatus }),
      (signed, status) => [
        db
          .insertInto('credential')
          .values(
            credentialRow({
              id: input.credentialId,
              institutionId: institution.id,
              learnerId: learner.id,
              routeId,
              moduleId: module.moduleId,
              document: signed,
              issuedAt: at,
              statusEntry: status.revocation,
            }),
          )
          .onConflict((oc) => oc.columns(['route_id', 'module_id']).doNothing()),
        { compile: () => audit.compile(db) },
      ],
    );
    done.push(module.moduleId);
  }
  return done;
}

/**
 * Issues what is owed on every route with sign-offs: the start-up sweep after a crash.
 * @example await issueOwedModuleCredentials(deps)
 */
export async function issueOwedModuleCredentials(deps: AppDeps): Promise<number> {
  const system: Principal = { sub: 'issuer', role: 'admin' };
  const routes = await deps.db.kysely.selectFrom('signoff').select('route_id').distinct().execute();
  let count = 0;
  for (const { route_id } of routes) count += (await issueModuleCredentials(deps, system, route_id)).length;
  return count;
}

/**
 * Issuing after a sign-off is best effort: the sign-off stands either way, and what is not issued now
 * is issued by the next sign-off, a reconcile or the start-up sweep.
 */
export async function issueAfterSignoff(deps: AppDeps, actor: Principal, routeId: string): Promise<void> {
  try {
    await issueModuleCredentials(deps, actor, routeId);
  } catch (error) {
    console.error(`route ${routeId}: issuing a module credential failed; a reconcile issues it`, error);
  }
}
