import type { AppDeps } from '../app/app-env.js';
import { BUNDLED_CONTEXTS, loopbrugContext, loopbrugContextUrl, MULTIKEY_V1_CONTEXT } from './contexts.js';
import { institutionOfDid } from './did-web.js';
import { buildDidDocument, issuerKeys } from './issuer-keys.js';
import { type DocumentLoader, type JsonObject, type RemoteDocument, resolveDidKey } from './vc-library.js';

/** A document the loader refuses: not bundled, not one of our DIDs, not a did:key. */
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

async function loadOurDid(deps: AppDeps, url: string, slug: string): Promise<JsonObject> {
  const institution = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', slug)
    .executeTakeFirst();
  if (!institution) throw new DocumentNotAvailable(url, `there is no institution '${slug}'`);
  const keys = await issuerKeys(deps, slug);
  if (keys.length === 0) throw new DocumentNotAvailable(url, `institution '${slug}' has no issuer keys`);
  const document = buildDidDocument(deps.config.publicUrl, slug, keys);
  if (!url.includes('#')) return { ...document };
  const method = document.verificationMethod.find((vm) => vm.id === url);
  if (!method) throw new DocumentNotAvailable(url, 'no such key in the DID document');
  return { '@context': MULTIKEY_V1_CONTEXT, ...method };
}

/**
 * The JSON-LD document loader for signing and verifying: bundled contexts (VC v2, OB 3.0.3, Data
 * Integrity, Multikey, ours), the did:web of our own institutions from the database, and did:key
 * computed locally. Anything else throws: nothing is fetched over the network.
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
      if (!slug) throw new DocumentNotAvailable(url, 'not a did:web of an institution of this service');
      return remote(url, await loadOurDid(deps, url, slug));
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
