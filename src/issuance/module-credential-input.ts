import type { Signoff } from '../../schemas/signoffs.js';
import { describeCompetencies, findQualification, getModule, getModuleVersion } from '../catalog/index.js';
import {
  type CredentialIssuer,
  hashedEmailIdentity,
  type ModuleCredentialInput,
} from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import type { SignedOffModule } from '../signoffs/index.js';
import { issuerProfileOf } from './issuer-profile.js';

/** What every module credential of one route says alike: who issues it, to whom, and where. */
export interface RouteCredentialContext {
  /** The route's instelling: the issuer. */
  institutionId: string;
  issuer: CredentialIssuer;
  /** `did`: the DID the learner proved to hold, named as the credential's subject (holder binding). */
  learner: { id: string; name: string; email: string; did: string | null };
  employer: { id: string; name: string };
  qualification?: { id: string; title: string } | undefined;
}

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

/** Remembers what `read` answers for each key, so that a batch reads it once. */
function once<A extends unknown[], R>(read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const answers = new Map<string, Promise<R>>();
  return (...args) => {
    const key = JSON.stringify(args);
    const known = answers.get(key);
    if (known) return known;
    const answer = read(...args);
    answers.set(key, answer);
    return answer;
  };
}

/**
 * What issuing reads of the catalog and the parties, each thing read once for as long as the reads
 * are kept: a batch of routes (a cohort's share one module version, instelling and employer) reads
 * them once rather than once per route. Kept for one batch only, so a batch sees the catalog as it
 * was when it began, as a request does.
 * @example const reads = credentialReads(deps); await reads.moduleVersion(moduleId, 1)
 */
export function credentialReads(deps: Pick<Deps, 'db' | 'urls'>) {
  const db = deps.db.kysely;
  const moduleVersion = once((moduleId: string, version: number) =>
    getModuleVersion(deps, moduleId, version),
  );
  return {
    moduleVersion,
    issuer: once((institutionId: string) => issuerProfileOf(deps, institutionId)),
    employer: once((id: string) =>
      db.selectFrom('employer').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow(),
    ),
    qualification: once(async (id: string) => {
      const found = await findQualification(deps, id);
      return found && { id, title: found.title };
    }),
    /** The outcomes, competencies and prerequisites of a module version, as the credential names them. */
    described: once(async (moduleId: string, version: number) => {
      const found = await moduleVersion(moduleId, version);
      const [outcomes, competencies, prerequisites] = await Promise.all([
        db
          .selectFrom('learning_outcome as o')
          .leftJoin('learning_outcome_competency as a', 'a.outcome_id', 'o.id')
          .select(['o.id', 'o.title', 'o.description', 'o.assessment_method', 'a.competency_uri'])
          .where('o.id', 'in', found.outcomes)
          .orderBy('a.position')
          .execute(),
        describeCompetencies(deps, found.competencies),
        prerequisitesOf(deps, found.prerequisites),
      ]);
      return { version: found, outcomes, competencies, prerequisites };
    }),
    assessorNames: once(async (ids: string[]) => {
      const rows = await db.selectFrom('assessor').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((a) => [a.id, a.name]));
    }),
  };
}

/** What issuing reads, once per batch (see credentialReads). */
export type CredentialReads = ReturnType<typeof credentialReads>;

/**
 * Everything the module credential of a completed module says but its id: the published module
 * version with its outcomes and competencies, the sign-offs with their assessors and evidence, the
 * learner (by name and a salted hash of their email, and by their DID as `credentialSubject.id` when they
 * registered one), the employer that assessed, and the qualification it counts toward.
 * @example buildModuleCredential({ ...(await moduleCredentialInput(deps, credentialReads(deps), context, module)), credentialId })
 */
export async function moduleCredentialInput(
  deps: Pick<Deps, 'now' | 'newId' | 'urls'>,
  reads: CredentialReads,
  context: RouteCredentialContext,
  module: Pick<SignedOffModule, 'moduleId' | 'moduleVersion' | 'signoffs'>,
): Promise<Omit<ModuleCredentialInput, 'credentialId'>> {
  const { urls } = deps;
  const [{ version, outcomes, competencies, prerequisites }, assessorName] = await Promise.all([
    reads.described(module.moduleId, module.moduleVersion),
    reads.assessorNames([...new Set(module.signoffs.map((s) => s.assessorId))].sort()),
  ]);
  return {
    issuer: context.issuer,
    learner: {
      ...(context.learner.did === null ? {} : { id: context.learner.did }),
      name: context.learner.name,
      identifier: hashedEmailIdentity(context.learner.email, deps.newId()),
    },
    moduleVersion: {
      id: urls.moduleVersion(version.moduleId, version.version),
      code: version.code,
      version: version.version,
      title: version.title,
      description: version.description,
      studyLoad: version.studyLoad,
      ...(version.level ? { level: version.level } : {}),
      deliveryModes: version.deliveryModes,
      competencies,
    },
    image: urls.moduleBadge(version.moduleId, version.version),
    outcomes: version.outcomes.map((id) => {
      const rows = outcomes.filter((o) => o.id === id);
      const first = rows[0];
      if (!first) throw new Error(`outcome ${id} of module ${version.code} is missing`);
      return {
        id: urls.learningOutcome(id),
        title: first.title,
        description: first.description,
        competencies: rows.flatMap((r) => (r.competency_uri === null ? [] : [r.competency_uri])),
        assessmentMethod: first.assessment_method,
      };
    }),
    signoffs: module.signoffs.map((s) => ({
      outcomeId: urls.learningOutcome(s.outcomeId),
      date: s.date,
      result: s.result,
      assessorName: assessorName.get(s.assessorId) ?? 'praktijkopleider',
      evidence: evidenceOf(s),
    })),
    employer: { id: urls.employer(context.employer.id), name: context.employer.name },
    ...(context.qualification
      ? {
          stackability: [
            { id: urls.qualification(context.qualification.id), title: context.qualification.title },
          ],
        }
      : {}),
    prerequisites,
    validFrom: deps.now().toISOString(),
  };
}

/**
 * The module's prerequisites as the credential names them (EU Annex I, optional): each required module
 * by its newest published version's URL and title, each required competency by its URI and title.
 */
async function prerequisitesOf(
  deps: Pick<Deps, 'db' | 'urls'>,
  required: { modules: string[]; competencies: string[] },
): Promise<Array<{ id: string; name: string }>> {
  const [modules, competencies] = await Promise.all([
    // As anyone outside the instelling reads it: the newest published version, never a draft's title.
    Promise.all(required.modules.map((id) => getModule(deps, id, { institutionId: undefined }))),
    describeCompetencies(deps, required.competencies),
  ]);
  return [
    ...modules.map((m) => ({
      id: deps.urls.moduleVersion(m.id, m.publishedVersion ?? m.version),
      name: m.title,
    })),
    ...competencies.map((c) => ({ id: c.uri, name: c.title })),
  ];
}
