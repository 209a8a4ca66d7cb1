import type { AppDeps } from '../app/app-env.js';
import { BUNDLED_CONTEXTS, loopbrugContext, loopbrugContextUrl, MULTIKEY_V1_CONTEXT } from './contexts.js';
import { institutionOfDid } from './did-web.js';
import { buildDidDocument, type DidDocument, issuerKeys, type VerificationMethod } from './issuer-keys.js';
import { type DocumentLoader, type JsonObject, type RemoteDocument, resolveDidKey } from './vc-library.js';

/** A document the loader refuses: not bundled, not one of our DIDs, not pinned, not a did:key. */
export class DocumentNotAvailable extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

const remote = (url: string, document: JsonObject): RemoteDocument => ({
  contextUrl: null,
  documentUrl: url,
  document,
});

/** A DID resolves to its document; a DID URL (`did#key`) to that verification method, or `missing`. */
function documentOrMethod(url: string, document: DidDocument, missing: string): JsonObject {
  if (!url.includes('#')) return { ...document };
  const method = document.verificationMethod.find((vm) => vm.id === url);
  if (!method) throw new DocumentNotAvailable(url, missing);
  return { '@context': MULTIKEY_V1_CONTEXT, ...method };
}

async function loadOurDid(deps: AppDeps, url: string, slug: string): Promise<JsonObject> {
  const institution = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', slug)
    .executeTakeFirst();
  if (!institution) throw new DocumentNotAvailable(url, `there is no institution '${slug}'`);
  const keys = await issuerKeys(deps, slug);
  if (keys.length === 0) throw new DocumentNotAvailable(url, `institution '${slug}' has no issuer keys`);
  return documentOrMethod(
    url,
    buildDidDocument(deps.config.publicUrl, slug, keys),
    'no such key in the DID document',
  );
}

/** What the instellingen that recognise a DID outside this service pinned as its DID document. */
export interface PinnedDid {
  /** The verification and assertion methods every pinned document lists alike; nothing else. */
  document: DidDocument;
  /** The instellingen whose recognition pins a document, by slug. */
  pinnedBy: string[];
  /** Whether the pinned documents differ, so that a key not listed alike in all of them was dropped. */
  disagree: boolean;
}

const sameMethod = (a: VerificationMethod, b: VerificationMethod) =>
  a.id === b.id && a.publicKeyMultibase === b.publicKeyMultibase;

/**
 * The DID document of a DID outside this service, from the documents pinned with its recognitions (one
 * query). When instellingen pinned different documents, only the keys they all list alike count: taking
 * the newest instead would let any one instelling add a key to an issuer the others trust, and forge its
 * credentials for them. A key one of them has not pinned yet (a rotation half done) fails closed until it
 * has. Undefined when no instelling pinned a document for the DID.
 * @example (await pinnedDidDocument(deps, 'did:web:academie.example'))?.pinnedBy // ['han']
 */
export async function pinnedDidDocument(deps: AppDeps, did: string): Promise<PinnedDid | undefined> {
  const rows = await deps.db.kysely
    .selectFrom('recognition')
    .select(['institution_id', 'did_document'])
    .where('issuer_did', '=', did)
    .where('did_document', 'is not', null)
    .orderBy('institution_id')
    .execute();
  // Validated and normalised when pinned (src/stacking/recognition-store.ts).
  const documents = rows.map((row) => JSON.parse(row.did_document ?? '{}') as DidDocument);
  const [first, ...rest] = documents;
  if (!first) return undefined;
  const verificationMethod = first.verificationMethod.filter((vm) =>
    rest.every((other) => other.verificationMethod.some((o) => sameMethod(vm, o))),
  );
  const agreed = new Set(verificationMethod.map((vm) => vm.id));
  const assertionMethod = first.assertionMethod.filter(
    (id) => agreed.has(id) && rest.every((other) => other.assertionMethod.includes(id)),
  );
  return {
    document: { ...first, verificationMethod, assertionMethod },
    pinnedBy: rows.map((row) => row.institution_id),
    disagree: documents.some(
      (d) =>
        d.verificationMethod.length !== verificationMethod.length ||
        d.assertionMethod.length !== assertionMethod.length,
    ),
  };
}

/**
 * Why a key is not among what the pinned documents agree on, naming who pinned them.
 * @example pinnedKeyMissing(pinned) // 'not listed alike in every pinned DID document (han, kw1c)'
 */
export const pinnedKeyMissing = (pinned: PinnedDid) =>
  pinned.disagree
    ? `not listed alike in every pinned DID document (${pinned.pinnedBy.join(', ')})`
    : `not in the DID document pinned by ${pinned.pinnedBy.join(', ')}`;

async function loadPinnedDid(deps: AppDeps, url: string): Promise<JsonObject> {
  const pinned = await pinnedDidDocument(deps, url.split('#')[0] ?? url);
  if (!pinned)
    throw new DocumentNotAvailable(
      url,
      'not a did:web of an institution of this service, and no instelling recognised it with a pinned ' +
        'DID document (DIDs are never fetched at run time)',
    );
  return documentOrMethod(url, pinned.document, pinnedKeyMissing(pinned));
}

/**
 * The JSON-LD document loader for signing and verifying: bundled contexts (VC v2, OB 3.0.3, Data
 * Integrity, Multikey, ours), the did:web of our own institutions from the database, an external
 * did:web from the DID documents pinned with its recognitions, and did:key computed locally. Anything
 * else throws: nothing is fetched over the network.
 * @example const { document } = await createDocumentLoader(deps)('did:web:localhost%3A8787:institutions:han');
 */
export function createDocumentLoader(deps: AppDeps): DocumentLoader {
  const ownContextUrl = loopbrugContextUrl(deps.config.publicUrl);
  return async (url: string) => {
    const bundled = BUNDLED_CONTEXTS.get(url);
    if (bundled) return remote(url, bundled);
    if (url === ownContextUrl) return remote(url, loopbrugContext(deps.config.publicUrl));
    if (url.startsWith('did:web:')) {
      const slug = institutionOfDid(deps.config.publicUrl, url);
      return remote(url, slug ? await loadOurDid(deps, url, slug) : await loadPinnedDid(deps, url));
    }
    if (url.startsWith('did:key:')) {
      try {
        return remote(url, await resolveDidKey(url));
      } catch (error) {
        throw new DocumentNotAvailable(url, `not a resolvable Ed25519 did:key (${String(error)})`);
      }
    }
    throw new DocumentNotAvailable(url, 'not bundled, and documents are never fetched at run time');
  };
}
