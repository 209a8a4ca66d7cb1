import type { PinnedDidDocument, Recognition, WithdrawnRecognition } from '../../schemas/stacking.js';
import { assertInstitutionExists, loadInstitutionFacts } from '../catalog/index.js';
import { DID_V1_CONTEXT, type DidDocument, MULTIKEY_V1_CONTEXT } from '../credentials/index.js';
import type { Schema } from '../db/schema.js';
import { type Actor, actorLabel, auditEvent } from '../kernel/audit.js';
import { type FieldError, fail, refuseFields } from '../kernel/errors.js';
import type { Deps, WriteDeps } from '../kernel/ports.js';

type Row = Schema['recognition'];

const toRecognition = (deps: Pick<Deps, 'urls'>, row: Row): Recognition => ({
  id: row.id,
  institutionId: row.institution_id,
  issuer:
    row.issuer_institution_id === null
      ? { did: row.issuer_did ?? '' }
      : {
          institutionId: row.issuer_institution_id,
          did: deps.urls.issuerDid(row.issuer_institution_id),
        },
  ...(row.did_document === null ? {} : { didDocument: JSON.parse(row.did_document) as DidDocument }),
  createdAt: row.created_at,
});

/**
 * Why no DID document can be pinned for an issuer (an instelling here, a did:key, another method), or
 * undefined for a did:web outside this service, whose document an instelling may pin.
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
 * DID document as such only when its first context is the DID one). Invalid fields are named under
 * `at` (the field the document came in; '' when it is the whole request).
 */
function pinnable(did: string, input: PinnedDidDocument, at: string): DidDocument {
  const within = (field: string) => (at === '' ? field : `${at}.${field}`);
  const errors: FieldError[] = [];
  if (input.id !== did) errors.push({ field: within('id'), message: `must be the recognised DID ${did}` });
  const keys = new Set<string>();
  input.verificationMethod.forEach((vm, i) => {
    const field = within(`verificationMethod[${i}]`);
    if (!vm.id.startsWith(`${did}#`) || vm.id === `${did}#`)
      errors.push({ field: `${field}.id`, message: `must be a key of ${did}: ${did}#…` });
    else if (keys.has(vm.id)) errors.push({ field: `${field}.id`, message: `${vm.id} is listed twice` });
    keys.add(vm.id);
    if (vm.controller !== did) errors.push({ field: `${field}.controller`, message: `must be ${did}` });
  });
  const asserted = new Set<string>();
  input.assertionMethod.forEach((ref, i) => {
    const field = within(`assertionMethod[${i}]`);
    if (!keys.has(ref))
      errors.push({ field, message: `${ref} is not the id of a verificationMethod of this document` });
    else if (asserted.has(ref)) errors.push({ field, message: `${ref} is listed twice` });
    asserted.add(ref);
  });
  refuseFields(errors);
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

/** One of an instelling's recognitions; not found for another instelling's. */
async function recognitionOf(deps: Pick<Deps, 'db'>, institutionId: string, recognitionId: string) {
  const row = await deps.db.kysely
    .selectFrom('recognition')
    .selectAll()
    .where('id', '=', recognitionId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst();
  if (!row) throw fail.notFound('recognition', recognitionId);
  return row;
}

const assertionKeys = (document: string | null) =>
  document === null ? null : (JSON.parse(document) as DidDocument).assertionMethod;

/**
 * Records that `institutionId` trusts an issuer: an instelling here (slug, or its did:web) or any
 * other DID. Its own issuer needs no row (it is always trusted) and is refused; a repeat is a conflict.
 * A did:web outside this service is resolved over HTTPS from its host; its DID document may also be
 * pinned with the recognition (validated), and is then what verifies its credentials for this
 * instelling, and for no one else (src/verification). Any other issuer comes without one. Who may is
 * declared on the operation (an opleider of the instelling); audited.
 * @example await addRecognition(deps, opleider('han'), 'han', { issuer: 'ncoi' })
 */
export async function addRecognition(
  deps: WriteDeps & Pick<Deps, 'urls'>,
  actor: Actor,
  institutionId: string,
  request: { issuer: string; didDocument?: PinnedDidDocument | undefined },
): Promise<Recognition> {
  const { issuer } = request;
  const slug = issuer.startsWith('did:') ? deps.urls.institutionOfDid(issuer) : issuer;
  // A did:web on this service's host is one we publish, never one to pin a document for.
  const ours = deps.urls.issuerDid('').replace(/:institutions:$/, '');
  if (slug === undefined && (issuer === ours || issuer.startsWith(`${ours}:`)))
    throw fail.invalid('issuer', 'a did:web of this service that names no instelling');
  if (slug !== undefined) await assertInstitutionExists(deps, slug, 'issuer');
  if (slug === institutionId)
    throw fail.invalid('issuer', 'an instelling always trusts itself; no recognition is needed');
  const unpinned = unpinnedBecause(slug, issuer);
  if (unpinned !== undefined && request.didDocument !== undefined)
    throw fail.invalid('didDocument', `${unpinned}; send none`);
  const document = request.didDocument && pinnable(issuer, request.didDocument, 'didDocument');
  const row: Row = {
    id: deps.newId(),
    institution_id: institutionId,
    issuer_institution_id: slug ?? null,
    issuer_did: slug === undefined ? issuer : null,
    did_document: document ? JSON.stringify(document) : null,
    created_at: deps.now().toISOString(),
    created_by: actorLabel(actor),
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
    throw fail.conflict(
      `'${institutionId}' already recognises ${issuer} (recognition '${existing.id}').` +
        (unpinned === undefined
          ? ` To pin or replace its DID document: PUT /institutions/${institutionId}/recognitions/${existing.id}/did-document.`
          : ''),
    );
  await deps.db.atomically([
    db.insertInto('recognition').values(row),
    auditEvent(deps, actor, 'recognition.added', 'recognition', row.id, {
      institutionId,
      issuer,
      ...(document ? { assertionMethod: document.assertionMethod } : {}),
    }),
  ]);
  return toRecognition(deps, row);
}

/**
 * Pins (or replaces) the DID document of a recognised did:web outside this service: from then on it,
 * not what the host publishes, verifies that issuer's credentials for this instelling only (keep an
 * old key in it for the credentials it signed to keep verifying). Audited with the assertion keys
 * before and after; who may is declared on the operation.
 * @example await pinDidDocument(deps, opleider('han'), 'han', recognitionId, rotatedDocument)
 */
export async function pinDidDocument(
  deps: WriteDeps & Pick<Deps, 'urls'>,
  actor: Actor,
  institutionId: string,
  recognitionId: string,
  input: PinnedDidDocument,
): Promise<Recognition> {
  const db = deps.db.kysely;
  const row = await recognitionOf(deps, institutionId, recognitionId);
  const issuer = row.issuer_did ?? deps.urls.issuerDid(row.issuer_institution_id ?? '');
  const unpinned = unpinnedBecause(row.issuer_institution_id ?? undefined, issuer);
  if (unpinned !== undefined)
    throw fail.invalid('recognitionId', `it recognises ${issuer}: ${unpinned}; nothing is pinned`);
  const document = JSON.stringify(pinnable(issuer, input, ''));
  await deps.db.atomically([
    db.updateTable('recognition').set({ did_document: document }).where('id', '=', row.id),
    auditEvent(deps, actor, 'recognition.did-document-pinned', 'recognition', row.id, {
      institutionId,
      issuer,
      before: assertionKeys(row.did_document),
      after: assertionKeys(document),
    }),
  ]);
  return toRecognition(deps, { ...row, did_document: document });
}

/**
 * Withdraws a recognition: from now on the issuer's credentials are not trusted for this instelling
 * (stacking, exemptions, `relyingParty` verification), and a pinned DID document goes with it. What was
 * verified and accepted before stays as it was: that was true when it was decided. Only this
 * instelling's trust changes; who may is declared on the operation. Audited with what it recognised.
 * The answer is the recognition withdrawn: as it was, with when it was withdrawn (the row itself goes,
 * so the list no longer names it).
 * @example await withdrawRecognition(deps, opleider('han'), 'han', recognitionId) // { id, issuer, …, withdrawnAt }
 */
export async function withdrawRecognition(
  deps: WriteDeps & Pick<Deps, 'urls'>,
  actor: Actor,
  institutionId: string,
  recognitionId: string,
): Promise<WithdrawnRecognition> {
  const db = deps.db.kysely;
  const row = await recognitionOf(deps, institutionId, recognitionId);
  const recognition = { ...toRecognition(deps, row), withdrawnAt: deps.now().toISOString() };
  await deps.db.atomically([
    db.deleteFrom('recognition').where('id', '=', row.id),
    auditEvent(deps, actor, 'recognition.withdrawn', 'recognition', row.id, {
      institutionId,
      issuer: recognition.issuer.did,
      ...(row.did_document === null ? {} : { assertionMethod: assertionKeys(row.did_document) }),
    }),
  ]);
  return recognition;
}

/**
 * Whom an instelling trusts: itself, and what it recognised. Not found for an unknown instelling.
 * @example (await listRecognitions(deps, 'han')).self.did // 'did:web:localhost%3A8787:institutions:han'
 */
export async function listRecognitions(deps: Pick<Deps, 'db' | 'urls'>, institutionId: string) {
  await loadInstitutionFacts(deps, institutionId);
  const rows = await deps.db.kysely
    .selectFrom('recognition')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    self: { institutionId, did: deps.urls.issuerDid(institutionId) },
    items: rows.map((row) => toRecognition(deps, row)),
  };
}
