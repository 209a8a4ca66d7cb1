import { loadInstitutionFacts } from '../catalog/index.js';
import { type AuditEntry, auditTrailPage } from '../kernel/audit.js';
import type { Page, PageRequest } from '../kernel/pages.js';
import type { DbDeps } from '../kernel/ports.js';

/** The tables of what an instelling owns, by the resource type its audit events name. */
const OWNED = {
  recognition: 'recognition',
  route: 'route',
  credential: 'credential',
  module: 'module',
  qualification: 'qualification',
  learning_outcome: 'learning_outcome',
  presentation_request: 'presentation_request',
} as const;

/**
 * An instelling's own audit trail, oldest first: what happened to the instelling itself (its record,
 * its issuer keys) and to what it owns: its recognitions of issuers, the routes planned through it
 * (admission overrides, exemptions granted and dropped), the credentials it issued and their status,
 * its catalog, and the presentations learners made to it. Nothing of another instelling, and no
 * learner's own data. A 404 for an unknown instelling.
 * @example (await institutionAuditTrail(deps, 'roc-rivor', { limit: 50 })).items.map((e) => e.action)
 */
export async function institutionAuditTrail(
  deps: DbDeps,
  institutionId: string,
  page: PageRequest,
): Promise<Page<AuditEntry>> {
  await loadInstitutionFacts(deps, institutionId);
  return auditTrailPage(
    deps,
    (eb) =>
      eb.or([
        eb.and([eb('resource_type', '=', 'institution'), eb('resource_id', '=', institutionId)]),
        ...Object.entries(OWNED).map(([type, table]) =>
          eb.and([
            eb('resource_type', '=', type),
            eb(
              'resource_id',
              'in',
              eb.selectFrom(table).select(`${table}.id`).where(`${table}.institution_id`, '=', institutionId),
            ),
          ]),
        ),
      ]),
    page,
  );
}
