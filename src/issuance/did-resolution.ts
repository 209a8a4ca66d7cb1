import {
  agreedDidDocument,
  buildDidDocument,
  createDocumentLoader,
  type DidDocument,
  type DidResolver,
  type DocumentLoader,
  type IssuerKeys,
  type PinnedDid,
  pinnedKeyMissing,
} from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { issuerKeys } from './issuer-keys.js';

type ResolveDeps = Pick<Deps, 'db' | 'urls'>;

/**
 * The DID document of a DID outside this service, as the instellingen that recognise it pinned it
 * (see agreedDidDocument); undefined when none did. The recognitions are written by stacking; they are
 * read here because this is where a DID resolves.
 * @example (await pinnedDid(deps, 'did:web:academie.example'))?.pinnedBy // ['han']
 */
async function pinnedDid(deps: Pick<Deps, 'db'>, did: string): Promise<PinnedDid | undefined> {
  const rows = await deps.db.kysely
    .selectFrom('recognition')
    .select(['institution_id', 'did_document'])
    .where('issuer_did', '=', did)
    .where('did_document', 'is not', null)
    .orderBy('institution_id')
    .execute();
  // Validated and normalised when pinned (src/stacking/recognition-store.ts).
  return agreedDidDocument(
    rows.map((row) => ({
      pinnedBy: row.institution_id,
      document: JSON.parse(row.did_document ?? '{}') as DidDocument,
    })),
  );
}

/**
 * Resolves a did:web the way this deployment can: an instelling of ours from the keys it holds, any
 * other from the documents pinned with its recognitions. DIDs are never fetched.
 * @example const resolved = await didWebResolver(deps)('did:web:localhost%3A8787:institutions:han');
 */
function didWebResolver(deps: ResolveDeps): DidResolver {
  return async (did) => {
    const slug = deps.urls.institutionOfDid(did);
    if (slug) {
      const institution = await deps.db.kysely
        .selectFrom('institution')
        .select('id')
        .where('id', '=', slug)
        .executeTakeFirst();
      if (!institution) return { unavailable: `there is no institution '${slug}'` };
      const keys = await issuerKeys(deps, slug);
      if (keys.length === 0) return { unavailable: `institution '${slug}' has no issuer keys` };
      return {
        document: buildDidDocument(deps.urls.issuerDid(slug), keys),
        missingKey: 'no such key in the DID document',
      };
    }
    const pinned = await pinnedDid(deps, did);
    if (!pinned)
      return {
        unavailable:
          'not a did:web of an institution of this service, and no instelling recognised it with a pinned ' +
          'DID document (DIDs are never fetched at run time)',
      };
    return { document: pinned.document, missingKey: pinnedKeyMissing(pinned) };
  };
}

/**
 * The JSON-LD document loader of this deployment: bundled contexts, ours, and did:web as
 * `didWebResolver` resolves it.
 * @example await signDataIntegrity({ …, documentLoader: documentLoaderOf(deps) })
 */
export const documentLoaderOf = (deps: ResolveDeps): DocumentLoader =>
  createDocumentLoader({ urls: deps.urls, resolveDidWeb: didWebResolver(deps) });

/**
 * The keys an issuer DID has here: every key of an instelling of ours (none for one that does not
 * exist), or what was pinned for a DID outside this service; undefined when neither.
 * @example (await issuerKeysOf(deps, 'did:web:localhost%3A8787:institutions:han'))?.kind // 'service'
 */
export async function issuerKeysOf(deps: ResolveDeps, did: string): Promise<IssuerKeys | undefined> {
  const slug = deps.urls.institutionOfDid(did);
  if (slug) return { kind: 'service', keys: await issuerKeys(deps, slug) };
  const pinned = await pinnedDid(deps, did);
  return pinned && { kind: 'pinned', pinned };
}
