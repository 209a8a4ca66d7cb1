import type { z } from '@hono/zod-openapi';
import type { ExportedCredential, ExportedRoute } from '../../schemas/learners.js';
import type { DbDeps } from '../kernel/ports.js';

const parsed = (json: string): unknown => {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
};

/**
 * The learner's routes for their export (AVG art. 15 and 20): every version with its inputs, plan,
 * change and approvals, and every sign-off, read as stored. A read-only projection of the route and
 * sign-off tables: those features import this one, so it reads their rows rather than their modules.
 * @example (await routesOfLearner(deps, learnerId))[0].versions[0].approvals // [{ party: 'opleider', … }]
 */
export async function routesOfLearner(
  deps: DbDeps,
  learnerId: string,
): Promise<z.infer<typeof ExportedRoute>[]> {
  const db = deps.db.kysely;
  const routes = await db
    .selectFrom('route')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('created_at')
    .execute();
  const ids = routes.length > 0 ? routes.map((r) => r.id) : [''];
  const [versions, approvals, signoffs] = await Promise.all([
    db.selectFrom('route_version').selectAll().where('route_id', 'in', ids).orderBy('version').execute(),
    db.selectFrom('route_approval').selectAll().where('route_id', 'in', ids).orderBy('approved_at').execute(),
    db.selectFrom('signoff').selectAll().where('route_id', 'in', ids).orderBy('recorded_at').execute(),
  ]);
  return routes.map((route) => ({
    id: route.id,
    institutionId: route.institution_id,
    employerId: route.employer_id,
    roleId: route.role_id,
    qualificationId: route.qualification_id,
    status: route.status,
    createdAt: route.created_at,
    versions: versions
      .filter((v) => v.route_id === route.id)
      .map((v) => ({
        version: v.version,
        inputs: parsed(v.inputs),
        outcome: parsed(v.outcome),
        change: parsed(v.change),
        createdAt: v.created_at,
        approvals: approvals
          .filter((a) => a.route_id === route.id && a.version === v.version)
          .map((a) => ({ party: a.party, approvedBy: a.approved_by, approvedAt: a.approved_at })),
      })),
    signoffs: signoffs
      .filter((s) => s.route_id === route.id)
      .map((s) => ({
        id: s.id,
        outcomeId: s.outcome_id,
        moduleId: s.module_id,
        moduleVersion: s.module_version,
        assessorId: s.assessor_id,
        result: s.result,
        date: s.date,
        evidence: parsed(s.evidence),
        accommodations: parsed(s.accommodations),
        supersedes: s.supersedes,
        reason: s.reason,
        recordedAt: s.recorded_at,
      })),
  }));
}

/**
 * The credentials issued to the learner, for their export: each stored document with its status.
 * @example (await credentialsOfLearner(deps, learnerId)).map((c) => c.id) // ['urn:uuid:…']
 */
export async function credentialsOfLearner(
  deps: DbDeps,
  learnerId: string,
): Promise<z.infer<typeof ExportedCredential>[]> {
  const rows = await deps.db.kysely
    .selectFrom('credential')
    .selectAll()
    .where('learner_id', '=', learnerId)
    .orderBy('issued_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    institutionId: row.institution_id,
    routeId: row.route_id,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    suspendedAt: row.suspended_at,
    document: parsed(row.document),
  }));
}
