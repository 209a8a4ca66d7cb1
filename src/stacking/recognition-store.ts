import type { Recognition } from '../../schemas/stacking.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { institutionOfDid, issuerDid } from '../credentials/did-web.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { problems } from '../http/problem.js';

type Row = Schema['recognition'];

const toRecognition = (deps: AppDeps, row: Row): Recognition => ({
  id: row.id,
  institutionId: row.institution_id,
  issuer:
    row.issuer_institution_id === null
      ? { did: row.issuer_did ?? '' }
      : {
          institutionId: row.issuer_institution_id,
          did: issuerDid(deps.config.publicUrl, row.issuer_institution_id),
        },
  createdAt: row.created_at,
});

async function assertInstitution(deps: AppDeps, id: string, path: string): Promise<void> {
  const row = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw problems.invalid(path, `there is no institution '${id}'`);
}

/** Only an opleider of the instelling itself decides whom it trusts. */
function assertOwnOpleider(principal: Principal, institutionId: string): void {
  if (principal.role !== 'opleider' || principal.institution !== institutionId)
    throw problems.forbidden(`Only an opleider of '${institutionId}' decides whom it recognises.`);
}

/**
 * Records that `institutionId` trusts an issuer: an instelling here (slug, or its did:web) or any
 * other DID. Its own issuer needs no row (it is always trusted) and is refused; a repeat is a 409.
 * @example await addRecognition(deps, opleider('han'), 'han', 'ncoi')
 */
export async function addRecognition(
  deps: AppDeps,
  principal: Principal,
  institutionId: string,
  issuer: string,
): Promise<Recognition> {
  await assertInstitution(deps, institutionId, 'path.id');
  assertOwnOpleider(principal, institutionId);
  const slug = issuer.startsWith('did:') ? institutionOfDid(deps.config.publicUrl, issuer) : issuer;
  if (slug !== undefined) await assertInstitution(deps, slug, 'body.issuer');
  if (slug === institutionId)
    throw problems.invalid('body.issuer', 'an instelling always trusts itself; no recognition is needed');
  const row: Row = {
    id: deps.newId(),
    institution_id: institutionId,
    issuer_institution_id: slug ?? null,
    issuer_did: slug === undefined ? issuer : null,
    created_at: deps.now().toISOString(),
    created_by: `${principal.role}:${principal.sub}`,
  };
  const db = deps.db.kysely;
  const existing = await db
    .selectFrom('recognition')
    .select('id')
    .where('institution_id', '=', institutionId)
    .where((eb) =>
      slug === undefined ? eb('issuer_did', '=', issuer) : eb('issuer_institution_id', '=', slug),
    )
    .executeTakeFirst();
  if (existing) throw problems.conflict(`'${institutionId}' already recognises ${issuer}.`);
  await deps.db.atomically([
    db.insertInto('recognition').values(row),
    auditEvent(deps, principal, 'recognition.added', 'recognition', row.id, { institutionId, issuer }),
  ]);
  return toRecognition(deps, row);
}

/** Whom an instelling trusts: itself, and what it recognised. */
export async function listRecognitions(deps: AppDeps, institutionId: string) {
  await assertInstitution(deps, institutionId, 'path.id');
  const rows = await deps.db.kysely
    .selectFrom('recognition')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    self: { institutionId, did: issuerDid(deps.config.publicUrl, institutionId) },
    items: rows.map((row) => toRecognition(deps, row)),
  };
}

/**
 * The DIDs of every issuer `institutionId` trusts, its own did:web first.
 * @example await trustedIssuers(deps, 'han') // Set { 'did:web:…:han', 'did:web:…:ncoi' }
 */
export async function trustedIssuers(deps: AppDeps, institutionId: string): Promise<Set<string>> {
  const { self, items } = await listRecognitions(deps, institutionId);
  return new Set([self.did, ...items.map((r) => r.issuer.did)]);
}
