import type { PinnedDidDocument, Recognition } from '../../schemas/stacking.js';
import type { AppDeps } from '../app/app-env.js';
import type { Principal } from '../auth/principal.js';
import { assertInstitutionExists } from '../catalog/institutions/store.js';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from '../credentials/contexts.js';
import { institutionOfDid, issuerDid } from '../credentials/did-web.js';
import type { DidDocument } from '../credentials/issuer-keys.js';
import type { Schema } from '../db/schema.js';
import { auditEvent } from '../http/audit.js';
import { problems } from '../http/problem.js';

type Row = Schema['recognition'];
type FieldError = { path: string; message: string };

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
  ...(row.did_document === null ? {} : { didDocument: JSON.parse(row.did_document) as DidDocument }),
  createdAt: row.created_at,
});

/** Only an opleider of the instelling itself decides whom it trusts. */
function assertOwnOpleider(principal: Principal, institutionId: string): void {
  if (principal.role !== 'opleider' || principal.institution !== institutionId)
    throw problems.forbidden(`Only an opleider of '${institutionId}' decides whom it recognises.`);
}

/**
 * Why no DID document is pinned for an issuer (an instelling here, a did:key, another method), or
 * undefined for a did:web outside this service: we never fetch a DID, so its document must be pinned.
 */
function unpinnedBecause(slug: string | undefined, did: string): string | undefined {
  if (slug !== undefined) return `the DID document of instelling '${slug}' is served by this service`;
  if (did.startsWith('did:key:')) return 'a did:key is resolved from the key it names';
  if (!did.startsWith('did:web:')) return 'only a did:web is resolved from a pinned DID document';
  return undefined;
}

/**
 * The pinned form of an external did:web's document, after the checks its schema cannot make: the
 * document is the DID's, and so is every key (id and controller), and assertionMethod names its keys.
 * Only what verification uses is kept, under the DID and Multikey contexts (the proof library reads a
 * DID document as such only when its first context is the DID one). A 422 names each field at `at`.
 */
function pinnable(did: string, input: PinnedDidDocument, at: string): DidDocument {
  const errors: FieldError[] = [];
  if (input.id !== did) errors.push({ path: `${at}.id`, message: `must be the recognised DID ${did}` });
  const keys = new Set<string>();
  input.verificationMethod.forEach((vm, i) => {
    const path = `${at}.verificationMethod[${i}]`;
    if (!vm.id.startsWith(`${did}#`) || vm.id === `${did}#`)
      errors.push({ path: `${path}.id`, message: `must be a key of ${did}: ${did}#…` });
    else if (keys.has(vm.id)) errors.push({ path: `${path}.id`, message: `${vm.id} is listed twice` });
    keys.add(vm.id);
    if (vm.controller !== did) errors.push({ path: `${path}.controller`, message: `must be ${did}` });
  });
  const asserted = new Set<string>();
  input.assertionMethod.forEach((ref, i) => {
    const path = `${at}.assertionMethod[${i}]`;
    if (!keys.has(ref))
      errors.push({ path, message: `${ref} is not the id of a verificationMethod of this document` });
    else if (asserted.has(ref)) errors.push({ path, message: `${ref} is listed twice` });
    asserted.add(ref);
  });
  if (errors.length > 0) throw problems.invalidFields(errors);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: input.verificationMethod.map(({ id, controller, publicKeyMultibase }) => ({
      id,
      type: 'Multikey',
      controller,
      publicKeyMultibase,
    })),
    assertionMethod: [...input.assertionMethod],
  };
}

const assertionKeys = (document: string | null) =>
  document === null ? null : (JSON.parse(document) as DidDocument).assertionMethod;

/**
 * Records that `institutionId` trusts an issuer: an instelling here (slug, or its did:web) or any
 * other DID. Its own issuer needs no row (it is always trusted) and is refused; a repeat is a 409.
 * A did:web outside this service comes with its DID document, validated and pinned with the
 * recognition (we never fetch a DID); any other issuer comes without one.
 * @example await addRecognition(deps, opleider('han'), 'han', { issuer: 'ncoi' })
 */
export async function addRecognition(
  deps: AppDeps,
  principal: Principal,
  institutionId: string,
  request: { issuer: string; didDocument?: PinnedDidDocument | undefined },
): Promise<Recognition> {
  const { issuer } = request;
  await assertInstitutionExists(deps, institutionId, 'path.id');
  assertOwnOpleider(principal, institutionId);
  const slug = issuer.startsWith('did:') ? institutionOfDid(deps.config.publicUrl, issuer) : issuer;
  // A did:web on this service's host is one we publish, never one to pin a document for.
  const ours = issuerDid(deps.config.publicUrl, '').replace(/:institutions:$/, '');
  if (slug === undefined && (issuer === ours || issuer.startsWith(`${ours}:`)))
    throw problems.invalid('body.issuer', 'a did:web of this service that names no instelling');
  if (slug !== undefined) await assertInstitutionExists(deps, slug, 'body.issuer');
  if (slug === institutionId)
    throw problems.invalid('body.issuer', 'an instelling always trusts itself; no recognition is needed');
  const unpinned = unpinnedBecause(slug, issuer);
  if (unpinned !== undefined && request.didDocument !== undefined)
    throw problems.invalid('body.didDocument', `${unpinned}; send none`);
  if (unpinned === undefined && request.didDocument === undefined)
    throw problems.invalid(
      'body.didDocument',
      `required for ${issuer}: this service never fetches a DID, so the DID document of a did:web ` +
        'outside it is pinned with the recognition (and replaced when the issuer rotates its keys)',
    );
  const document = request.didDocument && pinnable(issuer, request.didDocument, 'body.didDocument');
  const row: Row = {
    id: deps.newId(),
    institution_id: institutionId,
    issuer_institution_id: slug ?? null,
    issuer_did: slug === undefined ? issuer : null,
    did_document: document ? JSON.stringify(document) : null,
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
  if (existing)
    throw problems.conflict(
      `'${institutionId}' already recognises ${issuer} (recognition '${existing.id}').` +
        (unpinned === undefined
          ? ` To replace its pinned DID document: PUT /institutions/${institutionId}/recognitions/${existing.id}/did-document.`
          : ''),
    );
  await deps.db.atomically([
    db.insertInto('recognition').values(row),
    auditEvent(deps, principal, 'recognition.added', 'recognition', row.id, {
      institutionId,
      issuer,
      ...(document ? { assertionMethod: document.assertionMethod } : {}),
    }),
  ]);
  return toRecognition(deps, row);
}

/**
 * Replaces the DID document pinned with a recognition of a did:web outside this service, as when the
 * issuer rotates its keys (keep an old key in the document for the credentials it signed to keep
 * verifying). By an opleider of the instelling; audited with the assertion keys before and after.
 * @example await pinDidDocument(deps, opleider('han'), 'han', recognitionId, rotatedDocument)
 */
export async function pinDidDocument(
  deps: AppDeps,
  principal: Principal,
  institutionId: string,
  recognitionId: string,
  input: PinnedDidDocument,
): Promise<Recognition> {
  await assertInstitutionExists(deps, institutionId, 'path.id');
  assertOwnOpleider(principal, institutionId);
  const db = deps.db.kysely;
  const row = await db
    .selectFrom('recognition')
    .selectAll()
    .where('id', '=', recognitionId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw problems.notFound('recognition', recognitionId);
  const issuer = row.issuer_did ?? issuerDid(deps.config.publicUrl, row.issuer_institution_id ?? '');
  const unpinned = unpinnedBecause(row.issuer_institution_id ?? undefined, issuer);
  if (unpinned !== undefined)
    throw problems.invalid('path.recognitionId', `it recognises ${issuer}: ${unpinned}; nothing is pinned`);
  const document = JSON.stringify(pinnable(issuer, input, 'body'));
  await deps.db.atomically([
    db.updateTable('recognition').set({ did_document: document }).where('id', '=', row.id),
    auditEvent(deps, principal, 'recognition.did-document-pinned', 'recognition', row.id, {
      institutionId,
      issuer,
      before: assertionKeys(row.did_document),
      after: assertionKeys(document),
    }),
  ]);
  return toRecognition(deps, { ...row, did_document: document });
}

/** Whom an instelling trusts: itself, and what it recognised. */
export async function listRecognitions(deps: AppDeps, institutionId: string) {
  await assertInstitutionExists(deps, institutionId, 'path.id');
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
  // An external did:web recognised before documents were pinned (migration 0010) has none: trusting
  // it would accept whatever keys another instelling pinned for that DID. It counts once pinned here.
  const trusted = items.filter(
    (r) => r.didDocument !== undefined || unpinnedBecause(r.issuer.institutionId, r.issuer.did) !== undefined,
  );
  return new Set([self.did, ...trusted.map((r) => r.issuer.did)]);
}
