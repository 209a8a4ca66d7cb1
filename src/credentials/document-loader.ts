import type { PublicUrls } from '../kernel/urls.js';
import { BUNDLED_CONTEXTS, LOOPBRUG_CONTEXT, loopbrugContext, MULTIKEY_V1_CONTEXT } from './contexts.js';
import type { DidDocument } from './did-document.js';
import { type DocumentLoader, type JsonObject, type RemoteDocument, resolveDidKey } from './vc-library.js';

/** A document the loader refuses: not bundled, not a DID it can resolve, not a did:key. */
export class DocumentNotAvailable extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/**
 * What a did:web resolves to: its document, with the reason a key it does not list is missing; or why
 * it cannot be resolved at all.
 */
export type DidResolution = { document: DidDocument; missingKey: string } | { unavailable: string };

/** Resolves a did:web (without a fragment), e.g. from the keys and pinned documents a deployment holds. */
export type DidResolver = (did: string) => Promise<DidResolution>;

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

/**
 * The JSON-LD document loader for signing and verifying: bundled contexts (VC v2, OB 3.0.3, Data
 * Integrity, Multikey), ours under `urls`, a did:web as `resolveDidWeb` resolves it, and a did:key
 * computed locally. Anything else throws: nothing is fetched over the network.
 * @example const loader = createDocumentLoader({ urls: deps.urls, resolveDidWeb }); await loader(OB_V3_CONTEXT);
 */
export function createDocumentLoader(options: {
  urls: Pick<PublicUrls, 'base' | 'context'>;
  resolveDidWeb: DidResolver;
}): DocumentLoader {
  const ownContextUrl = options.urls.context(LOOPBRUG_CONTEXT);
  return async (url: string) => {
    const bundled = BUNDLED_CONTEXTS.get(url);
    if (bundled) return remote(url, bundled);
    if (url === ownContextUrl) return remote(url, loopbrugContext(options.urls.base));
    if (url.startsWith('did:web:')) {
      const resolved = await options.resolveDidWeb(url.split('#')[0] ?? url);
      if ('unavailable' in resolved) throw new DocumentNotAvailable(url, resolved.unavailable);
      return remote(url, documentOrMethod(url, resolved.document, resolved.missingKey));
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
