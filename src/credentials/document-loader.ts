import type { PublicUrls } from '../kernel/urls.js';
import { BUNDLED_CONTEXTS, LOOPBRUG_CONTEXT, loopbrugContext, MULTIKEY_V1_CONTEXT } from './contexts.js';
import { asList, asObject } from './json-values.js';
import type { DocumentLoader, JsonObject, RemoteDocument } from './vc-library.js';

/** A document the loader refuses: not bundled, or a DID that does not resolve. */
export class DocumentNotAvailable extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** What a DID (without a fragment) resolves to: its document, or why it does not resolve. */
export type DidResolution = { document: JsonObject } | { unavailable: string };

/** Resolves a DID the way a deployment can (its own from the database, others over HTTPS, …). */
export type DidResolver = (did: string) => Promise<DidResolution>;

const remote = (url: string, document: JsonObject): RemoteDocument => ({
  contextUrl: null,
  documentUrl: url,
  document,
});

/** A DID resolves to its document; a DID URL (`did#key`) to that verification method. */
function documentOrMethod(url: string, document: JsonObject): JsonObject {
  if (!url.includes('#')) return { ...document };
  const did = url.split('#')[0] ?? '';
  const method = asList(document.verificationMethod)
    .map(asObject)
    .find((vm) => vm?.id === url || (typeof vm?.id === 'string' && `${did}${vm.id}` === url));
  if (!method)
    throw new DocumentNotAvailable(url, `no such verification method in the DID document of ${did}`);
  return { '@context': MULTIKEY_V1_CONTEXT, ...method, id: url };
}

/**
 * The JSON-LD document loader for signing and verifying: the bundled contexts, this deployment's own
 * earlier context under `urls` (credentials issued before the stable context keep verifying here),
 * and DIDs as `resolveDid` resolves them (none when signing, which never dereferences a key). Any
 * other URL is refused, naming it: contexts and schemas are bundled, never fetched.
 * @example const loader = createDocumentLoader({ urls: deps.urls, resolveDid }); await loader(OB_V3_CONTEXT);
 */
export function createDocumentLoader(options: {
  urls: Pick<PublicUrls, 'base' | 'context'>;
  resolveDid?: DidResolver;
}): DocumentLoader {
  const ownContextUrl = options.urls.context(LOOPBRUG_CONTEXT);
  return async (url: string) => {
    const bundled = BUNDLED_CONTEXTS.get(url);
    if (bundled) return remote(url, bundled);
    if (url === ownContextUrl) return remote(url, loopbrugContext(options.urls.base));
    if (url.startsWith('did:')) {
      if (!options.resolveDid) throw new DocumentNotAvailable(url, 'DIDs are not resolved while signing');
      const resolved = await options.resolveDid(url.split('#')[0] ?? url);
      if ('unavailable' in resolved) throw new DocumentNotAvailable(url, resolved.unavailable);
      return remote(url, documentOrMethod(url, resolved.document));
    }
    throw new DocumentNotAvailable(
      url,
      'not a context or schema this service bundles (unknown contexts are refused, never fetched)',
    );
  };
}
