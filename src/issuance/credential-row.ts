import type { Schema } from '../db/schema.js';

/**
 * The row that stores an issued credential. Only what a caller knows is given; a new credential is
 * never revoked or suspended.
 * @example db.insertInto('credential').values(credentialRow({ id, institutionId: 'han', document: signed, issuedAt }))
 */
export function credentialRow(fields: {
  id: string;
  institutionId: string;
  document: object;
  issuedAt: string;
  learnerId?: string | undefined;
  routeId?: string | undefined;
  moduleId?: string | undefined;
  statusEntry?: { listId: string; index: number };
}): Schema['credential'] {
  return {
    id: fields.id,
    institution_id: fields.institutionId,
    learner_id: fields.learnerId ?? null,
    route_id: fields.routeId ?? null,
    module_id: fields.moduleId ?? null,
    document: JSON.stringify(fields.document),
    issued_at: fields.issuedAt,
    status_list_id: fields.statusEntry?.listId ?? null,
    status_list_index: fields.statusEntry?.index ?? null,
    revoked_at: null,
    suspended_at: null,
  };
}
