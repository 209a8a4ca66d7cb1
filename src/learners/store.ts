import type { z } from '@hono/zod-openapi';
import { type EducationLevel, levelOf } from '../../schemas/common.js';
import type {
  EvidenceCreate,
  EvidenceItem,
  Grant,
  GrantCreate,
  GrantScope,
  Learner,
  LearnerCreate,
  LearnerExport,
  LearnerQuery,
  Profile,
  ProfilePut,
} from '../../schemas/learners.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { assertCompetenciesExist } from '../catalog/competencies/store.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { ProblemError, problems } from '../http/problem.js';
import type { AdmissionFacts } from './admission.js';
import {
  accessOf,
  assertReadable,
  assertSelf,
  grantStatus,
  type LearnerRow,
  loadLearner,
  today,
} from './grants.js';
import { type HeldCompetency, toHeldCompetencies } from './held-competencies.js';

type EvidenceRow = Schema['learner_evidence'];
type GrantRow = Schema['learner_grant'];
type ProfileRow = Schema['learner_profile'];

/** Every learner write is audited on the learner, so the learner's export finds them all. */
const audit = (deps: AppDeps, principal: Principal, action: string, learnerId: string, detail?: unknown) =>
  auditEvent(deps, principal, `learner.${action}`, 'learner', learnerId, detail);

// ---------------------------------------------------------------------------------------------
// Learner

const toLearner = (row: LearnerRow): Learner => ({
  id: row.id,
  subject: row.subject ?? '',
  name: row.name ?? '',
  email: row.email ?? '',
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The learners the caller may see: themselves, or those who granted the caller's institution or employer. */
export async function listLearners(deps: AppDeps, principal: Principal, query: z.infer<typeof LearnerQuery>) {
  const after = decodeCursor(query.cursor);
  let select = deps.db.kysely.selectFrom('learner').selectAll().where('status', '=', 'active');
  if (principal.role === 'learner') select = select.where('subject', '=', principal.sub);
  else {
    const grantee =
      principal.role === 'opleider'
        ? { kind: 'institution' as const, id: principal.institution }
        : principal.role === 'werkgever' || principal.role === 'praktijkopleider'
          ? { kind: 'employer' as const, id: principal.employer }
          : undefined;
    if (grantee?.id === undefined) return { items: [] };
    const { kind, id } = grantee;
    select = select.where('id', 'in', (eb) =>
      eb
        .selectFrom('learner_grant')
        .select('learner_id')
        .where('grantee_kind', '=', kind)
        .where('grantee_id', '=', id)
        .where('withdrawn_at', 'is', null)
        .where((w) => w.or([w('until', 'is', null), w('until', '>=', today(deps))])),
    );
  }
  if (after !== undefined) select = select.where('id', '>', after);
  const rows = await select
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toLearner), query.limit, (l) => l.id);
}

/**
 * Registers a learner: a learner registers themselves (the subject is their own `sub`); an opleider or
 * admin may register one on intake, naming the subject. Registering gives the registrar no access.
 */
export async function registerLearner(
  deps: AppDeps,
  principal: Principal,
  input: z.infer<typeof LearnerCreate>,
): Promise<Learner> {
  let subject: string;
  if (principal.role === 'learner') {
    if (input.subject !== undefined && input.subject !== principal.sub)
      throw new ProblemError(403, 'Forbidden', 'A learner registers only themselves.', [
        { path: 'body.subject', message: 'must be your own subject or left out' },
      ]);
    subject = principal.sub;
  } else if (principal.role === 'opleider' || principal.role === 'admin') {
    if (input.subject === undefined)
      throw problems.invalid('body.subject', "give the learner's subject when registering them on intake");
    subject = input.subject;
  } else throw problems.forbidden('Only a learner, an opleider or an admin registers a learner.');

  const taken = await deps.db.kysely
    .selectFrom('learner')
    .select('id')
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (taken) throw problems.conflict('A learner with this subject is already registered.');
  const now = deps.now().toISOString();
  const row: LearnerRow = {
    id: deps.newId(),
    subject,
    name: input.name,
    email: input.email,
    status: 'active',
    created_at: now,
    updated_at: now,
    erased_at: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('learner').values(row),
    audit(deps, principal, 'registered', row.id, { by: principal.role === 'learner' ? 'self' : 'intake' }),
  ]);
  return toLearner(row);
}

export async function getLearner(deps: AppDeps, principal: Principal, id: string): Promise<Learner> {
  const { learner } = await assertReadable(deps, principal, id, undefined);
  return toLearner(learner);
}

// ---------------------------------------------------------------------------------------------
// Persoonlijk Profiel

const profileContent = (row: ProfileRow) => JSON.parse(row.content) as ProfilePut;

const toProfile = (row: ProfileRow): Profile => {
  const { werkEnDenkniveau, ...rest } = profileContent(row);
  return {
    ...rest,
    learnerId: row.learner_id,
    ...(werkEnDenkniveau === undefined
      ? {}
      : {
          werkEnDenkniveau: { level: levelOf(werkEnDenkniveau.level), evidence: werkEnDenkniveau.evidence },
        }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

const profileRow = (deps: AppDeps, learnerId: string) =>
  deps.db.kysely
    .selectFrom('learner_profile')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();

export async function getProfile(deps: AppDeps, principal: Principal, learnerId: string): Promise<Profile> {
  await assertReadable(deps, principal, learnerId, 'profile');
  const row = await profileRow(deps, learnerId);
  if (!row) throw problems.notFound('profile of learner', learnerId);
  return toProfile(row);
}

/** The learner writes their Persoonlijk Profiel whole; nobody else writes it. */
export async function putProfile(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  input: ProfilePut,
): Promise<Profile> {
  await assertSelf(deps, principal, learnerId);
  const today_ = today(deps);
  const errors = (input.werkEnDenkniveau?.evidence ?? []).flatMap((e, i) =>
    e.date > today_
      ? [{ path: `body.werkEnDenkniveau.evidence[${i}].date`, message: 'lies in the future' }]
      : [],
  );
  if (errors.length > 0) throw problems.invalidFields(errors);
  const existing = await profileRow(deps, learnerId);
  const now = deps.now().toISOString();
  const row: ProfileRow = {
    learner_id: learnerId,
    content: JSON.stringify(input),
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  const db = deps.db.kysely;
  await deps.db.atomically([
    existing
      ? db
          .updateTable('learner_profile')
          .set({ content: row.content, updated_at: now })
          .where('learner_id', '=', learnerId)
      : db.insertInto('learner_profile').values(row),
    audit(deps, principal, existing ? 'profile.replaced' : 'profile.created', learnerId),
  ]);
  return toProfile(row);
}

// ---------------------------------------------------------------------------------------------
// Evidence items

const addedByOf = (principal: Principal) =>
  principal.role === 'opleider' ? `institution:${principal.institution}` : 'learner';

function toEvidence(row: EvidenceRow, competencies: string[]): EvidenceItem {
  const [kind, id] = row.added_by.split(':');
  return {
    id: row.id,
    learnerId: row.learner_id,
    kind: row.kind as EvidenceItem['kind'],
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    ...(row.level === null ? {} : { level: levelOf(row.level as EducationLevel) }),
    ...(row.description === null ? {} : { description: row.description }),
    competencies,
    ...(row.document === null ? {} : { document: JSON.parse(row.document) as EvidenceItem['document'] }),
    verified: row.verified === 1,
    ...(row.verified_by === null || row.verified_at === null
      ? {}
      : { verifiedBy: { institution: row.verified_by, at: row.verified_at } }),
    addedBy: kind === 'institution' && id !== undefined ? { kind: 'institution', id } : { kind: 'learner' },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function withCompetencies(deps: AppDeps, rows: EvidenceRow[]): Promise<EvidenceItem[]> {
  const byEvidence = new Map<string, string[]>(rows.map((r) => [r.id, []]));
  if (rows.length > 0) {
    const links = await deps.db.kysely
      .selectFrom('learner_evidence_competency')
      .selectAll()
      .where('evidence_id', 'in', [...byEvidence.keys()])
      .orderBy('position')
      .execute();
    for (const l of links) byEvidence.get(l.evidence_id)?.push(l.competency_uri);
  }
  return rows.map((row) => toEvidence(row, byEvidence.get(row.id) ?? []));
}

async function evidenceOf(deps: AppDeps, learnerId: string): Promise<EvidenceItem[]> {
  const rows = await deps.db.kysely
    .selectFrom('learner_evidence')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return withCompetencies(deps, rows);
}

export async function listEvidence(deps: AppDeps, principal: Principal, learnerId: string) {
  await assertReadable(deps, principal, learnerId, 'evidence');
  return { items: await evidenceOf(deps, learnerId) };
}

/**
 * Adds an evidence item: the learner, or an opleider of an institution granted `evidence`. Only such an
 * opleider may add it as verified.
 */
export async function addEvidence(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  input: z.infer<typeof EvidenceCreate>,
): Promise<EvidenceItem> {
  const learner = await loadLearner(deps, learnerId);
  const access = await accessOf(deps, principal, learner, 'evidence');
  const byOpleider = access === 'grantee' && principal.role === 'opleider';
  if (access !== 'self' && !byOpleider)
    throw problems.forbidden(
      `Only learner '${learnerId}' or an opleider of an institution they granted may add evidence.`,
    );
  if (input.verified && !byOpleider)
    throw new ProblemError(403, 'Forbidden', 'Only an opleider of a granted institution verifies evidence.', [
      { path: 'body.verified', message: 'only an opleider of a granted institution may set this' },
    ]);
  if (input.issuedOn > today(deps)) throw problems.invalid('body.issuedOn', 'lies in the future');
  await assertCompetenciesExist(deps, input.competencies, (i) => `body.competencies[${i}]`);

  const now = deps.now().toISOString();
  const row: EvidenceRow = {
    id: deps.newId(),
    learner_id: learnerId,
    kind: input.kind,
    title: input.title,
    issuer: input.issuer,
    issued_on: input.issuedOn,
    level: input.level ?? null,
    description: input.description ?? null,
    document: input.document === undefined ? null : JSON.stringify(input.document),
    verified: input.verified ? 1 : 0,
    verified_by: input.verified ? (principal.institution ?? null) : null,
    verified_at: input.verified ? now : null,
    added_by: addedByOf(principal),
    created_at: now,
    updated_at: now,
  };
  const db = deps.db.kysely;
  await deps.db.atomically([
    db.insertInto('learner_evidence').values(row),
    ...(input.competencies.length === 0
      ? []
      : [
          db.insertInto('learner_evidence_competency').values(
            input.competencies.map((competency_uri, position) => ({
              evidence_id: row.id,
              competency_uri,
              position,
            })),
          ),
        ]),
    audit(deps, principal, 'evidence.added', learnerId, {
      evidenceId: row.id,
      kind: row.kind,
      verified: input.verified,
    }),
  ]);
  return toEvidence(row, input.competencies);
}

/** An opleider of an institution granted `evidence` marks an item verified, naming their institution. */
export async function verifyEvidence(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  evidenceId: string,
): Promise<EvidenceItem> {
  const learner = await loadLearner(deps, learnerId);
  const access = await accessOf(deps, principal, learner, 'evidence');
  if (access !== 'grantee' || principal.role !== 'opleider' || principal.institution === undefined)
    throw problems.forbidden('Only an opleider of an institution the learner granted verifies evidence.');
  const row = await deps.db.kysely
    .selectFrom('learner_evidence')
    .selectAll()
    .where('id', '=', evidenceId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw problems.notFound('evidence item', evidenceId);
  if (row.verified === 1) throw problems.conflict(`Evidence item '${evidenceId}' is already verified.`);
  const now = deps.now().toISOString();
  const next: EvidenceRow = {
    ...row,
    verified: 1,
    verified_by: principal.institution,
    verified_at: now,
    updated_at: now,
  };
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('learner_evidence')
      .set({ verified: 1, verified_by: next.verified_by, verified_at: now, updated_at: now })
      .where('id', '=', evidenceId)
      .where('verified', '=', 0),
    audit(deps, principal, 'evidence.verified', learnerId, { evidenceId }),
  ]);
  const [item] = await withCompetencies(deps, [next]);
  return item as EvidenceItem;
}

// ---------------------------------------------------------------------------------------------
// Grants

function toGrant(row: GrantRow, day: string): Grant {
  return {
    id: row.id,
    learnerId: row.learner_id,
    grantee: { kind: row.grantee_kind, id: row.grantee_id },
    scope: JSON.parse(row.scope) as GrantScope[],
    ...(row.purpose === null ? {} : { purpose: row.purpose }),
    ...(row.until === null ? {} : { until: row.until }),
    status: grantStatus(row, day),
    createdAt: row.created_at,
    ...(row.withdrawn_at === null ? {} : { withdrawnAt: row.withdrawn_at }),
  };
}

async function grantsOf(deps: AppDeps, learnerId: string): Promise<Grant[]> {
  const rows = await deps.db.kysely
    .selectFrom('learner_grant')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const day = today(deps);
  return rows.map((r) => toGrant(r, day));
}

export async function listGrants(deps: AppDeps, principal: Principal, learnerId: string) {
  await assertSelf(deps, principal, learnerId);
  return { items: await grantsOf(deps, learnerId) };
}

/** The learner lets an institution or employer read their profile and/or evidence. */
export async function createGrant(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  input: z.infer<typeof GrantCreate>,
): Promise<Grant> {
  await assertSelf(deps, principal, learnerId);
  const { kind, id } = input.grantee;
  const grantee = await deps.db.kysely
    .selectFrom(kind === 'institution' ? 'institution' : 'employer')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!grantee) throw problems.invalid('body.grantee.id', `there is no ${kind} '${id}'`);
  const day = today(deps);
  if (input.until !== undefined && input.until < day)
    throw problems.invalid('body.until', 'lies in the past');
  const row: GrantRow = {
    id: deps.newId(),
    learner_id: learnerId,
    grantee_kind: kind,
    grantee_id: id,
    scope: JSON.stringify(input.scope),
    purpose: input.purpose ?? null,
    until: input.until ?? null,
    created_at: deps.now().toISOString(),
    withdrawn_at: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('learner_grant').values(row),
    audit(deps, principal, 'grant.created', learnerId, {
      grantId: row.id,
      grantee: input.grantee,
      scope: input.scope,
      ...(input.until === undefined ? {} : { until: input.until }),
    }),
  ]);
  return toGrant(row, day);
}

/** The learner withdraws a grant; from then on it gives no access. The grant itself is kept. */
export async function withdrawGrant(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
  grantId: string,
): Promise<Grant> {
  await assertSelf(deps, principal, learnerId);
  const row = await deps.db.kysely
    .selectFrom('learner_grant')
    .selectAll()
    .where('id', '=', grantId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();
  if (!row) throw problems.notFound('grant', grantId);
  if (row.withdrawn_at !== null) throw problems.conflict(`Grant '${grantId}' is already withdrawn.`);
  const now = deps.now().toISOString();
  await deps.db.atomically([
    deps.db.kysely
      .updateTable('learner_grant')
      .set({ withdrawn_at: now })
      .where('id', '=', grantId)
      .where('withdrawn_at', 'is', null),
    audit(deps, principal, 'grant.withdrawn', learnerId, { grantId }),
  ]);
  return toGrant({ ...row, withdrawn_at: now }, today(deps));
}

// ---------------------------------------------------------------------------------------------
// Eigen regie: export and erasure

/** Everything Loopbrug holds on the learner, for the learner, as one document. */
export async function exportLearner(
  deps: AppDeps,
  principal: Principal,
  learnerId: string,
): Promise<LearnerExport> {
  const learner = await assertSelf(deps, principal, learnerId);
  const [profile, evidence, grants, events] = await Promise.all([
    profileRow(deps, learnerId),
    evidenceOf(deps, learnerId),
    grantsOf(deps, learnerId),
    deps.db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_type', '=', 'learner')
      .where('resource_id', '=', learnerId)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    exportedAt: deps.now().toISOString(),
    learner: toLearner(learner),
    profile: profile ? toProfile(profile) : null,
    evidence,
    grants,
    auditEvents: events.map((e) => ({
      at: e.at,
      actor: e.actor,
      action: e.action,
      ...(e.detail === null ? {} : { detail: JSON.parse(e.detail) as unknown }),
    })),
  };
}

/**
 * The learner erases themselves: profile, evidence, grants and personal fields go in one atomic batch.
 * The learner row stays as a tombstone without personal data, so audit events and records that point
 * at the id stay valid; the audit event names the actor by the learner id, not by their token subject.
 */
export async function eraseLearner(deps: AppDeps, principal: Principal, learnerId: string): Promise<void> {
  await assertSelf(deps, principal, learnerId);
  const now = deps.now().toISOString();
  const db = deps.db.kysely;
  await deps.db.atomically([
    db
      .deleteFrom('learner_evidence_competency')
      .where('evidence_id', 'in', (eb) =>
        eb.selectFrom('learner_evidence').select('id').where('learner_id', '=', learnerId),
      ),
    db.deleteFrom('learner_evidence').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_profile').where('learner_id', '=', learnerId),
    db.deleteFrom('learner_grant').where('learner_id', '=', learnerId),
    db
      .updateTable('learner')
      .set({ subject: null, name: null, email: null, status: 'erased', erased_at: now, updated_at: now })
      .where('id', '=', learnerId),
    audit(deps, { role: 'learner', sub: learnerId }, 'erased', learnerId),
  ]);
}

// ---------------------------------------------------------------------------------------------
// For the route planner (no principal: the caller authorizes)

/**
 * The facts admission is checked on: the levels of the learner's diplomas, and the profile's
 * werk- en denkniveau when evidence supports it. 404 for an unknown learner.
 * @example await admissionFacts(deps, id) // { diplomaLevels: ['mbo-2'], testedLevel: { level: 'mbo-4', evidence } }
 */
export async function admissionFacts(deps: AppDeps, learnerId: string): Promise<AdmissionFacts> {
  await loadLearner(deps, learnerId);
  const [profile, diplomas] = await Promise.all([
    profileRow(deps, learnerId),
    deps.db.kysely
      .selectFrom('learner_evidence')
      .select('level')
      .where('learner_id', '=', learnerId)
      .where('kind', '=', 'diploma')
      .where('level', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const tested = profile ? profileContent(profile).werkEnDenkniveau : undefined;
  return {
    diplomaLevels: diplomas.map((d) => d.level as EducationLevel),
    ...(tested !== undefined && tested.evidence.length > 0
      ? { testedLevel: { level: tested.level, evidence: tested.evidence } }
      : {}),
  };
}

/**
 * The competencies the learner holds through VERIFIED evidence items, each naming its evidence.
 * 404 for an unknown learner.
 */
export async function heldCompetencies(deps: AppDeps, learnerId: string): Promise<HeldCompetency[]> {
  await loadLearner(deps, learnerId);
  const rows = await deps.db.kysely
    .selectFrom('learner_evidence')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .where('verified', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return toHeldCompetencies(await withCompetencies(deps, rows));
}

/** The accommodations of the learner's profile (none without a profile). 404 for an unknown learner. */
export async function accommodationsOf(deps: AppDeps, learnerId: string): Promise<string[]> {
  await loadLearner(deps, learnerId);
  const profile = await profileRow(deps, learnerId);
  return profile ? profileContent(profile).accommodations : [];
}
